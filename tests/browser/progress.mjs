// Browser tests of progress that is never lost: one writing tab per browser (Web Locks, or the
// BroadcastChannel election without them), the banner and "Use here" of a reading tab,
// closing the writer while another tab waits, 100 seeded random steps of two tabs, and "Your
// data" (export, import, erase). Registered by run.mjs, which owns the runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {clickWidget, launch, waitFor, waitReady, waitSaved, watch, widget} from './harness.mjs';

const field = (page, name) => page.evaluate((n) => window.faultlineTest[n], name);
const waitRole = (page, role) =>
  waitFor(page, (r) => window.faultlineTest.role === r && window.faultlineTest.writer === (r === 'writer'), role,
    `role ${role}`);

// The progress a tab sees (its export), as {visits: Set, picks: {quizId: {questionId: [ids]}}}
// from the latest attempt of each quiz.
async function progressOf(page) {
  const file = await field(page, 'progress');
  const visits = new Set(file.tables.lesson_visits.map((v) => v.lesson_id));
  const latest = {};
  for (const row of file.tables.quiz_attempts) if (!latest[row.quiz_id] || row.id > latest[row.quiz_id].id) latest[row.quiz_id] = row;
  const picks = {};
  for (const [quiz, row] of Object.entries(latest)) {
    picks[quiz] = {};
    for (const q of JSON.parse(row.state).questions) picks[quiz][q.id] = [...q.picked].sort();
  }
  return {file, visits, picks};
}

