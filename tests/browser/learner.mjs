// Browser tests of what a learner does: read a lesson (text, scrolling, code copy, links),
// take a quiz by clicking its options with real mouse events, submit, reload and find the
// result kept, take the module test (answers only after submission), open a lab. Registered by
// run.mjs, which owns the runner and the shared checks.
import fs from 'node:fs';
import path from 'node:path';

import {clickWidget, launch, testState, waitFor, waitReady, waitRoute, waitSaved, widget} from './harness.mjs';

// The widget with this id in the last frame, or undefined.
const find = (page, id) => page.evaluate((i) => window.faultlineTest.widgets.find((w) => w.id === i), id);
const findPrefix = (page, prefix) =>
  page.evaluate((p) => window.faultlineTest.widgets.filter((w) => w.id.startsWith(p)), prefix);

export function registerLearnerTests({test, check, checkEqual, checkDrawn, checkNoProblems, root, Failure}) {
  const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
  const outline = readJson('content/course.json');

  // Two frames drawn after now: the app has seen the input sent before this call.
  async function twoFrames(page) {
    const frames = await page.evaluate(() => window.faultlineTest.frames);
    await waitFor(page, (n) => window.faultlineTest.frames > n + 1, frames, 'two frames');
  }

  // Scrolls the content pane with the mouse wheel until the widget is on screen (at least
  // `minHeight` px of it visible), then returns it.
  async function reveal(page, id, {step = 300, maxSteps = 80, minHeight = 12} = {}) {
    for (let i = 0; i < maxSteps; i++) {
      const w = await find(page, id);
      if (w && w.h >= minHeight && w.y + w.h <= page.viewportSize().height - 4) return w;
      await page.mouse.move(640, 560);
      await page.mouse.wheel(0, step);
      await page.waitForTimeout(80);
    }
    throw new Failure(`could not scroll widget ${id} into view`);
  }

  // Clicks a widget once it has stopped moving: on a loaded machine a wheel scroll can still
  // be settling when the widget is first seen, and a click at its old place is lost.
  async function clickRevealed(page, id) {
    let w = await reveal(page, id);
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(w.x + Math.min(40, w.w / 2), w.y + w.h / 2);  // input: the idle app draws again
      await twoFrames(page);
      const again = await reveal(page, id);
      if (again.x === w.x && again.y === w.y) break;
      w = again;
    }
    await page.mouse.click(w.x + Math.min(40, w.w / 2), w.y + w.h / 2);
    return w;
  }

  // Picks an option and waits until the app shows it picked; the click is repeated only when
  // the pick has not appeared 3 s later (a click lost while the page was still settling).
  async function pick(page, questionId, optionId) {
    for (let attempt = 0; attempt < 3; attempt++) {
      await clickRevealed(page, `option:${questionId}:${optionId}`);
      try {
        await waitFor(page, (id) => window.faultlineTest.widgets.some((w) => w.id === id),
          `picked:${questionId}:${optionId}`, `option ${optionId} picked`, 3000);
        return;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
  }

  const correctIds = (question) => question.options.filter((o) => o.correct).map((o) => o.id);
  const wrongId = (question) => question.options.find((o) => !o.correct).id;

  // Answers questions [from, to) of `quiz` by clicking: correct unless listed in `wrong`.
  async function answer(page, quiz, from, to, wrong = new Set()) {
    for (const q of quiz.questions.slice(from, to)) {
      const picks = wrong.has(q.id) ? [wrongId(q)] : correctIds(q);
      for (const o of picks) await pick(page, q.id, o);
    }
    // Let the app see the last click (and commit it) before anyone waits for "saved".
    await twoFrames(page);
  }

  test('lesson reader: text, headings, table, code block with Copy, links, scrolling, visited mark',
    async ({server}) => {
      const b = await launch();
      try {
        await b.context.grantPermissions(['clipboard-read', 'clipboard-write'],
          {origin: server.url.replace(/\/$/, '')});
        await b.context.route('https://engineering.fb.com/**', (r) => r.fulfill({body: 'stub', contentType: 'text/plain'}));
        await b.page.goto(server.url + '#/lesson/2');
        await waitReady(b.page);
        // The first paragraph is drawn as plain text: emphasis markers are styling, not characters.
        const first = await waitFor(b.page, () => window.faultlineTest.widgets.some(
          (w) => w.label.startsWith('Every API your agent depends on has a ceiling')), undefined, 'the first paragraph');
        void first;
        const s = await testState(b.page);
        const para = s.widgets.find((w) => w.label.startsWith('On 31 May 2023 Reddit announced'));
        check(para, 'the third paragraph is drawn');
        check(!para.label.includes('**'), 'no Markdown markers in the drawn text');
        check(para.h > 40, `a long paragraph wraps onto several lines (height ${para.h})`);
        check(para.w <= 760, `paragraph stays within the text column (width ${para.w})`);
        await checkDrawn(b.page, 'lesson-dpr1-top.png');

        // Scroll with the wheel to the table and the second-level headings.
        const heading = await reveal(b.page, 'heading:The dimensions of a limit');
        check(heading.h >= 24, `a level-2 heading is drawn larger than body text (height ${heading.h})`);
        // Table cells are numbered row by row: 1-3 the header, 4 the first body cell.
        checkEqual((await reveal(b.page, 'lesson:l2-rate-limits:table1:1')).label, 'Dimension', 'table header cell');
        const cell = await reveal(b.page, 'lesson:l2-rate-limits:table1:4');
        checkEqual(cell.label, 'Burst, per second', 'first table body cell');
        await checkDrawn(b.page, 'lesson-dpr1-table.png');

        // A code block: Copy puts its text on the OS clipboard.
        const copy = await reveal(b.page, 'copy:lesson:l2-rate-limits:code1');
        const code = await find(b.page, 'code:lesson:l2-rate-limits:code1');
        check(code && code.label.startsWith('RateLimit-Policy: '), `the first code block, got ${JSON.stringify(code?.label)}`);
        await b.page.mouse.click(copy.x + copy.w / 2, copy.y + copy.h / 2);
        let text = '';
        for (const deadline = Date.now() + 5000; Date.now() < deadline && text !== code.label;) {
          text = await b.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
          if (text !== code.label) await b.page.waitForTimeout(100);
        }
        checkEqual(text, code.label, 'clipboard after Copy');
        await waitFor(b.page, () => window.faultlineTest.widgets.some((w) => w.id.startsWith('copy:') && w.label === 'Copied'),
          undefined, 'the Copy button to say Copied');
        await checkDrawn(b.page, 'lesson-dpr1-code.png');

        // The lesson is marked visited in the store, and the progress page says so.
        await waitSaved(b.page);
        await b.page.goto(server.url + '#/progress');
        await waitRoute(b.page, '#/progress');
        const status = await reveal(b.page, 'status:#/lesson/2');  // below the summary and legend
        checkEqual(status.label, 'Visited', 'lesson 2 status on the progress page');

        // A link opens in a new tab (the URL shows on hover).
        await b.page.goto(server.url + '#/lesson/3');
        await waitRoute(b.page, '#/lesson/3');
        const link = await reveal(b.page, 'link:https://engineering.fb.com/2021/10/05/networking-traffic/outage-details/');
        const popup = b.context.waitForEvent('page', {timeout: 10000});
        await b.page.mouse.click(link.x + link.w / 2, link.y + link.h / 2);
        const tab = await popup;
        await tab.waitForLoadState('domcontentloaded').catch(() => {});
        check(tab.url().startsWith('https://engineering.fb.com/'), `the link opened ${tab.url()}`);
        await tab.close();
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });

  test('quiz: click answers, reload mid-way, submit, score and review, reload keeps the result, retake',
    async ({server}) => {
      const quiz = readJson('content/quizzes/01-authentication.json');
      const active = quiz.questions.filter((q) => !q.retired);
      const b = await launch();
      try {
        await b.page.goto(server.url + '#/quiz/1');
        await waitReady(b.page);
        await widget(b.page, {id: `option:${active[0].id}:${active[0].options[0].id}`});
        check(!(await findPrefix(b.page, 'review:')).length, 'no review before submission');
        await checkDrawn(b.page, 'quiz-dpr1-answering.png');

        // Half the answers, then a reload: they are kept (the in-progress attempt is in SQLite).
        const wrong = new Set([active[0].id]);
        const half = Math.ceil(active.length / 2);
        await answer(b.page, {questions: active}, 0, half, wrong);
        await waitSaved(b.page);
        await b.page.reload();
        await waitReady(b.page);
        await b.page.keyboard.press('End');
        const answered = await widget(b.page, {id: 'quiz:answered'});
        check(answered.label.startsWith(`${half} of ${active.length} answered`),
          `answers survive a reload: "${answered.label}"`);
        await b.page.keyboard.press('Home');
        await b.page.waitForTimeout(100);
        await answer(b.page, {questions: active}, half, active.length, wrong);

        await clickRevealed(b.page, 'quiz:submit');
        const score = await widget(b.page, {id: 'quiz:score'});
        const n = active.length;
        const pct = Math.floor(((n - 1) / n) * 100);
        checkEqual(score.label, `Score: ${n - 1} / ${n} (${pct}%)`, 'score after submission');
        checkEqual((await widget(b.page, {id: 'quiz:verdict'})).label, pct >= 70 ? 'Passed' : 'Not passed', 'verdict');
        await checkDrawn(b.page, 'quiz-dpr1-result.png');
        // The review: the wrong pick and the correct answer of question 1, its feedback.
        const q0 = active[0];
        await reveal(b.page, `review:${q0.id}:${wrongId(q0)}:feedback`);
        const fb = await find(b.page, `review:${q0.id}:${wrongId(q0)}:feedback`);
        checkEqual(fb.label, q0.options.find((o) => o.id === wrongId(q0)).feedback.replace(/`/g, ''),
          'feedback of the wrong pick');
        checkEqual((await reveal(b.page, `result:${q0.id}`)).label, 'Incorrect', 'question 1 marked incorrect');
        await checkDrawn(b.page, 'quiz-dpr1-review.png');

        // Reload: the submitted attempt and the best score are kept.
        await waitSaved(b.page);
        await b.page.reload();
        await waitReady(b.page);
        checkEqual((await widget(b.page, {id: 'quiz:score'})).label, score.label, 'score after reload');
        const best = await widget(b.page, {id: 'quiz:best'});
        check(best.label.includes(`best ${pct}%`) && best.label.includes('1 attempt'), `best so far: "${best.label}"`);

        // Retake: a fresh attempt; the best score stays.
        await clickWidget(b.page, {id: 'quiz:retake'});
        await widget(b.page, {id: `option:${active[0].id}:${active[0].options[0].id}`});
        check(!(await find(b.page, 'quiz:score')), 'no score while retaking');
        await b.page.keyboard.press('End');
        const again = await widget(b.page, {id: 'quiz:answered'});
        check(again.label.startsWith(`0 of ${n} answered`), `a retake starts empty: "${again.label}"`);
        await waitSaved(b.page);
        await b.page.goto(server.url + '#/progress');
        await waitRoute(b.page, '#/progress');
        const status = await reveal(b.page, 'status:#/quiz/1');
        check(status.label.startsWith(pct >= 70 ? 'Passed' : 'Not passed') && status.label.includes(`${pct}%`),
          `progress page status: "${status.label}"`);
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });

  test('module test: nothing revealed before submission, full review after', async ({server}) => {
    const exam = readJson('content/module-test.json');
    const active = exam.questions.filter((q) => !q.retired);
    const b = await launch();
    try {
      await b.page.goto(server.url + '#/test');
      await waitReady(b.page);
      await widget(b.page, {id: `option:${active[0].id}:${active[0].options[0].id}`});
      const secrets = new Set(active.flatMap((q) => [q.explanation, ...q.options.map((o) => o.feedback)]));
      const leaks = async () => (await testState(b.page)).widgets.filter(
        (w) => /^(review|result|explanation):/.test(w.id) || secrets.has(w.label));
      check(!(await leaks()).length, 'no feedback or explanation before submission (top)');
      await checkDrawn(b.page, 'test-dpr1-answering.png');
      // 11 of 15 right, the rest unanswered: 73 % passes the 70 % mark.
      await answer(b.page, {questions: active}, 0, 11);
      check(!(await leaks()).length, 'no feedback or explanation before submission (scrolled)');
      await b.page.keyboard.press('End');
      check(!(await leaks()).length, 'no feedback or explanation before submission (bottom)');
      const note = await widget(b.page, {id: 'quiz:answered'});
      check(note.label.includes('Answers are shown after you submit'), `the test says when answers show: "${note.label}"`);
      await clickWidget(b.page, {id: 'quiz:submit'});
      await clickWidget(b.page, {id: 'quiz:confirm-submit'});  // 4 unanswered: the app asks first
      const score = await widget(b.page, {id: 'quiz:score'});
      checkEqual(score.label, `Score: 11 / ${active.length} (73%)`, 'module test score');
      checkEqual((await widget(b.page, {id: 'quiz:verdict'})).label, 'Passed', 'module test verdict');
      const last = active[active.length - 1];
      await reveal(b.page, `result:${last.id}`);
      checkEqual((await find(b.page, `result:${last.id}`)).label, 'Not answered', 'an unanswered question');
      await reveal(b.page, `explanation:${last.id}`);
      await checkDrawn(b.page, 'test-dpr1-review.png');
      await waitSaved(b.page);
      await b.page.reload();
      await waitReady(b.page);
      checkEqual((await widget(b.page, {id: 'quiz:score'})).label, score.label, 'module test score after reload');
      checkNoProblems(b.problems);
    } finally {
      await b.close();
    }
  });

  test('lab view: the workspace with the brief, the starter code and the commands; a planned lab says what it will cover', async ({server}) => {
    const labs = outline.items.filter((i) => i.kind === 'lab');
    const ready = labs.findIndex((l) => l.status !== 'planned');
    const planned = labs.findIndex((l) => l.status === 'planned');
    const b = await launch();
    try {
      await b.page.goto(server.url + `#/lab/${ready + 1}`);
      await waitReady(b.page);
      const dir = `labs/${labs[ready].dir}`;
      const expected = fs.readFileSync(path.join(root, dir, 'starter.lua'), 'utf8');
      await waitFor(b.page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined, 'the editor');
      checkEqual((await b.page.evaluate(() => window.faultlineTest.editor.text)), expected, 'the editor starts with the starter code');
      for (const id of ['ws-run', 'ws-submit', 'ws-stop', 'ws-reset', 'ws-download', 'ws-tab-checks']) await widget(b.page, {id});
      await checkDrawn(b.page, 'lab-dpr1-top.png');
      // The commands, at the end of the brief (its pane scrolls under the mouse wheel).
      const id = `code:lab:${labs[ready].id}:commands`;
      const brief = await widget(b.page, {id: 'ws-hide-brief'});
      let commands;
      for (let i = 0; i < 60 && !commands; i++) {
        const w = await find(b.page, id);
        if (w && w.h > 20 && w.y + w.h < b.page.viewportSize().height) commands = w;
        else {
          await b.page.mouse.move(brief.x + 40, brief.y + 120);
          await b.page.mouse.wheel(0, 400);
          await b.page.waitForTimeout(60);
        }
      }
      check(commands, 'the commands at the end of the brief');
      checkEqual(commands.label, `faultline run ${dir} solution.lua\nfaultline grade ${dir} solution.lua`, 'CLI commands');
      await checkDrawn(b.page, 'lab-dpr1-commands.png');

      // Every lab of the shipped course is written now; a course with a planned lab shows its page.
      if (planned >= 0) {
        await b.page.goto(server.url + `#/lab/${planned + 1}`);
        await waitRoute(b.page, `#/lab/${planned + 1}`);
        const callout = await widget(b.page, {id: 'callout:This lab is planned: here is what it will cover'});
        checkEqual(callout.label, labs[planned].summary, 'the planned lab shows its summary');
        const all = (await testState(b.page)).widgets.map((w) => w.label).join('\n');
        check(!/later version/i.test(all), 'no "later version" placeholder text');
        await checkDrawn(b.page, 'lab-dpr1-planned.png');
      }
      checkNoProblems(b.problems);
    } finally {
      await b.close();
    }
  });

  test('screenshots of the lesson, quiz, test and lab views at DPR 1 and 2', async ({server}) => {
    for (const dpr of [1, 2]) {
      const b = await launch({deviceScaleFactor: dpr});
      try {
        for (const [route, name] of [['#/lesson/1', 'lesson'], ['#/quiz/2', 'quiz'], ['#/test', 'test'],
          ['#/lab/2', 'lab'], ['#/lab/4', 'lab4']]) {
          await b.page.goto(server.url + route);
          await waitReady(b.page);
          await waitRoute(b.page, route);
          await b.page.waitForTimeout(150);
          await checkDrawn(b.page, `view-${name}-dpr${dpr}.png`);
        }
        // A callout ("Critical pattern") and a list, in the dark theme.
        await b.page.goto(server.url + '#/lesson/1');
        await waitRoute(b.page, '#/lesson/1');
        await reveal(b.page, 'lesson:l1-auth:callout-title1', {minHeight: 20});
        await b.page.mouse.wheel(0, 200);
        await b.page.waitForTimeout(150);
        await checkDrawn(b.page, `view-lesson-callout-dpr${dpr}.png`);
        // The light theme too, on a lesson with code.
        await b.page.goto(server.url + '#/settings');
        await waitRoute(b.page, '#/settings');
        await clickWidget(b.page, {id: 'theme:light'});
        await waitSaved(b.page);
        await b.page.goto(server.url + '#/lesson/2');
        await waitRoute(b.page, '#/lesson/2');
        await reveal(b.page, 'copy:lesson:l2-rate-limits:code1');
        await b.page.waitForTimeout(150);
        await checkDrawn(b.page, `view-lesson-light-dpr${dpr}.png`);
        // A table whose columns are right-aligned (`---:`): cells of a column end at one edge.
        const table = 'lesson:l2-rate-limits:table4';
        await reveal(b.page, `${table}:30`);
        await b.page.waitForTimeout(150);
        const [head, short, long] = await Promise.all([2, 6, 30].map((n) => find(b.page, `${table}:${n}`)));
        checkEqual([head.label, short.label, long.label].join(' | '), 'Without jitter | 0.5 s | 30 s (the cap)',
          'the cells of the backoff table');
        check(Math.abs((short.x + short.w) - (long.x + long.w)) <= 1 && Math.abs((head.x + head.w) - (long.x + long.w)) <= 1,
          `right-aligned cells share their right edge (${head.x + head.w}, ${short.x + short.w}, ${long.x + long.w})`);
        check(short.x > long.x + 10, `a short right-aligned cell starts further right (${short.x} vs ${long.x})`);
        await checkDrawn(b.page, `view-lesson-table-dpr${dpr}.png`);
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    }
  }, {timeoutMs: 300000});  // two browsers and five views each: slow on a loaded machine
}
