// Helpers for the browser tests: launching Debian's Chromium through playwright-core, waiting
// (always bounded) on window.faultlineTest, clicking widgets at their published rectangles,
// and checking screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';

// playwright-core is installed in web/ (pinned by web/package-lock.json).
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const {chromium} = require('playwright-core');

export const CHROMIUM = process.env.FL_CHROMIUM || '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// A browser with a fresh profile (or `_profile`, to restart on an existing one); the other
// options go to launchPersistentContext (viewport, deviceScaleFactor, ...).
// Returns {context, page, profile, problems, close}; close() deletes the profile.
export async function launch({_profile, ...options} = {}) {
  const profile = _profile || fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: {width: 1280, height: 800},
    ...options,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = watch(page);
  return {
    context, page, profile, problems,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, {recursive: true, force: true});
    },
  };
}

// Collects console errors, uncaught exceptions and failed requests of a page.
export function watch(page) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  return problems;
}

export async function waitFor(page, predicate, arg, what, timeout = 15000) {
  try {
    await page.waitForFunction(predicate, arg, {timeout, polling: 50});
  } catch (err) {
    const state = await page.evaluate(() => {
      const t = window.faultlineTest;
      return t ? {ready: t.ready, route: t.route, saved: t.saved, syncsInFlight: t.syncsInFlight, storage: t.storage}
               : 'no window.faultlineTest';
    }).catch(() => 'page gone');
    throw new Error(`timed out after ${timeout} ms waiting for ${what}; app state: ${JSON.stringify(state)}`);
  }
}

export const waitReady = (page) =>
  waitFor(page, () => window.faultlineTest && window.faultlineTest.ready, undefined, 'the app to be ready', 30000);

export const waitRoute = (page, route) =>
  waitFor(page, (r) => window.faultlineTest && window.faultlineTest.route === r, route, `route ${route}`);

export const waitSaved = (page) =>
  waitFor(page, () => window.faultlineTest.saved && window.faultlineTest.syncsInFlight === 0, undefined,
    'saved && syncsInFlight == 0');

export const testState = (page) => page.evaluate(() => {
  const t = window.faultlineTest;
  return {ready: t.ready, route: t.route, saved: t.saved, syncsInFlight: t.syncsInFlight, storage: t.storage,
          firstFrameMs: t.firstFrameMs, readyMs: t.readyMs, fontScale: t.fontScale, canvas: t.canvas,
          timings: t.timings, widgets: t.widgets, hash: location.hash};
});

// The widget whose id (or label) matches, from the last frame; waits until it is drawn.
export async function widget(page, {id, label}) {
  let found = null;
  await waitFor(page, ({id, label}) => window.faultlineTest.widgets.some(
    (w) => (id === undefined || w.id === id) && (label === undefined || w.label === label)),
  {id, label}, `a widget ${JSON.stringify({id, label})}`);
  const widgets = await page.evaluate(() => window.faultlineTest.widgets);
  found = widgets.find((w) => (id === undefined || w.id === id) && (label === undefined || w.label === label));
  return found;
}

// A real mouse click (move, down, up) at the centre of a widget's rectangle.
export async function clickWidget(page, query) {
  const w = await widget(page, query);
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  return w;
}

// Decodes a PNG screenshot in the page and measures it: the share of pixels that differ from
// the most common colour (the background) and the number of distinct colours.
export async function imageStats(page, png) {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    let top = 0;
    for (const n of counts.values()) top = Math.max(top, n);
    const pixels = data.length / 4;
    return {width: bitmap.width, height: bitmap.height, colours: counts.size, nonBackground: 1 - top / pixels};
  }, png.toString('base64'));
}
