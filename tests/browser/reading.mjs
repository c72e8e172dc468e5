// Browser tests of reading and of honest marks (issue 12, items 3 and 4): text size, the
// lesson outline, the reading position across a reload, "read" only at the end, marks on the
// progress page (a failed quiz is amber), Submit asking first, a title per route, Alt+Left
// passing through to the browser, and no sideways shift between pages. Registered by run.mjs.
import {clickWidget, launch, testState, waitFor, waitReady, waitRoute, waitSaved, widget} from './harness.mjs';

const find = (page, id) => page.evaluate((i) => window.faultlineTest.widgets.find((w) => w.id === i), id);

async function twoFrames(page) {
  const frames = await page.evaluate(() => window.faultlineTest.frames);
  await waitFor(page, (n) => window.faultlineTest.frames > n + 1, frames, 'two frames');
}

// The status text of a route on the progress page.
async function status(page, server, route) {
  await page.goto(server.url + '#/progress');
  await waitRoute(page, '#/progress');
  const id = 'status:' + route;
  for (let i = 0; i < 40; i++) {  // the table is below the legend: scroll until the row shows
    const w = await find(page, id);
    if (w && w.h > 4) return w.label;
    await page.mouse.move(500, 500);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(60);
  }
  return (await widget(page, {id})).label;
}

// Share of the pixels in a widget's left mark area close to `rgb` (a screenshot of the page).
async function colourShare(page, w, rgb) {
  const png = await page.screenshot({clip: {x: w.x + 4, y: w.y, width: 18, height: w.h}});
  return page.evaluate(async ({b64, rgb}) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    c.drawImage(bitmap, 0, 0);
    const d = c.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 60) n++;
    return n / (d.length / 4);
  }, {b64: png.toString('base64'), rgb});
}

