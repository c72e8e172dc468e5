// The lab editor: CodeMirror 6 in a DOM element placed over the rectangle that the ImGui
// layout reserves on the canvas. The platform layer (src/platform/platform_web.cpp) drives it
// through window.faultlineEditor and hears back through the callbacks given to attach().
// It knows nothing of labs or the store: documents are ids and texts.
import { Compartment, EditorState, Prec } from "@codemirror/state";
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, undoDepth } from "@codemirror/commands";
import {
  HighlightStyle, StreamLanguage, bracketMatching, indentOnInput, syntaxHighlighting,
} from "@codemirror/language";
import { lua } from "@codemirror/legacy-modes/mode/lua";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import { themeExtension } from "./theme.js";

const luaLanguage = StreamLanguage.define(lua);

// Colours come from the app's palette (setTheme); until then, the dark theme's.
const defaultColours = {
  dark: true, background: "#1d2027", text: "#e7e9ee", dim: "#9da3b0", selection: "#2f4a7a",
  gutter: "#1a1c22", activeLine: "#252a33", cursor: "#7aa7ff", border: "#353a46", danger: "#f07178",
  keyword: "#c792ea", string: "#c3e88d", number: "#f78c6c", comment: "#8a93a6", name: "#e7e9ee", builtin: "#82aaff",
};

function highlightFor(c) {
  return syntaxHighlighting(HighlightStyle.define([
    { tag: tags.keyword, color: c.keyword },
    { tag: [tags.string, tags.special(tags.string)], color: c.string },
    { tag: [tags.number, tags.bool, tags.null, tags.atom], color: c.number },
    { tag: [tags.comment, tags.lineComment, tags.blockComment], color: c.comment, fontStyle: "italic" },
    { tag: [tags.variableName, tags.propertyName], color: c.name },
    { tag: [tags.standard(tags.variableName), tags.function(tags.variableName)], color: c.builtin },
    { tag: tags.operator, color: c.text },
  ]));
}

