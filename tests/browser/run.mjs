#!/usr/bin/env node
// Browser end-to-end tests: the built site (dist/) in Debian's headless Chromium, driven by
// playwright-core with real mouse events at the widget rectangles the app publishes in
// window.faultlineTest. Screenshots go to test-artifacts/ (git-ignored).
//
//   node tests/browser/run.mjs [NAME-FILTER]     (after scripts/build-web)
//
// Environment: FL_DIST_DIR (default dist), FL_CHROMIUM (default /usr/bin/chromium).
// Prints one line per test and closes with "browser: N passed, M failed"; exits 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {registerEditorTests} from './editor.mjs';
import {registerLearnerTests} from './learner.mjs';
import {registerProgressTests} from './progress.mjs';
import {registerReadingTests} from './reading.mjs';
import {startServer} from './server.mjs';
import {clickWidget, imageStats, launch, testState, waitFor, waitReady, waitRoute, waitSaved, widget}
  from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(root, process.env.FL_DIST_DIR || 'dist');
const artifacts = path.join(root, 'test-artifacts');
const TEST_TIMEOUT_MS = 120000;

const outline = JSON.parse(fs.readFileSync(path.join(root, 'content', 'course.json'), 'utf8'));
const counters = {};
const routes = outline.items.map((item) => {
  counters[item.kind] = (counters[item.kind] || 0) + 1;
  return item.kind === 'test' ? '#/test' : `#/${item.kind}/${counters[item.kind]}`;
});