// A small seeded generator (mulberry32): the same seed, the same steps.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function registerProgressTests({test, check, checkEqual, checkDrawn, checkNoProblems, root, Failure}) {
  const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
  const outline = readJson('content/course.json');
  const quizRoutes = [];  // {route, id, questions: Map(id -> kind)}
  let quizNumber = 0;
  for (const item of outline.items) {
    if (item.kind !== 'quiz') continue;
    quizNumber++;
    const quiz = readJson(`content/${item.file}`);
    quizRoutes.push({route: `#/quiz/${quizNumber}`, id: item.id,
      questions: new Map(quiz.questions.map((q) => [q.id, q.kind]))});
  }

  // Opens the app in a new tab of `b`'s browser (same profile: same IndexedDB and locks).
  async function openTab(b, url) {
    const page = await b.context.newPage();
    const problems = watch(page);
    await page.goto(url);
    await waitReady(page);
    await waitFor(page, () => ['writer', 'reader'].includes(window.faultlineTest.role), undefined, 'a role');
    return {page, problems};
  }

  // Goes to a quiz and picks an option of a question on screen (one not picked yet when the
  // question takes one answer). Returns {quiz, question, option, kind} or null when none shows.
  async function pickVisible(page, quiz, rand) {
    if ((await field(page, 'route')) !== quiz.route) {
      await page.evaluate((r) => { location.hash = r; }, quiz.route);
      await waitFor(page, (r) => window.faultlineTest.route === r &&
        window.faultlineTest.widgets.some((w) => w.id.startsWith('prompt:')), quiz.route, `${quiz.route} questions`);
    }
    const height = page.viewportSize().height;
    // Below a reader's banner the first options can start under the fold: scroll to them.
    for (let i = 0; i < 8; i++) {
      const ws = await field(page, 'widgets');
      if (ws.some((w) => w.id.startsWith('option:') && w.y > 60 && w.y + w.h < height - 4)) break;
      await page.mouse.move(500, height / 2);
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(80);
    }
    // The layout can still move for a frame or two after a route change or a reload.
    let widgets = await field(page, 'widgets');
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(5 + i, 400);  // input: the idle page draws again
      await page.waitForTimeout(60);
      const again = await field(page, 'widgets');
      const same = JSON.stringify(again) === JSON.stringify(widgets);
      widgets = again;
      if (same) break;
    }
    const picked = new Set(widgets.filter((w) => w.id.startsWith('picked:')).map((w) => w.id.slice(7)));
    const options = widgets.filter((w) => w.id.startsWith('option:') && w.y > 60 && w.y + w.h < height - 4)
      .map((w) => ({w, question: w.id.split(':')[1], option: w.id.split(':')[2]}))
      .filter((o) => quiz.questions.get(o.question) !== 'single' || !picked.has(`${o.question}:${o.option}`));
    if (!options.length) return null;
    const o = options[Math.floor(rand() * options.length)];
    await page.mouse.click(o.w.x + Math.min(40, o.w.w / 2), o.w.y + o.w.h / 2);
    return {quiz: quiz.id, question: o.question, option: o.option, kind: quiz.questions.get(o.question),
            wasPicked: picked.has(`${o.question}:${o.option}`)};
  }

  // The model's expectation after a committed pick.
  function applyPick(model, p) {
    const q = ((model[p.quiz] ||= {})[p.question] ||= new Set());
    if (p.kind === 'single') {
      q.clear();
      q.add(p.option);
    } else if (q.has(p.option)) {
      q.delete(p.option);
    } else {
      q.add(p.option);
    }
  }

  // A pick in the writing tab: the app shows it, then it reaches IndexedDB. Returns how long
  // that took (the target is 1 s; timings are reported, not asserted: the machine may be loaded).
  async function commitPick(page, p) {
    const id = `picked:${p.question}:${p.option}`;
    const shown = p.kind === 'single' || !p.wasPicked;
    await waitFor(page, ({id, shown}) => window.faultlineTest.widgets.some((w) => w.id === id) === shown,
      {id, shown}, `${id} ${shown ? 'shown' : 'gone'}`);
    const started = Date.now();
    await waitFor(page, () => window.faultlineTest.saved && window.faultlineTest.syncsInFlight === 0, undefined,
      'the pick saved');
    return Date.now() - started;
  }

  function checkModel(seen, model, where) {
    for (const [quiz, questions] of Object.entries(model))
      for (const [question, options] of Object.entries(questions)) {
        const actual = (seen.picks[quiz] && seen.picks[quiz][question]) || [];
        checkEqual(JSON.stringify(actual), JSON.stringify([...options].sort()), `${where}: ${quiz} ${question}`);
      }
  }

  test('two tabs: one writes, the other reads with a banner, follows along and takes over; nothing is lost',
    async ({server}) => {
      const b = await launch();
      try {
        const one = await openTab(b, server.url + quizRoutes[0].route);
        const two = await openTab(b, server.url + quizRoutes[1].route);
        checkEqual(await field(one.page, 'role'), 'writer', 'the first tab writes');
        checkEqual(await field(two.page, 'role'), 'reader', 'the second tab reads');
        checkEqual(await field(one.page, 'lockMode'), 'locks', 'Web Locks in Chromium');
        await widget(two.page, {id: 'writer:banner'});
        check(!(await one.page.evaluate(() => window.faultlineTest.widgets.some((w) => w.id === 'writer:banner'))),
          'no banner in the writing tab');
        await two.page.bringToFront();
        await checkDrawn(two.page, 'two-tabs-reader-dark.png');

        // Tab 1 answers; tab 2 reloads from IndexedDB when told, and shows the same answer.
        const model = {};
        const rand = random(7);
        const p1 = await pickVisible(one.page, quizRoutes[0], rand);
        check(p1, 'an option on screen in tab 1');
        await commitPick(one.page, p1);
        applyPick(model, p1);
        await waitFor(two.page, ({quiz, question}) => {
          const f = window.faultlineTest.progress;
          return f.tables.quiz_attempts.some((r) => r.quiz_id === quiz && r.state.includes(question));
        }, p1, 'tab 2 to reload tab 1\'s answer');
        // Tab 1 switches to the light theme; tab 2 follows (its settings come from the store).
        await one.page.evaluate(() => { location.hash = '#/settings'; });
        await clickWidget(one.page, {id: 'theme:light'});
        await waitSaved(one.page);
        await waitFor(two.page, () => window.faultlineTest.progress.tables.settings.some(
          (s) => s.key === 'theme' && s.value === 'light'), undefined, 'tab 2 to see the light theme');
        await two.page.mouse.move(200, 200);
        await checkDrawn(two.page, 'two-tabs-reader-light.png');

        // A click in the reading tab changes nothing.
        const before = JSON.stringify((await progressOf(two.page)).file);
        const p2 = await pickVisible(two.page, quizRoutes[1], rand);
        check(p2, 'an option on screen in tab 2');
        await two.page.waitForTimeout(300);
        checkEqual(JSON.stringify((await progressOf(two.page)).file), before, 'a reading tab records nothing');
        await widget(two.page, {id: 'save-status', label: 'Not saved'});

        // "Use here": tab 2 writes (after reloading), tab 1 reads; tab 2's answer is kept.
        await clickWidget(two.page, {id: 'writer:use-here'});
        await waitRole(two.page, 'writer');
        await waitRole(one.page, 'reader');
        const p3 = await pickVisible(two.page, quizRoutes[1], rand);
        await commitPick(two.page, p3);
        applyPick(model, p3);

        // Reload both: both tabs' answers are there, and tab 1 is still the reader.
        await one.page.reload();
        await waitReady(one.page);
        await two.page.reload();
        await waitReady(two.page);
        checkModel(await progressOf(one.page), model, 'tab 1 after reloads');
        checkModel(await progressOf(two.page), model, 'tab 2 after reloads');
        checkNoProblems([...one.problems, ...two.problems]);
      } finally {
        await b.close();
      }
    });

  test('closing the writing tab hands the lock to the waiting tab, which reloads first; a stale tab undoes nothing',
    async ({server}) => {
      const b = await launch();
      try {
        const one = await openTab(b, server.url + quizRoutes[0].route);
        const two = await openTab(b, server.url + '#/lesson/1');  // stale: opened before the answers
        const model = {};
        const rand = random(11);
        for (let i = 0; i < 2; i++) {
          const p = await pickVisible(one.page, quizRoutes[0], rand);
          await commitPick(one.page, p);
          applyPick(model, p);
        }
        // The stale tab navigates (in the old design it wrote its whole copy back).
        for (const r of ['#/lesson/2', quizRoutes[0].route, '#/progress']) {
          await two.page.evaluate((h) => { location.hash = h; }, r);
          await waitFor(two.page, (h) => window.faultlineTest.route === h, r, r);
        }
        await one.page.close({runBeforeUnload: true});
        await waitRole(two.page, 'writer');
        await two.page.evaluate(() => { location.hash = '#/lesson/3'; });
        await waitSaved(two.page);
        await two.page.reload();
        await waitReady(two.page);
        checkModel(await progressOf(two.page), model, 'after the writer closed');
        check((await progressOf(two.page)).visits.size >= 1, 'the new writer records visits');
        checkNoProblems([...one.problems, ...two.problems]);
      } finally {
        await b.close();
      }
    });

  test('without Web Locks, the BroadcastChannel election keeps one writer', async ({server}) => {
    const b = await launch();
    try {
      await b.context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'locks', {get: () => undefined, configurable: true});
      });
      const one = await openTab(b, server.url + quizRoutes[0].route);
      const two = await openTab(b, server.url + quizRoutes[0].route);
      checkEqual(await field(one.page, 'lockMode'), 'channel', 'the fallback is in use');
      checkEqual(await field(one.page, 'role'), 'writer', 'the first tab writes');
      checkEqual(await field(two.page, 'role'), 'reader', 'the second tab reads');
      await clickWidget(two.page, {id: 'writer:use-here'});
      await waitRole(two.page, 'writer');
      await waitRole(one.page, 'reader');
      const p = await pickVisible(two.page, quizRoutes[0], random(3));
      await commitPick(two.page, p);
      await one.page.reload();
      await waitReady(one.page);
      checkEqual(await field(one.page, 'role'), 'reader', 'a reloaded tab finds the writer');
      const model = {};
      applyPick(model, p);
      checkModel(await progressOf(one.page), model, 'the reader');
      checkNoProblems([...one.problems, ...two.problems]);
    } finally {
      await b.close();
    }
  });

  test('100 seeded random steps of two tabs, reloads, closes and take-overs lose no committed answer',
    async ({server}) => {
      const seed = Number(process.env.FL_PROGRESS_SEED || 20261204);
      const rand = random(seed);
      const b = await launch({viewport: {width: 1000, height: 700}});
      const tabs = [null, null];
      const problems = [];
      const model = {};
      const log = [];
      let slowest = 0;
      const open = async (i) => {
        const route = quizRoutes[Math.floor(rand() * quizRoutes.length)].route;
        tabs[i] = await openTab(b, server.url + route);
        problems.push(tabs[i].problems);
      };
      try {
        await b.page.close();
        await open(0);
        try {
        for (let step = 0; step < 100; step++) {
          const live = tabs.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
          const r = rand();
          const i = live[Math.floor(rand() * live.length)];
          const t = tabs[i];
          let action;
          if (live.length < 2 && r < 0.25) {
            action = `open ${1 - live[0]}`;
            await open(1 - live[0]);
          } else if (live.length === 2 && r < 0.12) {
            action = `close ${i}`;
            await t.page.close({runBeforeUnload: true});
            tabs[i] = null;
          } else if (r < 0.24) {
            action = `reload ${i}`;
            await t.page.reload();
            await waitReady(t.page);
          } else if (r < 0.34 && (await field(t.page, 'role')) === 'reader') {
            action = `use here ${i}`;
            await clickWidget(t.page, {id: 'writer:use-here'});
            await waitRole(t.page, 'writer');
          } else {
            const role = await field(t.page, 'role');
            const quiz = quizRoutes[Math.floor(rand() * quizRoutes.length)];
            const p = await pickVisible(t.page, quiz, rand);
            action = `pick ${i} (${role}) ${p ? `${p.question}:${p.option}` : 'none'}`;
            if (p && role === 'writer') {
              slowest = Math.max(slowest, await commitPick(t.page, p));
              applyPick(model, p);
            }
          }
          log.push(action);
          // Never two writers.
          const roles = [];
          for (const tab of tabs) if (tab) roles.push(await field(tab.page, 'role'));
          check(roles.filter((x) => x === 'writer' || x === 'taking').length <= 1,
            `two writers after step ${step} (${action}): ${roles}`);
        }
        } catch (err) {
          err.message += `\n    steps (seed ${seed}): ${log.join(', ')}`;
          throw err;
        }
        for (const t of tabs) if (t) await t.page.close({runBeforeUnload: true});
        const last = await openTab(b, server.url + '#/progress');
        problems.push(last.problems);
        try {
          checkModel(await progressOf(last.page), model, 'a fresh tab after 100 steps');
        } catch (err) {
          if (err instanceof Failure) err.message += `\n    steps (seed ${seed}): ${log.join(', ')}`;
          throw err;
        }
        checkNoProblems(problems.flat());
        console.log(`     100 steps, ${Object.values(model).reduce((n, q) => n + Object.keys(q).length, 0)} ` +
          `questions answered; slowest save ${slowest} ms`);
      } finally {
        await b.close();
      }
    }, {timeoutMs: 600000});

  test('your data: export, import (replace, merge), a bad file changes nothing, erase asks first',
    async ({server}) => {
      const b = await launch({acceptDownloads: true});
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-data-'));
      try {
        await b.page.goto(server.url + quizRoutes[0].route);
        await waitReady(b.page);
        const p = await pickVisible(b.page, quizRoutes[0], random(5));
        await commitPick(b.page, p);
        const original = await progressOf(b.page);

        // Export: a download holding the same records.
        await b.page.evaluate(() => { location.hash = '#/settings'; });
        const [download] = await Promise.all([b.page.waitForEvent('download'),
          clickWidget(b.page, {id: 'data:export'})]);
        check(/^faultline-progress-\d{4}-\d\d-\d\d\.json$/.test(download.suggestedFilename()),
          `export file name: ${download.suggestedFilename()}`);
        const exported = path.join(dir, 'export.json');
        await download.saveAs(exported);
        const file = JSON.parse(fs.readFileSync(exported, 'utf8'));
        checkEqual(file.format, 'faultline-progress', 'format');
        checkEqual(JSON.stringify(file.tables.quiz_attempts), JSON.stringify(original.file.tables.quiz_attempts),
          'the export holds the attempts');
        await widget(b.page, {id: 'data:done'});

        // Erase asks first; confirmed, everything is gone.
        await clickWidget(b.page, {id: 'data:erase'});
        await widget(b.page, {id: 'data:erase-confirm'});
        await checkDrawn(b.page, 'settings-erase-confirm-dark.png');
        await clickWidget(b.page, {id: 'data:erase-confirm'});
        await waitFor(b.page, () => window.faultlineTest.progress.tables.quiz_attempts.length === 0, undefined,
          'attempts erased');

        // A bad file: a clear error naming the file and place; nothing changes.
        const bad = path.join(dir, 'broken.json');
        fs.writeFileSync(bad, JSON.stringify({...file, tables: {...file.tables, quiz_attempts: [{seed: 'x'}]}}));
        const beforeBad = JSON.stringify((await progressOf(b.page)).file);
        const pickFile = async (button, name) => {
          const [chooser] = await Promise.all([b.page.waitForEvent('filechooser'), clickWidget(b.page, {id: button})]);
          await chooser.setFiles(name);
        };
        await pickFile('data:import-replace', bad);
        const error = await widget(b.page, {id: 'data:error'});
        check(error.label.includes('broken.json: /tables/quiz_attempts/0/seed: error: expected an integer'),
          `the error names file and place: ${error.label}`);
        checkEqual(JSON.stringify((await progressOf(b.page)).file), beforeBad, 'a bad file changes nothing');
        await b.page.mouse.move(300, 300);
        await checkDrawn(b.page, 'settings-import-error-dark.png');

        // Replace with the export: the records are back. Merging it again adds nothing.
        await pickFile('data:import-replace', exported);
        await widget(b.page, {id: 'data:done'});
        checkModel(await progressOf(b.page), (() => { const m = {}; applyPick(m, p); return m; })(), 'after import');
        await pickFile('data:import-merge', exported);
        await waitFor(b.page, () => window.faultlineTest.widgets.some((w) => w.id === 'data:done' &&
          /0 records added/.test(w.label)), undefined, 'a merge of the same file adding nothing');
        await clickWidget(b.page, {id: 'theme:light'});
        await b.page.mouse.move(300, 300);
        await checkDrawn(b.page, 'settings-your-data-light.png');
        checkNoProblems(b.problems);
      } finally {
        await b.close();
        fs.rmSync(dir, {recursive: true, force: true});
      }
    });
}
