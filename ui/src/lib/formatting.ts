// Formatting for people who have never seen Markdown: the toolbar's buttons and the usual
// shortcuts (Ctrl+B, Ctrl+I, Ctrl+K…) write the Markdown the app stores. Each is a CodeMirror
// command over the editor's state, so the vitest tests (formatting.test.ts) run them on a state
// with no window, and the window test (tests/it/app.rs) presses the real keys.
import { EditorSelection, type ChangeSpec, type EditorState, type Transaction } from '@codemirror/state';

/** A command: the transaction it makes on `state`, or null when there is nothing to do. */
export type Format = (state: EditorState) => Transaction | null;

/** The word around `pos` (letters, digits and marks of any script), as offsets. */
function wordAt(state: EditorState, pos: number): { from: number; to: number } {
  const line = state.doc.lineAt(pos);
  const text = line.text;
  let from = pos - line.from;
  let to = from;
  const inWord = (ch: string) => /[\p{L}\p{M}\p{N}]/u.test(ch);
  while (from > 0 && inWord(text[from - 1])) from--;
  while (to < text.length && inWord(text[to])) to++;
  return { from: line.from + from, to: line.from + to };
}

/**
 * Wraps each selection (or the word at the cursor) in `mark` on both sides, or takes the marks
 * away when they are already there (inside or just outside the selection). An empty place gets
 * the two marks with the cursor between them.
 */
export function toggleInline(mark: string): Format {
  return (state) => {
    const n = mark.length;
    const tr = state.changeByRange((range) => {
      let { from, to } = range;
      if (from === to) {
        const w = wordAt(state, from);
        if (w.from === w.to) {
          return {
            changes: { from, insert: mark + mark },
            range: EditorSelection.cursor(from + n),
          };
        }
        ({ from, to } = w);
      }
      const inside = state.sliceDoc(from, to);
      // Marked inside the selection: "**word**" selected.
      if (inside.length >= 2 * n && inside.startsWith(mark) && inside.endsWith(mark) && !isDoubled(inside, mark)) {
        return {
          changes: [
            { from, to: from + n },
            { from: to - n, to },
          ],
          range: EditorSelection.range(from, to - 2 * n),
        };
      }
      // Marked just outside it: "word" selected in "**word**".
      if (state.sliceDoc(from - n, from) === mark && state.sliceDoc(to, to + n) === mark && !outsideDoubled(state, from, to, mark)) {
        return {
          changes: [
            { from: from - n, to: from },
            { from: to, to: to + n },
          ],
          range: EditorSelection.range(from - n, to - n),
        };
      }
      return {
        changes: [
          { from, insert: mark },
          { from: to, insert: mark },
        ],
        range: EditorSelection.range(from + n, to + n),
      };
    });
    return state.update(tr, { scrollIntoView: true, userEvent: 'input.format' });
  };
}

/** "*" inside "**bold**": italics must not take one star of a bold's two. */
function isDoubled(inside: string, mark: string): boolean {
  return mark === '*' && inside.startsWith('**') && inside.endsWith('**') && !inside.startsWith('***');
}

function outsideDoubled(state: EditorState, from: number, to: number, mark: string): boolean {
  return mark === '*' && state.sliceDoc(from - 2, from) === '**' && state.sliceDoc(to, to + 2) === '**' && state.sliceDoc(from - 3, from) !== '***';
}

/** Bold: `**…**`. */
export const bold = toggleInline('**');
/** Italic: `*…*`. */
export const italic = toggleInline('*');

/** A link on the selection (or the word at the cursor): `[text](https://)`, the address selected to type over. */
export const link: Format = (state) => {
  const tr = state.changeByRange((range) => {
    let { from, to } = range;
    if (from === to) ({ from, to } = wordAt(state, from));
    const text = state.sliceDoc(from, to);
    const insert = `[${text}](https://)`;
    const at = from + text.length + 3; // after "[text]("
    return {
      changes: { from, to, insert },
      range: text ? EditorSelection.range(at, at + 'https://'.length) : EditorSelection.cursor(from + 1),
    };
  });
  return state.update(tr, { scrollIntoView: true, userEvent: 'input.format' });
};

/** The lines the selections touch, each once, in order. */
function touchedLines(state: EditorState) {
  const seen = new Set<number>();
  const lines = [];
  for (const r of state.selection.ranges) {
    for (let n = state.doc.lineAt(r.from).number; n <= state.doc.lineAt(r.to).number; n++) {
      if (seen.has(n)) continue;
      seen.add(n);
      lines.push(state.doc.line(n));
    }
  }
  return lines.sort((a, b) => a.number - b.number);
}

/** Any prefix a block can have: heading, list item, numbered item, quote. */
const BLOCK_PREFIX = /^(#{1,6} |[-*+] |\d+[.)] |> )/;

/**
 * Makes every non-empty line the selections touch start with `prefix(i)` (the i-th such line,
 * from 0), replacing another block prefix it has; when all of them already have this kind of
 * prefix (`is`), takes it away instead: the buttons are toggles.
 */
function toggleLines(prefix: (i: number) => string, is: RegExp): Format {
  return (state) => {
    const lines = touchedLines(state).filter((l) => l.text.trim() !== '');
    if (lines.length === 0) {
      const at = state.selection.main.head;
      const insert = prefix(0);
      return state.update({ changes: { from: at, insert }, selection: { anchor: at + insert.length }, userEvent: 'input.format' });
    }
    const all = lines.every((l) => is.test(l.text));
    const changes: ChangeSpec[] = lines.map((l, i) => {
      const old = BLOCK_PREFIX.exec(l.text)?.[0] ?? '';
      return { from: l.from, to: l.from + old.length, insert: all ? '' : prefix(i) };
    });
    return state.update({ changes, scrollIntoView: true, userEvent: 'input.format' });
  };
}

/** A heading (the article's subheads, `## `). */
export const heading = toggleLines(() => '## ', /^## /);
/** A bulleted list, `- ` on each line. */
export const bulletList = toggleLines(() => '- ', /^[-*+] /);
/** A numbered list, `1. `, `2. `… on the lines in order. */
export const numberedList = toggleLines((i) => `${i + 1}. `, /^\d+[.)] /);
/** A quote, `> ` on each line. */
export const quote = toggleLines(() => '> ', /^> /);