function create(host, callbacks) {
  const themeSlot = new Compartment();
  const readOnlySlot = new Compartment();
  let colours = defaultColours;
  let readOnly = false;
  let currentDoc = null;
  const states = new Map();  // doc id -> EditorState (its undo history, selection, scroll)
  let marker = { line: 0, message: "" };
  let applying = false;  // a change made by the app, not typed: not reported back
  let shownPart = { x: 0, y: 0, w: 0, h: 0 };  // the part of the element not clipped away

  const runKeys = Prec.highest(keymap.of([
    { key: "Mod-Enter", run: () => { callbacks.run(currentDoc); return true; } },
  ]));
  // After the default keymap: Escape first closes the search panel or drops extra cursors.
  const escapeKey = keymap.of([{ key: "Escape", run: () => { callbacks.escape(); return true; } }]);

  const extensions = () => [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
    dropCursor(), EditorState.allowMultipleSelections.of(true), indentOnInput(), bracketMatching(),
    closeBrackets(), rectangularSelection(), crosshairCursor(), highlightActiveLine(),
    highlightSelectionMatches(), lintGutter(), luaLanguage, EditorState.tabSize.of(2),
    runKeys,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
    escapeKey,
    themeSlot.of([themeExtension(colours), highlightFor(colours)]),
    readOnlySlot.of(EditorState.readOnly.of(readOnly)),
    EditorView.contentAttributes.of({ "aria-label": "Code editor (Escape leaves it)" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !applying) callbacks.changed(currentDoc);
    }),
  ];

  const view = new EditorView({ state: EditorState.create({ doc: "", extensions: extensions() }), parent: host });

  // The wheel scrolls the editor while it can; at its top or bottom (or when the text fits)
  // the page behind it scrolls instead, as a DOM page would.
  host.addEventListener("wheel", (e) => {
    const s = view.scrollDOM;
    const down = e.deltaY > 0, up = e.deltaY < 0;
    const atEnd = (down && s.scrollTop + s.clientHeight >= s.scrollHeight - 1) || (up && s.scrollTop <= 0);
    if (e.ctrlKey || !atEnd || e.deltaX !== 0) return;
    e.preventDefault();
    callbacks.wheel(e);
  }, { passive: false });

  // The app's settings apply to whichever document is shown (each kept state has its own copy).
  const reconfigure = () => view.dispatch({ effects: [
    themeSlot.reconfigure([themeExtension(colours), highlightFor(colours)]),
    readOnlySlot.reconfigure(EditorState.readOnly.of(readOnly)),
  ] });

  const lineRange = (line) => {
    const doc = view.state.doc;
    return doc.line(Math.min(Math.max(1, line), doc.lines));
  };

  const applyMarker = () => {
    const diagnostics = [];
    if (marker.line > 0) {
      const l = lineRange(marker.line);
      diagnostics.push({ from: l.from, to: l.to, severity: "error", message: marker.message || "error" });
    }
    view.dispatch(setDiagnostics(view.state, diagnostics));
  };

  const replaceAll = (text) => {
    applying = true;
    try {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    } finally {
      applying = false;
    }
  };

  const api = {
    // x, y, w, h: the reserved rectangle; cx0..cy1: its visible part (page CSS px).
    place(visible, x, y, w, h, cx0, cy0, cx1, cy1) {
      if (!visible) {
        if (host.contains(document.activeElement)) callbacks.escape();
        host.hidden = true;
        return;
      }
      shownPart = { x: Math.max(x, cx0), y: Math.max(y, cy0), w: Math.min(x + w, cx1) - Math.max(x, cx0),
                    h: Math.min(y + h, cy1) - Math.max(y, cy0) };
      const s = host.style;
      s.left = x + "px";
      s.top = y + "px";
      s.width = w + "px";
      s.height = h + "px";
      // The part scrolled out of the ImGui window (under the top bar) is cut off.
      s.clipPath = "inset(" + Math.max(0, cy0 - y) + "px " + Math.max(0, x + w - cx1) + "px " +
          Math.max(0, y + h - cy1) + "px " + Math.max(0, cx0 - x) + "px)";
      if (host.hidden) {
        host.hidden = false;
        view.requestMeasure();
      }
    },
    // Shows document `doc`; its text becomes `text` when it differs (a reset, another tab's
    // draft), as one undoable change. Each document keeps its own undo history.
    setDocument(doc, text, ro) {
      if (doc !== currentDoc) {
        if (currentDoc !== null) states.set(currentDoc, view.state);
        const kept = states.get(doc);
        view.setState(kept || EditorState.create({ doc: text, extensions: extensions() }));
        currentDoc = doc;
        readOnly = ro;
        reconfigure();
        marker = { line: 0, message: "" };
      } else if (ro !== readOnly) {
        readOnly = ro;
        reconfigure();
      }
      if (view.state.doc.toString() === text) return;
      // Nothing typed here yet (the store's draft arriving after the starter): no undo step.
      if (undoDepth(view.state) === 0) {
        view.setState(EditorState.create({ doc: text, extensions: extensions() }));
        reconfigure();
        applyMarker();
      } else {
        replaceAll(text);
      }
    },
    text() { return view.state.doc.toString(); },
    setTheme(c) {
      colours = Object.assign({}, defaultColours, c);
      reconfigure();
    },
    setFontSize(px) { host.style.fontSize = px + "px"; view.requestMeasure(); },
    setMarker(line, message) {
      if (line === marker.line && message === marker.message) return;
      marker = { line, message };
      applyMarker();
    },
    gotoLine(line) {
      const l = lineRange(line);
      view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
      view.focus();
    },
    focus() { view.focus(); },
    // For tests and the test hook.
    get doc() { return currentDoc; },
    get visible() { return !host.hidden; },
    get markerLine() { return marker.line; },
    get cursorLine() { return view.state.doc.lineAt(view.state.selection.main.head).number; },
    get fontPx() { return parseFloat(getComputedStyle(view.contentDOM).fontSize); },
    get background() { return getComputedStyle(view.dom).backgroundColor; },
    get rect() {
      const r = host.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    },
    get shownRect() { return Object.assign({}, shownPart); },
    view,
  };
  return api;
}

// window.faultlineEditor.attach(callbacks) creates the editor in #editor and returns its API.
window.faultlineEditor = {
  attach(callbacks) {
    const host = document.getElementById("editor");
    if (!host) return null;
    return create(host, callbacks);
  },
};
