#!/usr/bin/env node
// The lab workspace's timeline in headless Chromium (Debian's, via playwright-core): the CPU
// time of the frame function (Module._fl_web_frame, timed with performance.now around each
// call) while the pointer moves over the timeline of a large lab 2 run, at several zooms.
//   node bench/web/timeline-frame.mjs [SOLUTION] [FRAMES]   (after scripts/build-web)
// SOLUTION: a Lua file run on lab 2's first seed (default labs/02-rate-limits/naive/
// immediate-retry.lua: about 41,000 requests, 183,000 journal events); FRAMES per zoom
// (default 60). Zooms: the whole run, then the wheel over the middle of the plot (each notch
// zooms by 0.85) down to about a thousandth of the run. Prints the median, 95th percentile and
// worst frame per zoom, and saves a screenshot per zoom in test-artifacts/. Results go to
// docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {startServer} from '../../tests/browser/server.mjs';
import {clickWidget, launch, waitFor, waitReady, widget} from '../../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(root, process.env.FL_DIST_DIR || 'dist');
const solution = process.argv[2] || path.join(root, 'labs/02-rate-limits/naive/immediate-retry.lua');
const frames = Number(process.argv[3] || 60);
const code = fs.readFileSync(solution, 'utf8');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`timeline-frame: ${dist}/index.html missing: run scripts/build-web first`);
  process.exit(1);
}
const server = await startServer(dist);
const b = await launch({viewport: {width: 1600, height: 900}});
try {
  const page = b.page;
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url.replace(/\/$/, '')});
  await page.goto(server.url + '#/lab/2');
  await waitReady(page);
  await waitFor(page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined, 'the editor');
  await page.evaluate((t) => navigator.clipboard.writeText(t), code);
  const e = await page.evaluate(() => window.faultlineTest.editor.rect);
  await page.mouse.click(e.x + e.w / 2, e.y + 40);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await waitFor(page, (t) => window.faultlineTest.editor.text === t, code, 'the pasted solution');
  const before = await page.evaluate(() => window.faultlineTest.lab.generation);
  await clickWidget(page, {id: 'ws-run'});
  await waitFor(page, (g) => window.faultlineTest.lab.generation !== g && window.faultlineTest.lab.state === 'done',
    before, 'the run to finish', 300000);
  await clickWidget(page, {id: 'ws-tab-timeline'});
  const lanes = await widget(page, {id: 'timeline-lanes'});
  const requests = await page.evaluate(() => window.faultlineTest.lab.timeline_requests);

  // Time every call of the frame function from now on.
  await page.evaluate(() => {
    const inner = Module._fl_web_frame;
    window.__frames = [];
    Module._fl_web_frame = (t) => {
      const t0 = performance.now();
      const r = inner(t);
      window.__frames.push(performance.now() - t0);
      return r;
    };
  });
  // Plot area: right of the lane names (150 px), left of the plot's end.
  const cx = lanes.x + 150 + (lanes.w - 150) / 2, cy = lanes.y + Math.min(lanes.h / 2, 120);
  const sample = async (label) => {
    await page.evaluate(() => { window.__frames = []; });
    for (let i = 0; i < frames; i++) {
      // Sweep the pointer over the lanes: hover, tooltips and the chain highlight each frame.
      await page.mouse.move(cx - 200 + (400 * i) / frames, cy + ((i * 7) % 60));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    const xs = await page.evaluate(() => window.__frames.filter((x) => x > 0.05));
    fs.mkdirSync(path.join(root, 'test-artifacts'), {recursive: true});
    await page.screenshot({path: path.join(root, 'test-artifacts', `timeline-frame-${label.replace(/\W+/g, '-')}.png`)});
    console.log(`${label.padEnd(26)} frames ${String(xs.length).padStart(4)}  median ${quantile(xs, 0.5).toFixed(2)} ms` +
      `  p95 ${quantile(xs, 0.95).toFixed(2)} ms  worst ${Math.max(...xs).toFixed(2)} ms`);
  };
  console.log(`${path.relative(root, solution)}: ${requests} requests on the timeline, 1600 x 900 page`);
  await sample('whole run');
  let notches = 0;
  for (const target of [14, 28, 42]) {  // 0.85^14 ~ 1/10, ^28 ~ 1/100, ^42 ~ 1/1000
    await page.mouse.move(cx, cy);
    for (; notches < target; notches++) {
      await page.mouse.wheel(0, -100);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await sample(`zoomed in ${notches} notches`);
  }
} finally {
  await b.close();
  await server.close();
}
