// Browser tests of the lab workspace (issue 13): a learner does lab 2 in the browser only, with
// the real mouse and keyboard. A naive solution goes into the editor through the OS clipboard,
// Run shows its failing checks, clicking one selects its evidence on the timeline; the
// reference replaces it and Submit passes, and the navigation mark follows; a reload keeps the
// draft and the mark; a long run keeps frames coming and Stop stops it; a syntax error marks
// its line. The trace digest and results JSON equal the command line's. Screenshots of every
// panel in both themes. One browser for the whole flow. Registered by run.mjs.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

import {clickWidget, launch, waitFor, waitReady, waitRoute, waitSaved, widget} from './harness.mjs';

const run = promisify(execFile);
const LAB = 'labs/02-rate-limits';
const ROUTE = '#/lab/2';
const DOC = 'lab:lab2-rate-limits';

const labState = (page) => page.evaluate(() => window.faultlineTest.lab);
const editorState = (page) => page.evaluate(() => window.faultlineTest.editor);
const find = (page, id) => page.evaluate((i) => window.faultlineTest.widgets.find((w) => w.id === i), id);

// The command line that grades in CI: the native build when there is one, else the wasm CLI
// that dist/ ships (the same results, as tests/compare_native_wasm.sh proves).
function cliCommand(root, dist) {
  for (const dir of [process.env.FL_NATIVE_BUILD, 'build/debug', 'build/dev', 'build/release']) {
    if (!dir) continue;
    const exe = path.resolve(root, dir, 'faultline');
    if (fs.existsSync(exe)) return {file: exe, args: [], name: path.relative(root, exe)};
  }
  const js = path.join(dist, 'faultline.js');
  return {file: process.execPath, args: ['--no-experimental-fetch', js], name: 'node dist/faultline.js'};
}

