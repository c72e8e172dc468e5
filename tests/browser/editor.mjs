// Browser tests of the code editor (issue 13, deliverable 2): CodeMirror placed over the
// rectangle the ImGui layout reserves, typed into with the real keyboard, undo, Ctrl+Enter
// reaching the app, paste through the OS clipboard, following a window resize, the text size
// and the theme, hidden on another route, keys kept away from the ImGui page, Escape, the
// draft kept across a reload, and a second tab that only reads. One browser for all of it (CI
// time). Registered by run.mjs.
import {clickWidget, launch, waitFor, waitReady, waitRoute, waitSaved, widget} from './harness.mjs';

const LAB_ROUTE = '#/lab/2';
const DOC = 'lab:lab2-rate-limits';
const WIDGET = 'editor:' + DOC;

const editorState = (page) => page.evaluate(() => window.faultlineTest.editor);
const findWidget = (page, id) => page.evaluate((i) => window.faultlineTest.widgets.find((w) => w.id === i), id);

// Two more frames drawn (a window focus event wakes the idle loop without any input).
async function twoFrames(page) {
  const frames = await page.evaluate(() => {
    window.dispatchEvent(new Event('focus'));
    return window.faultlineTest.frames;
  });
  await waitFor(page, (n) => window.faultlineTest.frames > n + 1, frames, 'two frames');
}

// Opens the lab and brings the editor fully into view: End on the canvas scrolls the page to
// its end, where the editor is. Returns the editor's widget (its reserved rectangle).
async function openEditor(page, server) {
  await page.goto(server.url + LAB_ROUTE);
  await waitReady(page);
  await waitRoute(page, LAB_ROUTE);
  await page.focus('#canvas');
  await page.keyboard.press('End');
  await waitFor(page, () => window.faultlineTest.editor && window.faultlineTest.editor.visible, undefined,
    'the editor to show');
  await twoFrames(page);
  return widget(page, {id: WIDGET});
}

// The part of the editor not clipped away covers the widget's rectangle (which is clipped to
// the page's window) exactly (CSS px, DPR 1: page = ImGui coordinates).
async function checkPlaced(page, check, what) {
  await twoFrames(page);
  const w = await findWidget(page, WIDGET);
  const e = await editorState(page);
  check(w && e.visible, `${what}: the editor is shown`);
  const near = (a, b) => Math.abs(a - b) <= 1;
  const r = e.shownRect;
  check(near(r.x, w.x) && near(r.y, w.y) && near(r.w, w.w) && near(r.h, w.h),
    `${what}: the editor's shown part ${JSON.stringify(r)} covers its rectangle ${JSON.stringify(w)}`);
  check(near(e.rect.x, w.x) && near(e.rect.w, w.w) && e.rect.y <= w.y + 1 && e.rect.h >= w.h - 1,
    `${what}: the editor element ${JSON.stringify(e.rect)} spans its rectangle ${JSON.stringify(w)}`);
  return w;
}

// Clicks at the end of the editor's last line (the cursor goes there).
async function clickIntoEditor(page) {
  const e = await editorState(page);
  await page.mouse.click(e.rect.x + e.rect.w / 2, e.rect.y + 30);
  await page.keyboard.press('Control+End');
}

