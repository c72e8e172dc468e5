#!/usr/bin/env node
// The lab workspace in headless Chromium (Debian's, via playwright-core): lab 2's reference
// pasted into the editor, then
//   Run (one seed): the press of Run -> the first frame whose timeline shows a request, and
//                   -> the frame that shows the results (targets: 100 ms and 1 s);
//   Submit (every seed, 3): the press -> results on screen (target: 3 s);
// and the longest gap between animation frames meanwhile (target: <= 50 ms).
//   node bench/web/workspace.mjs [RUNS]        (after scripts/build-web; default 5 runs)
// Times are page clocks (performance.now): from the canvas's mousedown of the click to the
// requestAnimationFrame callback after the frame that showed it. Results go to
// docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {startServer} from '../../tests/browser/server.mjs';
import {launch, waitFor, waitReady, widget} from '../../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(root, process.env.FL_DIST_DIR || 'dist');
const runs = Number(process.argv[2] || 5);
const reference = fs.readFileSync(path.join(root, 'labs/02-rate-limits/reference.lua'), 'utf8');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Watches every animation frame from the next mousedown on: when the timeline first shows a
// request, when the run is done, and the longest gap between frames.
function arm(page) {
  return page.evaluate(() => {
    const m = window.__bench = {down: 0, firstRequest: 0, done: 0, maxGap: 0, last: 0};
    const start = window.faultlineTest.lab.generation;
    document.getElementById('canvas').addEventListener('mousedown', () => {
      m.down = performance.now();
      const tick = (t) => {
        if (m.last) m.maxGap = Math.max(m.maxGap, t - m.last);
        m.last = t;
        const lab = window.faultlineTest.lab;
        if (lab.generation !== start) {
          if (!m.firstRequest && lab.timeline_requests > 0) m.firstRequest = t - m.down;
          if (!m.done && lab.state === 'done') m.done = t - m.down;
        }
        if (!m.done) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, {once: true});
  });
}

async function press(page, id) {
  await arm(page);
  const w = await widget(page, {id});
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  await waitFor(page, () => window.__bench.done > 0, undefined, `${id} to finish`, 120000);
  return page.evaluate(() => window.__bench);
}

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`workspace: ${dist}/index.html missing: run scripts/build-web first`);
  process.exit(1);
}
const server = await startServer(dist);
const results = {run: [], submit: []};
for (let i = 0; i < runs; i++) {
  const b = await launch({viewport: {width: 1280, height: 800}});
  try {
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url.replace(/\/$/, '')});
    await b.page.goto(server.url + '#/lab/2');
    await waitReady(b.page);
    await waitFor(b.page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined, 'the editor');
    await b.page.evaluate((t) => navigator.clipboard.writeText(t), reference);
    const e = await b.page.evaluate(() => window.faultlineTest.editor.rect);
    await b.page.mouse.click(e.x + e.w / 2, e.y + 40);
    await b.page.keyboard.press('Control+A');
    await b.page.keyboard.press('Control+V');
    await waitFor(b.page, (t) => window.faultlineTest.editor.text === t, reference, 'the pasted reference');
    results.run.push(await press(b.page, 'ws-run'));
    results.submit.push(await press(b.page, 'ws-submit'));
  } finally {
    await b.close();
  }
}
await server.close();

const row = (name, xs, key) => `${name.padEnd(34)} median ${median(xs.map((x) => x[key])).toFixed(0).padStart(6)} ms` +
  `   (${xs.map((x) => x[key].toFixed(0)).join(', ')})`;
console.log(`lab 2 reference, ${runs} runs, fresh profile each:`);
console.log(row('Run: first request on the timeline', results.run, 'firstRequest'));
console.log(row('Run: results on screen', results.run, 'done'));
console.log(row('Run: longest frame gap', results.run, 'maxGap'));
console.log(row('Submit (3 seeds): results on screen', results.submit, 'done'));
console.log(row('Submit: longest frame gap', results.submit, 'maxGap'));
