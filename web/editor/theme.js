// The editor's look from the app's palette: the same surface, text, accent and code colours as
// the ImGui code blocks, in both themes. The font is the app's JetBrains Mono (the platform
// registers it from the bundle as "Faultline Mono"), its size the learner's text size.
import { EditorView } from "@codemirror/view";

export function themeExtension(c) {
  return EditorView.theme({
    "&": { color: c.text, backgroundColor: c.background, height: "100%", border: "1px solid " + c.border,
           borderRadius: "6px", boxSizing: "border-box" },
    "&.cm-focused": { outline: "2px solid " + c.cursor, outlineOffset: "-1px" },
    ".cm-scroller": { fontFamily: '"Faultline Mono", "JetBrains Mono", ui-monospace, monospace', lineHeight: "1.5",
                      overflow: "auto" },
    ".cm-content": { caretColor: c.cursor, padding: "6px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.cursor, borderLeftWidth: "2px" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
        { backgroundColor: c.selection },
    ".cm-activeLine": { backgroundColor: c.activeLine },
    ".cm-gutters": { backgroundColor: c.gutter, color: c.dim, borderRight: "1px solid " + c.border,
                     borderRadius: "6px 0 0 6px" },
    ".cm-activeLineGutter": { backgroundColor: c.activeLine, color: c.text },
    ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: c.selection, outline: "1px solid " + c.dim },
    ".cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket": { color: c.danger },
    ".cm-searchMatch": { backgroundColor: c.selection, outline: "1px solid " + c.cursor },
    ".cm-selectionMatch": { backgroundColor: c.activeLine },
    ".cm-panels": { backgroundColor: c.gutter, color: c.text },
    ".cm-panels.cm-panels-bottom": { borderTop: "1px solid " + c.border },
    ".cm-panel input, .cm-panel button": { font: "inherit", fontSize: "0.9em", color: c.text },
    ".cm-textfield": { backgroundColor: c.background, border: "1px solid " + c.border },
    ".cm-button": { backgroundImage: "none", backgroundColor: c.activeLine, border: "1px solid " + c.border },
    // The error of the last run: the line tinted, a mark in the gutter, the message on hover.
    ".cm-lintRange-error": { backgroundImage: "none", backgroundColor: c.danger + "33",
                             textDecoration: "underline wavy " + c.danger, textUnderlineOffset: "3px" },
    ".cm-tooltip": { backgroundColor: c.gutter, color: c.text, border: "1px solid " + c.border },
    ".cm-diagnostic-error": { borderLeftColor: c.danger },
  }, { dark: c.dark });
}
