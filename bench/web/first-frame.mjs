#!/usr/bin/env node
// Time to first frame of the web app in headless Chromium (Debian's, via playwright-core).
//   node bench/web/first-frame.mjs [RUNS]        (after scripts/build-web; default 5 runs)
// Cold: a fresh browser profile per run (nothing cached: wasm compiled, IndexedDB created).
// Warm: reloads of one profile (HTTP cache and V8's wasm code cache in use).
// Prints medians of the app's own marks (window.faultlineTest.timings, ms after navigation
// start): init (main() runs), firstFrame (first ImGui frame on screen), storage (IDBFS loaded),
// ready (progress database open and the route shown). Results go to docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {startServer} from '../../tests/browser/server.mjs';
import {launch, testState, waitReady} from '../../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(root, process.env.FL_DIST_DIR || 'dist');
const runs = Number(process.argv[2] || 5);
const marks = ['init', 'fonts', 'firstFrame', 'storage', 'ready'];

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
const size = (f) => fs.statSync(path.join(dist, f)).size;
console.log(`bundle: app.wasm ${size('app.wasm')} B, app.js ${size('app.js')} B, app.data ${size('app.data')} B`);
