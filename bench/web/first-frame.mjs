#!/usr/bin/env node
// The web app's first visit in headless Chromium (Debian's, via playwright-core): download
// size, time to first frame and to ready, and the cost of an idle page.
//   node bench/web/first-frame.mjs [RUNS]        (after scripts/build-web; default 7 runs)
// Size: every file of dist/ the page loads, raw and gzip -9 (what a compressing host sends).
// Cold: a fresh browser profile per run (nothing cached: wasm compiled, IndexedDB created).
// Warm: reloads of one profile (HTTP cache and V8's wasm code cache in use).
// Prints medians of the app's own marks (window.faultlineTest.timings, ms after navigation
// start): init (main() runs), gl (WebGL context and ImGui ready), content (course, quizzes and
// labs read from the bundle), loop (frame loop scheduled), fonts (atlas built), firstFrame (first
// ImGui frame on screen), storage (IDBFS loaded), ready (progress database open and the route
// shown), also set as performance.mark()s.
// Idle: after 2 s without input, for 5 s: requestAnimationFrame callbacks run and main-thread
// CPU time (Chrome's TaskDuration, through the DevTools protocol) as a share of one core.
// Results go to docs/performance.md.
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {startServer} from '../../tests/browser/server.mjs';
import {launch, testState, waitReady} from '../../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(root, process.env.FL_DIST_DIR || 'dist');
const runs = Number(process.argv[2] || 7);
const marks = ['init', 'gl', 'content', 'loop', 'fonts', 'firstFrame', 'storage', 'ready'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function sample(page, load) {
  await load();
  await waitReady(page);
  return (await testState(page)).timings;
}

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`first-frame: ${dist}/index.html missing: run scripts/build-web first`);
  process.exit(1);
}
const server = await startServer(dist);
const cold = [];
for (let i = 0; i < runs; i++) {
  const b = await launch();
  try {
    cold.push(await sample(b.page, () => b.page.goto(server.url)));
  } finally {
    await b.close();
  }
}
const warm = [];
const b = await launch();
try {
  await sample(b.page, () => b.page.goto(server.url));
  for (let i = 0; i < runs; i++) warm.push(await sample(b.page, () => b.page.reload()));
} finally {
  await b.close();
}
await server.close();

const report = (name, samples) => {
  const cells = marks.map((m) => `${m} ${Math.round(median(samples.map((t) => t[m])))}`);
  console.log(`${name.padEnd(5)} (median of ${samples.length}, ms after navigation): ${cells.join(', ')}`);
};
report('cold', cold);
report('warm', warm);

// Idle cost: one profile, ready, 2 s without input, then 5 s measured.
{
  const server2 = await startServer(dist);
  const idle = await launch();
  try {
    await idle.page.goto(server2.url);
    await waitReady(idle.page);
    await idle.page.waitForTimeout(2000);
    const cdp = await idle.context.newCDPSession(idle.page);
    await cdp.send('Performance.enable');
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const raf0 = await idle.page.evaluate(() => window.faultlineTest.animationFrames);
    const t0 = await task();
    const started = Date.now();
    await idle.page.waitForTimeout(5000);
    const cpu = (await task()) - t0;
    const seconds = (Date.now() - started) / 1000;
    const raf = (await idle.page.evaluate(() => window.faultlineTest.animationFrames)) - raf0;
    console.log(`idle  (2 s after the last input, over ${seconds.toFixed(1)} s): ${raf} animation-frame callbacks, ` +
      `main thread busy ${(cpu * 1000).toFixed(1)} ms = ${((cpu / seconds) * 100).toFixed(2)} % of a core`);
  } finally {
    await idle.close();
    await server2.close();
  }
}

let raw = 0, gz = 0;
const rows = [];
for (const f of ['index.html', 'favicon.ico', 'app.js', 'app.wasm', 'app.data.js', 'app.data']) {
  const bytes = fs.readFileSync(path.join(dist, f));
  const z = zlib.gzipSync(bytes, {level: 9}).length;
  raw += bytes.length;
  gz += z;
  rows.push(`${f} ${bytes.length} B (${z} gzipped)`);
}
console.log(`download: ${rows.join(', ')}`);
console.log(`download total: ${raw} B raw, ${gz} B gzipped`);