export function registerEditorTests({test, check, checkEqual, checkDrawn, checkNoProblems}) {
  test('editor: placed over its rectangle, typing, undo, Ctrl+Enter, paste, resize, text size, theme, routes, reload',
    async ({server}) => {
      const b = await launch({viewport: {width: 1280, height: 800}});
      try {
        await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url.replace(/\/$/, '')});
        const page = b.page;
        await openEditor(page, server);
        let e = await editorState(page);
        checkEqual(e.doc, DOC, 'the document shown');
        check(e.text.includes('function main'), `the editor starts with the starter code, got ${JSON.stringify(e.text.slice(0, 80))}`);
        check(!e.readOnly, 'the writing tab can edit');
        const starter = e.text;
        await checkPlaced(page, check, 'at first');
        await checkDrawn(page, 'editor-dark.png');

        // Typing with the real keyboard: the text changes, the ImGui page does not move (End,
        // PageDown and Space would scroll it if they reached ImGui).
        const before = await findWidget(page, WIDGET);
        await clickIntoEditor(page);
        await page.keyboard.type('\n-- typed in the browser test');
        await page.keyboard.press('PageDown');
        await page.keyboard.press('End');
        await page.keyboard.type(' ');
        e = await editorState(page);
        check(e.focused, 'the editor has the keyboard');
        checkEqual(e.text, starter + '\n-- typed in the browser test ', 'the text after typing');
        await twoFrames(page);
        const after = await findWidget(page, WIDGET);
        checkEqual(after.y, before.y, 'the ImGui page did not scroll while typing in the editor (editor top)');

        // Undo takes the typing back (CodeMirror groups it), redo brings it back.
        let undos = 0;
        while ((await editorState(page)).text !== starter && undos < 6) {
          await page.keyboard.press('Control+z');
          undos++;
        }
        checkEqual((await editorState(page)).text, starter, `the starter after ${undos} undos`);
        for (let i = 0; i < undos; i++) await page.keyboard.press('Control+y');
        checkEqual((await editorState(page)).text, starter + '\n-- typed in the browser test ', 'the text after redo');

        // Ctrl+Enter reaches the app (and types no new line).
        const runs = await page.evaluate(() => window.faultlineTest.editorRuns);
        await page.keyboard.press('Control+Enter');
        await waitFor(page, (n) => window.faultlineTest.editorRuns === n + 1, runs, 'the app to see Ctrl+Enter');
        checkEqual((await editorState(page)).text, starter + '\n-- typed in the browser test ', 'Ctrl+Enter typed nothing');

        // Paste through the OS clipboard replaces the selection.
        const pasted = '-- pasted through the clipboard\nfunction main(ctx)\n  log.info("hi")\nend\n';
        await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
        await page.keyboard.press('Control+a');
        await page.keyboard.press('Control+v');
        await waitFor(page, (t) => window.faultlineTest.editor.text === t, pasted, 'the pasted text in the editor');

        // The draft is stored about a second after the last edit.
        await waitFor(page, (t) => {
          const p = window.faultlineTest.progress;
          const row = p && p.tables.settings.find((r) => r.key === 'draft:lab:lab2-rate-limits');
          return row && row.value === t;
        }, pasted, 'the draft in the store', 5000);
        await waitSaved(page);

        // The error marker and goto line, as the workspace drives them (through the platform's
        // calls): a tinted line with a gutter mark and the message on hover; the cursor moves.
        await page.evaluate(() => Module.fl.editor.api.setMarker(2, 'attempt to call a nil value (global \'x\')'));
        await waitFor(page, () => document.querySelector('#editor .cm-lintRange-error') &&
          document.querySelector('#editor .cm-lint-marker-error'), undefined, 'the error line and its gutter mark');
        checkEqual((await editorState(page)).markerLine, 2, 'marker line');
        await page.evaluate(() => Module.fl.editor.api.gotoLine(3));
        e = await editorState(page);
        checkEqual(e.cursorLine, 3, 'cursor line after goto');
        check(e.focused, 'goto focuses the editor');
        await checkDrawn(page, 'editor-marker.png');
        await page.evaluate(() => Module.fl.editor.api.setMarker(0, ''));

        // Escape gives the keyboard back to the page.
        await page.keyboard.press('Escape');
        checkEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas',
          'focus after Escape');

        // A smaller window: the layout changes and the editor follows.
        await page.setViewportSize({width: 1024, height: 640});
        await page.keyboard.press('End');
        await checkPlaced(page, check, 'after a resize to 1024x640');
        await page.setViewportSize({width: 1280, height: 800});

        // Another route hides it; coming back shows the draft.
        await page.evaluate(() => { location.hash = '#/about'; });
        await waitRoute(page, '#/about');
        await twoFrames(page);
        checkEqual((await editorState(page)).visible, false, 'the editor on #/about');

        // Larger text (#/settings) makes the editor's font larger; the light theme its colours.
        const darkBackground = e.background;
        await page.evaluate(() => { location.hash = '#/settings'; });
        await waitRoute(page, '#/settings');
        await clickWidget(page, {id: 'text-size:larger'});
        await clickWidget(page, {id: 'theme:light'});
        await waitSaved(page);
        await openEditor(page, server);
        e = await editorState(page);
        checkEqual(e.text, pasted, 'the draft after visiting other pages');
        checkEqual(e.fontPx, 17.5, 'code font px at the larger text size (14 x 1.25)');
        check(e.background !== darkBackground, `the light theme changes the editor's background (${e.background})`);
        await checkPlaced(page, check, 'at the larger text size');
        await checkDrawn(page, 'editor-light.png');

        // A reload finds the draft.
        await page.reload();
        await openEditor(page, server);
        checkEqual((await editorState(page)).text, pasted, 'the draft after a reload');

        // A second tab reads only: its editor too, and it follows the writer's draft.
        const reader = await b.context.newPage();
        await openEditor(reader, server);
        await waitFor(reader, () => window.faultlineTest.role === 'reader', undefined, 'the second tab to read only');
        e = await editorState(reader);
        check(e.readOnly, 'the reading tab\'s editor is read-only');
        checkEqual(e.text, pasted, 'the reading tab shows the stored draft');
        await clickIntoEditor(reader);
        await reader.keyboard.type('x');
        checkEqual((await editorState(reader)).text, pasted, 'typing in the reading tab changes nothing');
        await page.bringToFront();
        await clickIntoEditor(page);
        await page.keyboard.type('-- from the writer');
        await reader.bringToFront();  // the writer stores it a second later; the reader reloads then
        await waitFor(reader, (t) => window.faultlineTest.editor.text === t, pasted + '-- from the writer',
          'the reading tab to show the writer\'s new draft', 10000);
        checkNoProblems(b.problems);
      } finally {
        await b.close();
      }
    });
}