class Failure extends Error {}
function check(condition, message) {
  if (!condition) throw new Failure(message);
}
function checkEqual(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function screenshot(page, name) {
  const png = await page.screenshot({path: path.join(artifacts, name)});
  return {png, stats: await imageStats(page, png)};
}

// The canvas shows the app: most pixels are background, but text and widgets cover a real
// share of it in many colours (anti-aliased glyphs).
async function checkDrawn(page, name) {
  const shot = await screenshot(page, name);
  const {stats} = shot;
  check(stats.nonBackground > 0.02 && stats.colours > 20,
    `${name}: the canvas looks blank (${(stats.nonBackground * 100).toFixed(1)}% non-background, ` +
    `${stats.colours} colours)`);
  return shot;
}

function luminance([r, g, b]) {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function checkNoProblems(problems) {
  check(problems.length === 0, `console errors or failed requests:\n    ${problems.join('\n    ')}`);
}

async function messageText(page) {
  return page.evaluate(() => {
    const box = document.getElementById('message');
    return box && !box.hidden ? box.textContent : '';
  });
}

function get(url) {
  return fetch(url).then(async (res) => ({status: res.status, type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer())}));
}

const tests = [];
// A test may need more than the default time: test(name, fn, {timeoutMs}).
const test = (name, fn, {timeoutMs = TEST_TIMEOUT_MS} = {}) => tests.push({name, fn, timeoutMs});
const timings = {};

// -------------------------------------------------------------------------------------------

test('the site carries learner-facing files only, licences and a favicon', async ({server}) => {
  const index = await get(server.url);
  checkEqual(index.status, 200, 'index.html status');
  for (const file of ['app.js', 'app.wasm', 'app.data', 'app.data.js', 'favicon.ico']) {
    checkEqual((await get(server.url + file)).status, 200, `${file} status`);
  }
  const wasm = await get(server.url + 'app.wasm');
  checkEqual(wasm.type, 'application/wasm', 'app.wasm content type (test server)');
  const favicon = await get(server.url + 'favicon.ico');
  check(favicon.body.readUInt16LE(2) === 1 && favicon.body.readUInt16LE(4) >= 1, 'favicon.ico is an ICO file');

  // The data package lists every file it carries in app.data.js.
  const pkg = (await get(server.url + 'app.data.js')).body.toString();
  const files = [...pkg.matchAll(/"filename":\s*"([^"]+)"/g)].map((m) => m[1]);
  check(files.includes('/bundle/content/course.json'), 'the package carries content/course.json');
  check(files.some((f) => f.startsWith('/bundle/fonts/') && f.endsWith('.ttf')), 'the package carries the fonts');
  const secret = files.filter((f) => /reference\.lua$|\/naive\//.test(f));
  check(secret.length === 0, `the package carries instructor-only files: ${secret.join(', ')}`);
  check(!/reference\.lua|\/naive\//.test(pkg), 'app.data.js mentions reference.lua or naive/');

  const licences = JSON.parse((await get(server.url + 'licenses/index.json')).body.toString());
  const ids = licences.map((l) => l.id);
  for (const id of ['imgui', 'lua', 'sqlite', 'md4c', 'musl', 'nlohmann-json', 'noto-sans', 'jetbrains-mono',
    'emscripten', 'codemirror']) {
    check(ids.includes(id), `licenses/index.json lists ${id}`);
    const notice = await get(server.url + 'licenses/' + licences.find((l) => l.id === id).file);
    check(notice.status === 200 && notice.body.length > 200, `licenses/${id}.txt is served and not empty`);
  }
});

test('DPR 1: loads, draws, navigates with a real click, and reopens there from SQLite', async ({server}) => {
  let b = await launch({deviceScaleFactor: 1});
  try {
    await b.page.goto(server.url);
    await waitReady(b.page);
    let s = await testState(b.page);
    timings.dpr1 = {firstFrameMs: s.firstFrameMs, readyMs: s.readyMs, ...s.timings};
    checkEqual(s.route, routes[0], 'first visit opens the first item');
    checkEqual(s.hash, routes[0], 'location.hash');
    checkEqual(s.storage, 'indexeddb', 'storage');
    checkEqual(s.canvas.width, 1280, 'backing store width');
    checkEqual(s.canvas.height, 800, 'backing store height');
    checkEqual(s.fontScale, 1, 'font atlas scale');

    const nav = s.widgets.filter((w) => w.id.startsWith('nav:'));
    checkEqual(nav.length, outline.items.length, 'navigation entries');
    checkEqual(nav.map((w) => w.id).join(' '), routes.map((r) => 'nav:' + r).join(' '), 'navigation order');
    checkEqual(nav[0].label, 'L1', 'first entry label');
    checkEqual(nav[1].label, 'Quiz', 'second entry label');
    checkEqual(nav[nav.length - 1].label, 'Module test', 'last entry label');
    for (const w of s.widgets) check(!w.label.includes('##'), `label without ## suffix: ${w.label}`);
    await checkDrawn(b.page, 'dpr1-start.png');

    const target = routes.find((r) => r.startsWith('#/quiz/') && r !== '#/quiz/1') || routes[1];
    await clickWidget(b.page, {id: 'nav:' + target});
    await waitRoute(b.page, target);
    checkEqual(await b.page.evaluate(() => location.hash), target, 'location.hash after the click');
    await waitSaved(b.page);
    await checkDrawn(b.page, 'dpr1-after-click.png');

    // Reload: the URL still names the route.
    await b.page.reload();
    await waitReady(b.page);
    checkEqual((await testState(b.page)).route, target, 'route after reload');

    // Open the bare URL: no route in it, so the app reopens the one stored in SQLite.
    await b.page.goto(server.url);
    await waitReady(b.page);
    s = await testState(b.page);
    checkEqual(s.route, target, 'route restored from SQLite (bare URL)');
    checkEqual(s.hash, target, 'location.hash restored');
    checkNoProblems(b.problems);

    // Quit the browser and start it again on the same profile.
    await b.context.close();
    const profile = b.profile;
    b = await launch({deviceScaleFactor: 1, _profile: profile});
    await b.page.goto(server.url);
    await waitReady(b.page);
    checkEqual((await testState(b.page)).route, target, 'route restored after a browser restart');
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('DPR 2: backing store at 2x, fonts at 2x, clicks land, theme persists', async ({server}) => {
  const b = await launch({deviceScaleFactor: 2, viewport: {width: 1100, height: 760}});
  try {
    await b.page.goto(server.url + '#/settings');
    await waitReady(b.page);
    let s = await testState(b.page);
    timings.dpr2 = {firstFrameMs: s.firstFrameMs, readyMs: s.readyMs};
    checkEqual(s.route, '#/settings', 'deep link route');
    checkEqual(s.canvas.devicePixelRatio, 2, 'devicePixelRatio');
    checkEqual(s.canvas.cssWidth, 1100, 'canvas CSS width');
    checkEqual(s.canvas.width, 2200, 'backing store width (CSS x 2)');
    checkEqual(s.canvas.height, 1520, 'backing store height (CSS x 2)');
    checkEqual(s.fontScale, 2, 'font atlas rasterised at 2x');
    const dark = await checkDrawn(b.page, 'dpr2-settings-dark.png');
    check(dark.stats.width === 2200, 'the screenshot has device pixels');

    await clickWidget(b.page, {id: 'theme:light'});
    await waitSaved(b.page);
    await b.page.waitForTimeout(100);
    const light = await checkDrawn(b.page, 'dpr2-settings-light.png');
    const bg = await b.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      c.drawImage(bitmap, 0, 0);
      return Array.from(c.getImageData(bitmap.width - 4, bitmap.height - 4, 1, 1).data.slice(0, 3));
    }, light.png.toString('base64'));
    check(luminance(bg) > 200, `light theme background is light (got rgb ${bg})`);

    const target = routes.find((r) => r.startsWith('#/lab/')) || routes[2];
    await clickWidget(b.page, {id: 'nav:' + target});
    await waitRoute(b.page, target);
    await waitSaved(b.page);
    await b.page.goto(server.url);
    await waitReady(b.page);
    s = await testState(b.page);
    checkEqual(s.route, target, 'route restored from SQLite at DPR 2');
    await b.page.waitForTimeout(100);
    await checkDrawn(b.page, 'dpr2-restored-light.png');

    // The pixel ratio changes (browser zoom, another monitor): backing store and atlas follow.
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {width: 1100, height: 760, deviceScaleFactor: 1, mobile: false});
    // No input: the idle loop must notice the new ratio by itself.
    await waitFor(b.page, () => window.faultlineTest.fontScale === 1 && window.faultlineTest.canvas.width === 1100,
      undefined, 'the font atlas and backing store to follow a pixel ratio change');
    await clickWidget(b.page, {label: 'Progress'});
    await waitRoute(b.page, '#/progress');
    await checkDrawn(b.page, 'dpr2-then-1-progress.png');
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('back/forward and deep links follow the URL hash', async ({server}) => {
  const b = await launch();
  try {
    const deep = routes.find((r) => r.startsWith('#/lesson/') && r !== '#/lesson/1') || routes[0];
    await b.page.goto(server.url + deep);
    await waitReady(b.page);
    checkEqual((await testState(b.page)).route, deep, 'deep link');
    const second = routes.find((r) => r.startsWith('#/quiz/')) || routes[1];
    await clickWidget(b.page, {id: 'nav:' + second});
    await waitRoute(b.page, second);
    await clickWidget(b.page, {label: 'About'});
    await waitRoute(b.page, '#/about');
    await b.page.goBack();
    await waitRoute(b.page, second);
    await b.page.goBack();
    await waitRoute(b.page, deep);
    await b.page.goForward();
    await waitRoute(b.page, second);

    for (const page of ['#/progress', '#/playground', '#/test']) {
      await b.page.goto(server.url + page);
      await waitRoute(b.page, page);
      await checkDrawn(b.page, `page-${page.slice(2)}.png`);
    }
    await b.page.goto(server.url + '#/lesson/99');
    await waitRoute(b.page, '#/lesson/99');
    await checkDrawn(b.page, 'not-found.png');
    await clickWidget(b.page, {id: 'not-found:start'});
    await waitRoute(b.page, routes[0]);
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('the canvas follows the window size', async ({server}) => {
  const b = await launch({viewport: {width: 1280, height: 800}});
  try {
    await b.page.goto(server.url + '#/about');
    await waitReady(b.page);
    const wide = await widget(b.page, {label: 'About'});
    await b.page.setViewportSize({width: 700, height: 900});
    await waitFor(b.page, () => window.faultlineTest.canvas.width === 700 && window.faultlineTest.canvas.height === 900,
      undefined, 'the backing store to follow the window');
    await waitFor(b.page, (x) => window.faultlineTest.widgets.some((w) => w.label === 'About' && w.x < x),
      wide.x - 100, 'the top bar to be laid out for the narrow window');
    const about = await widget(b.page, {label: 'About'});
    check(about.x + about.w <= 700, 'the About tab fits the narrow window');
    await checkDrawn(b.page, 'narrow-700.png');
    // The navigation bar wraps: its entries no longer share one row.
    const rows = new Set((await testState(b.page)).widgets.filter((w) => w.id.startsWith('nav:')).map((w) => w.y));
    check(rows.size > 1, 'navigation bar wraps onto several rows');
    await clickWidget(b.page, {id: 'nav:' + routes[routes.length - 1]});
    await waitRoute(b.page, routes[routes.length - 1]);
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('keys pressed and released within one frame still count (End/Home scroll the page)', async ({server}) => {
  const b = await launch({viewport: {width: 1000, height: 460}});
  try {
    await b.page.goto(server.url + '#/progress');
    await waitReady(b.page);
    const first = 'progress:overall';  // the top of the page
    const last = 'progress:' + routes[routes.length - 1];
    await widget(b.page, {id: first});
    const visible = async (id) => (await testState(b.page)).widgets.some((w) => w.id === id);
    check(!(await visible(last)), 'the last row starts below the fold');
    // keyboard.press sends keydown and keyup back to back: both land between two frames.
    await b.page.keyboard.press('End');
    await waitFor(b.page, (id) => window.faultlineTest.widgets.some((w) => w.id === id), last, 'End to scroll down');
    check(!(await visible(first)), 'the first row scrolled out of view');
    await b.page.keyboard.press('Home');
    await waitFor(b.page, (id) => window.faultlineTest.widgets.some((w) => w.id === id), first, 'Home to scroll up');
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('an idle page requests no animation frames; input wakes it', async ({server}) => {
  const b = await launch();
  try {
    await b.page.goto(server.url);
    await waitReady(b.page);
    await waitSaved(b.page);
    // Frames stop soon after the last event (how soon depends on the frame rate).
    const frames = () => b.page.evaluate(() => window.faultlineTest.frames);
    let f1 = await frames();
    const deadline = Date.now() + 20000;
    for (;;) {
      await b.page.waitForTimeout(500);
      const f = await frames();
      if (f === f1) break;
      check(Date.now() < deadline, 'the page kept drawing for 20 s without input');
      f1 = f;
    }
    const raf1 = await b.page.evaluate(() => window.faultlineTest.animationFrames);
    await b.page.waitForTimeout(1500);
    const f2 = await frames();
    check(f2 - f1 <= 1, `an idle 1.5 s drew ${f2 - f1} frames`);
    const idleRaf = (await b.page.evaluate(() => window.faultlineTest.animationFrames)) - raf1;
    check(idleRaf <= 1, `an idle 1.5 s ran ${idleRaf} requestAnimationFrame callbacks`);
    await b.page.mouse.move(300, 300);
    await b.page.mouse.move(320, 310);
    await waitFor(b.page, (n) => window.faultlineTest.frames > n, f2, 'a frame after mouse input', 5000);
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('the OS clipboard receives copied text', async ({server}) => {
  const b = await launch();
  try {
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url.replace(/\/$/, '')});
    await b.page.goto(server.url + '#/about');
    await waitReady(b.page);
    await clickWidget(b.page, {id: 'about:copy-version'});
    let text = '';
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !text.startsWith('Faultline ')) {
      text = await b.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      if (!text.startsWith('Faultline ')) await b.page.waitForTimeout(100);
    }
    check(/^Faultline \d+\.\d+\.\d+ \(web\)$/.test(text), `clipboard holds the version, got ${JSON.stringify(text)}`);
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('without IndexedDB the app works in memory and says progress will not be kept', async ({server}) => {
  const b = await launch();
  try {
    await b.context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {value: undefined, configurable: true});
    });
    await b.page.goto(server.url);
    await waitReady(b.page);
    const s = await testState(b.page);
    checkEqual(s.storage, 'memory', 'storage');
    checkEqual(s.saved, false, 'saved');
    const message = await messageText(b.page);
    check(/progress will not be kept/.test(message), `the page warns that progress will not be kept: "${message}"`);
    await clickWidget(b.page, {id: 'nav:' + routes[1]});
    await waitRoute(b.page, routes[1]);
    await checkDrawn(b.page, 'no-indexeddb.png');
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

test('without WebGL 2 the page says so plainly', async ({server}) => {
  const b = await launch();
  try {
    await b.context.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : original.call(this, type, ...rest);
      };
    });
    await b.page.goto(server.url);
    await waitFor(b.page, () => /WebGL 2/.test(document.getElementById('message').textContent), undefined,
      'the WebGL 2 message');
    check(!(await b.page.evaluate(() => window.faultlineTest.ready)), 'the app does not claim to be ready');
    check(await b.page.evaluate(() => document.getElementById('loading').hidden), 'the loading text is gone');
    await screenshot(b.page, 'no-webgl2.png');
    checkNoProblems(b.problems);
  } finally {
    await b.close();
  }
});

registerLearnerTests({test, check, checkEqual, checkDrawn, checkNoProblems, root, Failure});
registerProgressTests({test, check, checkEqual, checkDrawn, checkNoProblems, root, Failure});
registerReadingTests({test, check, checkEqual, checkDrawn, checkNoProblems});
registerEditorTests({test, check, checkEqual, checkDrawn, checkNoProblems});

// -------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.error(`browser: ${dist}/index.html missing: run scripts/build-web first`);
    process.exit(1);
  }
  fs.mkdirSync(artifacts, {recursive: true});
  const filter = process.argv[2];
  const server = await startServer(dist);
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (filter && !t.name.includes(filter)) continue;
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.fn({server}),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${t.timeoutMs} ms`)), t.timeoutMs); }),
      ]);
      passed++;
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${t.name} (${Date.now() - started} ms)\n    ${err instanceof Failure ? err.message : err.stack}`);
    } finally {
      clearTimeout(timer);
    }
  }
  await server.close();
  if (timings.dpr1) {
    const t = timings.dpr1;
    console.log(`browser: first frame ${Math.round(t.firstFrameMs)} ms, ready ${Math.round(t.readyMs)} ms after ` +
      `navigation (cold profile, DPR 1)`);
  }
  fs.writeFileSync(path.join(artifacts, 'browser-timings.json'), JSON.stringify(timings, null, 1) + '\n');
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