export function registerReadingTests({test, check, checkEqual, checkDrawn, checkNoProblems}) {
  test('reading: 16 px text and a size setting, outline jump, position kept across reload, read at the end',
    async ({server}) => {
      // 150 % zoom: fractional device pixels are where word spacing used to go uneven.
      const b = await launch({deviceScaleFactor: 1.5});
      try {
        await b.page.goto(server.url + '#/lesson/2');
        await waitReady(b.page);
        checkEqual((await testState(b.page)).fontScale, 1.5, 'fonts rasterised at 1.5x');
        checkEqual(await b.page.title(), 'Lesson 2: Rate limits: detection, backoff and queuing \u00b7 Faultline',
          'document title');
        // Body text is 16 px with a 1.6 line height: paragraphs are whole 26 px lines.
        const para = await widget(b.page, {id: 'lesson:l2-rate-limits:p1'});
        check(para.h >= 52 && para.h % 26 === 0, `paragraph lines are 26 px (16 px text), height ${para.h}`);
        await checkDrawn(b.page, 'reading-dpr1.5-top.png');

        // The outline beside the text jumps to a section.
        const target = 'The dimensions of a limit';
        await clickWidget(b.page, {id: 'toc:' + target});
        await waitFor(b.page, (id) => window.faultlineTest.widgets.some((w) => w.id === id && w.y > 60 && w.y < 260),
          'heading:' + target, 'the heading at the top after the outline jump');
        await checkDrawn(b.page, 'reading-dpr1.5-outline-jump.png');
        check((await status(b.page, server, '#/lesson/2')) === 'Visited', 'opened but not read: "Visited"');

        // Scroll a little further, let the position rest and be saved, then reload.
        await b.page.goto(server.url + '#/lesson/2');
        await waitRoute(b.page, '#/lesson/2');
        await b.page.mouse.move(500, 500);
        await b.page.mouse.wheel(0, 300);
        await b.page.waitForTimeout(400);
        await twoFrames(b.page);
        const anchor = (await testState(b.page)).widgets.find((w) => w.id.startsWith('lesson:l2-rate-limits:p') &&
          w.y > 100 && w.y < 500);
        check(anchor, 'a paragraph on screen before the reload');
        await waitSaved(b.page);
        await b.page.reload();
        await waitReady(b.page);
        await waitFor(b.page, ({id, y}) => window.faultlineTest.widgets.some((w) => w.id === id && Math.abs(w.y - y) <= 40),
          {id: anchor.id, y: anchor.y}, `paragraph ${anchor.id} back near y=${anchor.y} after the reload`);

        // The end of the lesson marks it read.
        await b.page.mouse.click(30, 400);  // focus the canvas, in the margin (no link there)
        await b.page.keyboard.press('End');
        await twoFrames(b.page);
        await waitSaved(b.page);
        checkEqual(await status(b.page, server, '#/lesson/2'), 'Read', 'lesson 2 after reaching its end');

        // Larger text: stored with the theme, kept across a reload.
        await b.page.goto(server.url + '#/settings');
        await waitRoute(b.page, '#/settings');
        checkEqual(await b.page.title(), 'Settings \u00b7 Faultline', 'settings title');
        await clickWidget(b.page, {id: 'text-size:larger'});
        await waitSaved(b.page);
        await clickWidget(b.page, {id: 'theme:light'});
        await waitSaved(b.page);
        await b.page.reload();
        await waitReady(b.page);
        await b.page.goto(server.url + '#/lesson/2');
        await waitRoute(b.page, '#/lesson/2');
        await b.page.waitForTimeout(300);  // the stored position (the end) is restored first
        await b.page.keyboard.press('Home');
        const big = await widget(b.page, {id: 'lesson:l2-rate-limits:p1'});
        check(big.h % 32 === 0 && big.h > para.h, `20 px text: 32 px lines, height ${big.h} (was ${para.h})`);
        await checkDrawn(b.page, 'reading-dpr1.5-larger-light.png');
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });

  test('marks and submits: Submit asks first, a failed quiz is amber, legend, module test, titles, Alt+Left',
    async ({server}) => {
      const b = await launch();
      try {
        await b.page.goto(server.url + '#/quiz/1');
        await waitReady(b.page);
        checkEqual(await b.page.title(), 'Quiz 1: Authentication \u00b7 Faultline', 'quiz title');
        // Submit with nothing answered: a confirmation, and nothing is recorded until confirmed.
        await b.page.keyboard.press('End');
        await clickWidget(b.page, {id: 'quiz:submit'});
        const title = await widget(b.page, {id: 'confirm:title'});
        check(/without answering any question/.test(title.label), `the confirmation says so: "${title.label}"`);
        await checkDrawn(b.page, 'marks-confirm-submit.png');
        await clickWidget(b.page, {id: 'quiz:cancel-submit'});
        await waitFor(b.page, () => !window.faultlineTest.widgets.some((w) => w.id === 'confirm:title'), undefined,
          'the confirmation to close');
        check(!(await find(b.page, 'quiz:score')), 'no score after "Keep answering"');
        checkEqual(await status(b.page, server, '#/quiz/1'), 'Not started', 'nothing recorded by a cancelled submit');

        // Submit anyway: recorded, not passed; the navigation mark is amber, not green.
        await b.page.goto(server.url + '#/quiz/1');
        await waitRoute(b.page, '#/quiz/1');
        await b.page.keyboard.press('End');
        await clickWidget(b.page, {id: 'quiz:submit'});
        await clickWidget(b.page, {id: 'quiz:confirm-submit'});
        checkEqual((await widget(b.page, {id: 'quiz:verdict'})).label, 'Not passed', 'verdict');
        await waitSaved(b.page);

        // The progress page: the quiz not passed, the module test, an overall measure, a legend.
        checkEqual(await status(b.page, server, '#/quiz/1'), 'Not passed yet \u00b7 best 0%', 'quiz 1 status');
        // Its navigation mark (not selected, not hovered) is amber, not the green of a pass.
        const nav = await widget(b.page, {id: 'nav:#/quiz/1'});
        await b.page.mouse.move(5, 700);
        await twoFrames(b.page);
        const amber = await colourShare(b.page, nav, [0xe5, 0xb4, 0x54]);
        const green = await colourShare(b.page, nav, [0x5c, 0xc0, 0x8a]);
        check(amber > 0.02 && green < 0.005,
          `the failed quiz's mark is amber (amber ${amber.toFixed(3)}, green ${green.toFixed(3)} of its pixels)`);
        checkEqual(await b.page.title(), 'Progress \u00b7 Faultline', 'progress title');
        await b.page.keyboard.press('Home');
        checkEqual((await widget(b.page, {id: 'progress:test'})).label, 'Not started', 'module test on the progress page');
        check(/^Overall: 0 of \d+ done \(0%\)$/.test((await widget(b.page, {id: 'progress:overall'})).label), 'overall measure');
        for (const mark of ['Not started', 'Visited', 'Read', 'In progress', 'Not passed yet', 'Passed'])
          await widget(b.page, {id: 'legend:' + mark});
        await checkDrawn(b.page, 'marks-progress.png');

        // Alt+Left (Back) reaches the browser while the canvas has focus: the app does not cancel
        // it, while it does cancel a key it uses (ArrowDown scrolls). A listener on window sees
        // each keydown after the canvas's own handler.
        await clickWidget(b.page, {id: 'nav:#/lesson/1'});
        await waitRoute(b.page, '#/lesson/1');
        checkEqual(await b.page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas',
          'the canvas has focus');
        await b.page.evaluate(() => {
          window.keysSeen = [];
          window.addEventListener('keydown', (e) => window.keysSeen.push(`${e.altKey ? 'Alt+' : ''}${e.key}:${e.defaultPrevented}`));
        });
        await b.page.keyboard.press('ArrowDown');
        await b.page.keyboard.press('Alt+ArrowLeft');
        const seen = await b.page.evaluate(() => window.keysSeen);
        check(seen.includes('ArrowDown:true'), `the app handles ArrowDown (${seen.join(', ')})`);
        check(seen.includes('Alt+ArrowLeft:false'), `Alt+ArrowLeft is left to the browser (${seen.join(', ')})`);

        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });
}