// `faultline grade LAB solution.lua [--seed N]` in a folder holding the code as solution.lua
// (the name the browser's results give it). Exit 1 (failed) is a normal result.
async function cliResults(cli, root, code, seed) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-lab-test-'));
  try {
    fs.writeFileSync(path.join(dir, 'solution.lua'), code);
    const args = [...cli.args, 'grade', path.join(root, LAB), 'solution.lua'];
    if (seed !== undefined) args.push('--seed', String(seed));
    const env = {...process.env, ASAN_OPTIONS: 'detect_leaks=0'};
    const out = await run(cli.file, args, {cwd: dir, env, maxBuffer: 1 << 24}).catch((err) => {
      if (err.code === 1) return err;
      throw err;
    });
    return out.stdout.trim();
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

// Scrolls the tab's panel with the mouse wheel until the widget `id` is fully in view.
async function revealInPanel(page, id) {
  const tab = await widget(page, {id: 'ws-tab-timeline'});
  for (let i = 0; i < 80; i++) {
    const w = await find(page, id);
    if (w && w.h > 8 && w.y > tab.y + tab.h && w.y + w.h < page.viewportSize().height - 4) return w;
    await page.mouse.move(tab.x + 200, tab.y + tab.h + 60);
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(60);
  }
  throw new Error(`could not scroll ${id} into view in the panel`);
}

// Scrolls the brief's pane with the mouse wheel until the widget `id` is fully in view.
async function revealInBrief(page, id) {
  const pane = await widget(page, {id: 'ws-hide-brief'});
  for (let i = 0; i < 80; i++) {
    const w = await find(page, id);
    if (w && w.h > 8 && w.y >= pane.y && w.y + w.h < page.viewportSize().height - 4) return w;
    await page.mouse.move(pane.x + 40, pane.y + 100);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(60);
  }
  throw new Error(`could not scroll ${id} into view in the brief`);
}

export function registerLabTests({test, check, checkEqual, checkDrawn, checkNoProblems, root, dist, timings}) {
  const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

  // Input arrived or not, two more frames are drawn (focus wakes the idle loop).
  async function twoFrames(page) {
    const frames = await page.evaluate(() => {
      window.dispatchEvent(new Event('focus'));
      return window.faultlineTest.frames;
    });
    await waitFor(page, (n) => window.faultlineTest.frames > n + 1, frames, 'two frames');
  }

  // Replaces the editor's text through the OS clipboard: select all, paste.
  async function pasteCode(page, code) {
    await page.evaluate((t) => navigator.clipboard.writeText(t), code);
    const e = await editorState(page);
    await page.mouse.click(e.rect.x + e.rect.w / 2, e.rect.y + Math.min(60, e.rect.h / 2));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await waitFor(page, (t) => window.faultlineTest.editor.text === t, code, 'the pasted code in the editor');
  }

  async function clickAndWaitDone(page, id, what, timeout) {
    const before = (await labState(page)).generation;
    await clickWidget(page, {id});
    await waitFor(page, () => window.faultlineTest.lab.state === 'running' || window.faultlineTest.lab.state === 'done',
      undefined, `${what} to start`);
    const started = Date.now();
    await waitFor(page, (g) => window.faultlineTest.lab.state === 'done' && window.faultlineTest.lab.generation !== g,
      before, `${what} to finish`, timeout);
    return Date.now() - started;
  }

  async function showTab(page, tab) {
    await clickWidget(page, {id: `ws-tab-${tab}`});
    await waitFor(page, (t) => window.faultlineTest.lab.tab === t, tab, `the ${tab} tab`);
    await twoFrames(page);
  }

  test('lab workspace: run a naive solution, see its checks and evidence, submit the reference, reload',
    async ({server}) => {
      const cli = cliCommand(root, dist);
      const naive = read(`${LAB}/naive/no-jitter.lua`);
      const reference = read(`${LAB}/reference.lua`);
      const seeds = JSON.parse(read(`${LAB}/lab.json`)).seeds;
      // The command line grades meanwhile (it is slower than the browser in a sanitizer build).
      const expected = {
        naive: cliResults(cli, root, naive, seeds[0]),
        reference: cliResults(cli, root, reference),
        syntax: null,
      };
      const b = await launch({viewport: {width: 1280, height: 800}});
      try {
        const page = b.page;
        await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url.replace(/\/$/, '')});
        await page.goto(server.url + ROUTE);
        await waitReady(page);
        await waitRoute(page, ROUTE);
        await waitFor(page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined,
          'the editor to show');
        let lab = await labState(page);
        checkEqual(lab.doc, DOC, 'the workspace on the page');
        checkEqual(lab.state, 'idle', 'nothing runs yet');
        checkEqual(lab.seed, seeds[0], 'Run uses the lab\'s first seed');
        await checkDrawn(page, 'lab-workspace-start.png');

        // 1. A naive solution, pasted, run on one seed: failing checks, the CLI's results.
        await pasteCode(page, naive);
        const runMs = await clickAndWaitDone(page, 'ws-run', 'Run', 60000);
        lab = await labState(page);
        checkEqual(lab.kind, 'run', 'a Run');
        checkEqual(lab.status, 'fail', 'the naive solution fails');
        const naiveCli = await expected.naive;
        checkEqual(lab.results, naiveCli, `results JSON equals ${cli.name} grade --seed ${seeds[0]}`);
        checkEqual(lab.digest, JSON.parse(naiveCli).trace_digest, 'trace digest equals the CLI\'s');
        await showTab(page, 'checks');
        await checkDrawn(page, 'lab-checks-fail-dark.png');

        // 2. Clicking a failed check selects its evidence on the timeline.
        const failed = JSON.parse(lab.results).tests.filter((t) => t.status === 'fail' && t.evidence.length > 0);
        check(failed.length > 0, 'a failed check with evidence');
        const target = failed[failed.length - 1];
        const selectionBefore = JSON.stringify(lab.timeline_selection);
        const row = await revealInPanel(page, `check-${target.id}`);
        checkEqual(row.label, target.name, 'the check row shows its name');
        await page.mouse.click(row.x + 20, row.y + row.h / 2);
        await waitFor(page, () => window.faultlineTest.lab.tab === 'timeline', undefined, 'the timeline tab');
        await waitFor(page, (s) => JSON.stringify(window.faultlineTest.lab.timeline_selection) !== s &&
          window.faultlineTest.lab.timeline_selection.length > 0, selectionBefore, 'the timeline selection to change');
        lab = await labState(page);
        checkEqual(JSON.stringify(lab.focus), JSON.stringify(target.evidence), 'the focus is the check\'s evidence');
        check(target.evidence.every((id) => lab.timeline_selection.includes(id)),
          `the timeline selects the evidence ${JSON.stringify(target.evidence)}, got ${JSON.stringify(lab.timeline_selection)}`);
        await checkDrawn(page, 'lab-timeline-evidence-dark.png');

        // 3. Hints one at a time, nudge first.
        await showTab(page, 'checks');
        const hints = JSON.parse(read(`${LAB}/lab.json`)).hints.filter((h) => h.check === target.id);
        if (hints.length > 0) {
          check(!(await find(page, `hint-${target.id}-1`)), 'no hint before it is asked for');
          const button = await revealInPanel(page, `hint-button-${target.id}`);
          await page.mouse.click(button.x + button.w / 2, button.y + button.h / 2);
          const hint = await revealInPanel(page, `hint-${target.id}-1`);
          checkEqual(hint.label, 'Hint: ' + hints[0].text, 'the first hint (the nudge)');
        }

        // 4. The reference, submitted on every seed: passes, byte for byte the CLI's results.
        await pasteCode(page, reference);
        const submitMs = await clickAndWaitDone(page, 'ws-submit', 'Submit', 120000);
        lab = await labState(page);
        checkEqual(lab.kind, 'submit', 'a Submit');
        checkEqual(lab.status, 'pass', 'the reference passes');
        const referenceCli = await expected.reference;
        checkEqual(lab.results, referenceCli, `results JSON equals ${cli.name} grade`);
        checkEqual(lab.digest, JSON.parse(referenceCli).trace_digest, 'trace digest equals the CLI\'s');
        timings.lab = {runNaiveMs: runMs, submitReferenceMs: submitMs};
        await waitSaved(page);
        const record = await widget(page, {id: 'ws-record'});
        check(record.label.startsWith('Passed'), `the lab page shows the record, got "${record.label}"`);
        const nav = await widget(page, {id: 'nav:' + ROUTE});
        await page.mouse.move(nav.x + nav.w / 2, nav.y + nav.h / 2);
        const status = await widget(page, {id: 'nav-status:' + ROUTE});
        check(status.label.startsWith('Passed \u00b7 best'), `the navigation mark says passed, got "${status.label}"`);
        const progress = await page.evaluate(() => JSON.parse(JSON.stringify(window.faultlineTest.progress)));
        const stored = JSON.stringify(progress);
        check(stored.includes(JSON.parse(referenceCli).trace_digest), 'the submission is stored with its digest');

        // 5. Every panel, dark then light.
        for (const theme of ['dark', 'light']) {
          if (theme === 'light') {
            await page.goto(server.url + '#/settings');
            await waitRoute(page, '#/settings');
            await clickWidget(page, {id: 'theme:light'});
            await waitSaved(page);
            await page.goto(server.url + ROUTE);
            await waitRoute(page, ROUTE);
          }
          for (const tab of ['timeline', 'checks', 'console', 'metrics']) {
            await showTab(page, tab);
            await checkDrawn(page, `lab-${tab}-${theme}.png`);
          }
        }

        // 6. A reload keeps the draft and the mark.
        await page.reload();
        await waitReady(page);
        await waitFor(page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined,
          'the editor after the reload');
        checkEqual((await editorState(page)).text, reference, 'the draft after a reload');
        check((await widget(page, {id: 'ws-record'})).label.startsWith('Passed'), 'the record after a reload');

        // 7. A long run keeps frames coming (no gap above 50 ms), and Stop stops it. The same
        // page without a run, kept drawing by mouse moves, is the baseline: on a loaded machine
        // every frame is slow, and the test then asks that a run add no gap the page alone has not.
        await pasteCode(page, read('tests/data/lab-workspace/long-run.lua'));
        const watchGaps = () => page.evaluate(() => {
          window.__gaps = {max: 0, last: 0, count: 0, on: true, long: []};
          const tick = (t) => {
            const g = window.__gaps;
            if (g.last) g.max = Math.max(g.max, t - g.last);
            if (g.last && t - g.last > 50) g.long.push([Math.round(g.last), Math.round(t - g.last)]);
            g.last = t;
            g.count++;
            if (g.on) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        const stopGaps = () => page.evaluate(() => {
          window.__gaps.on = false;
          return window.__gaps;
        });
        const panel = await widget(page, {id: 'ws-tab-timeline'});
        await watchGaps();
        for (let i = 0; i < 90; i++) {  // 1.5 s of input: the idle loop draws every frame
          await page.mouse.move(panel.x + 100 + (i % 40) * 10, panel.y + 80);
          await page.waitForTimeout(16);
        }
        const baseline = await stopGaps();
        const frames0 = await page.evaluate(() => window.faultlineTest.frames);
        await watchGaps();
        await clickWidget(page, {id: 'ws-run'});
        await waitFor(page, () => window.faultlineTest.lab.state === 'running', undefined, 'the long run');
        await page.waitForTimeout(1500);
        lab = await labState(page);
        checkEqual(lab.state, 'running', 'still running after 1.5 s');
        const gaps = await stopGaps();
        const frames1 = await page.evaluate(() => window.faultlineTest.frames);
        check(frames1 - frames0 > 10, `frames keep coming while it runs (${frames1 - frames0} in 1.5 s)`);
        timings.labLongRun = {maxFrameGapMs: Math.round(gaps.max), baselineMaxFrameGapMs: Math.round(baseline.max),
          rafFrames: gaps.count, baselineRafFrames: baseline.count, requests: lab.progress.requests};
        // Frame gaps are a performance figure (target 50 ms, docs/performance.md), reported, not
        // asserted: a loaded machine stretches them. Frames coming at all is asserted above.
        console.log(`     frame gaps while a lab runs: max ${gaps.max.toFixed(1)} ms (the page alone: ` +
          `${baseline.max.toFixed(0)} ms); long ones [start, gap]: ${JSON.stringify(gaps.long.slice(0, 12))}`);
        await clickWidget(page, {id: 'ws-stop'});
        await waitFor(page, () => window.faultlineTest.lab.state === 'idle' && window.faultlineTest.lab.stopped,
          undefined, 'Stop to stop the run');
        await checkDrawn(page, 'lab-stopped-light.png');

        // 8. A syntax error marks its line, and the console's error moves the editor there.
        const syntax = 'function main(ctx)\n  local x = \nend\n';
        await pasteCode(page, syntax);
        await clickAndWaitDone(page, 'ws-run', 'the run with a syntax error', 30000);
        lab = await labState(page);
        checkEqual(lab.status, 'error', 'a syntax error is an error');
        checkEqual(lab.error_line, 3, 'the error\'s line');
        checkEqual(lab.results, await cliResults(cli, root, syntax, seeds[0]), 'results JSON of the error equals the CLI\'s');
        await waitFor(page, () => window.faultlineTest.editor.markerLine === 3, undefined, 'the editor to mark line 3');
        await showTab(page, 'console');
        await clickWidget(page, {id: 'console-error'});
        // The cursor's line, from CodeMirror's own state.
        await waitFor(page, () => {
          const view = Module.fl.editor.api.view;
          return view.state.doc.lineAt(view.state.selection.main.head).number === 3;
        }, undefined, 'the editor cursor on line 3');
        await checkDrawn(page, 'lab-console-error-light.png');
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });

  test('lab workspace: the command line for Node and the lab files are downloadable', async ({server}) => {
    for (const file of ['faultline.js', 'faultline.wasm']) {
      const res = await fetch(server.url + file);
      checkEqual(res.status, 200, `${file} is served`);
      const body = Buffer.from(await res.arrayBuffer());
      check(body.length > 10000, `${file} is the real CLI (${body.length} bytes)`);
      check(!/reference\.lua|naive\//.test(body.toString('latin1')) || file.endsWith('.wasm'),
        `${file} names no instructor-only file`);
    }
    const b = await launch({viewport: {width: 1024, height: 640}});
    try {
      await b.page.goto(server.url + ROUTE);
      await waitReady(b.page);
      // The smallest supported window still shows every control.
      for (const id of ['ws-run', 'ws-submit', 'ws-stop', 'ws-reset', 'ws-download', 'ws-tab-timeline',
        'ws-tab-checks', 'ws-tab-console', 'ws-tab-metrics']) {
        const w = await widget(b.page, {id});
        check(w.x >= 0 && w.y >= 0 && w.x + w.w <= 1024 && w.y + w.h <= 640, `${id} is inside a 1024x640 window`);
      }
      await checkDrawn(b.page, 'lab-1024x640.png');
      const download = b.page.waitForEvent('download');
      const link = await revealInBrief(b.page, 'ws-cli-faultline.js');
      await b.page.mouse.click(link.x + 10, link.y + link.h / 2);
      checkEqual((await download).suggestedFilename(), 'faultline.js', 'the CLI downloads');
      checkNoProblems(b.problems);
    } finally {
      await b.close();
    }
  });
}
