// The body shown as it will read: the Markdown marks (**, *, ##, >, [ ](…), \) are hidden on
// every line but the ones the caret or the selection is on, where they come back to be edited; a
// bullet shows as a bullet; a figure line `![alt](anh:N "caption")` shows its photo's thumbnail
// and caption. The text the app stores is untouched: only what is drawn changes, and the raw
// Markdown is one toggle away (MarkdownEditor's "Mã Markdown").
//
// `concealed` is the pure part (which ranges to hide, on a state with no window), tested by
// vitest (livePreview.test.ts); `livePreview` draws it in the editor.
import { syntaxTree } from '@codemirror/language';
import { StateEffect, StateField, type EditorState, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';

/** A figure line's parts: its photo's number in the article, alt text and caption. */
export type FigureRef = { n: number; alt: string; caption: string };

/** One range the preview draws differently: hidden, a bullet, a figure, or a quoted line. */
export type Concealed =
  | { from: number; to: number; as: 'hidden' }
  | { from: number; to: number; as: 'bullet' }
  | { from: number; to: number; as: 'figure'; figure: FigureRef }
  | { from: number; to: number; as: 'quote' };

/** Whether the line(s) holding `from`–`to` have the caret or a selection on them. */
function editing(state: EditorState, from: number, to: number, focused: boolean): boolean {
  if (!focused) return false;
  const start = state.doc.lineAt(from).from;
  const end = state.doc.lineAt(to).to;
  return state.selection.ranges.some((r) => r.from <= end && r.to >= start);
}

/** A figure line's title (`"caption"`) without its quotes and escapes. */
function unquote(title: string): string {
  const t = title.trim();
  const inner = /^(["'(])([\s\S]*)[)"']$/.exec(t)?.[2] ?? t;
  return inner.replace(/\\(.)/g, '$1');
}

/**
 * What the preview conceals between `from` and `to` (the whole text by default); `focused` says
 * the editor has the focus (without it, the caret's line reads as published too).
 */
export function concealed(state: EditorState, from = 0, to = state.doc.length, focused = true): Concealed[] {
  const out: Concealed[] = [];
  const doc = state.doc;
  syntaxTree(state).iterate({
    from,
    to,
    enter(node) {
      const name = node.name;
      const parent = node.node.parent?.name ?? '';
      if (name === 'Blockquote') {
        // Each line of a quote, marked so it draws with a rule on its left.
        for (let pos = node.from; pos <= node.to; ) {
          const line = doc.lineAt(pos);
          out.push({ from: line.from, to: line.from, as: 'quote' });
          pos = line.to + 1;
        }
        return;
      }
      if (name === 'Image') {
        const text = doc.sliceString(node.from, node.to);
        const m = /^!\[([\s\S]*?)\]\(anh:(\d+)(?:\s+([\s\S]*))?\)$/.exec(text);
        if (m && !editing(state, node.from, node.to, focused)) {
          out.push({
            from: node.from,
            to: node.to,
            as: 'figure',
            figure: { n: Number(m[2]), alt: m[1].replace(/\\(.)/g, '$1'), caption: m[3] ? unquote(m[3]) : '' },
          });
          return false;
        }
        return;
      }
      if (editing(state, node.from, node.to, focused)) return;
      switch (name) {
        case 'HeaderMark': {
          if (!parent.startsWith('ATXHeading')) return;
          // "## " goes with its space; a closing "##" with the space before it.
          const after = doc.sliceString(node.to, node.to + 1) === ' ' ? 1 : 0;
          out.push({ from: node.from, to: node.to + after, as: 'hidden' });
          return;
        }
        case 'QuoteMark': {
          const after = doc.sliceString(node.to, node.to + 1) === ' ' ? 1 : 0;
          out.push({ from: node.from, to: node.to + after, as: 'hidden' });
          return;
        }
        case 'EmphasisMark':
          out.push({ from: node.from, to: node.to, as: 'hidden' });
          return;
        case 'CodeMark':
          if (parent === 'InlineCode') out.push({ from: node.from, to: node.to, as: 'hidden' });
          return;
        case 'Escape':
          // "\*" shows as "*".
          out.push({ from: node.from, to: node.from + 1, as: 'hidden' });
          return;
        case 'LinkMark':
        case 'URL':
        case 'LinkTitle':
          // In a link, only its words show: "[", "](", the address and its title are hidden.
          if (parent === 'Link') {
            // The space before a title goes with it.
            const start = name === 'LinkTitle' && doc.sliceString(node.from - 1, node.from) === ' ' ? node.from - 1 : node.from;
            out.push({ from: start, to: node.to, as: 'hidden' });
          }
          return;
        case 'ListMark':
          if (parent === 'ListItem' && node.node.parent?.parent?.name === 'BulletList') {
            const after = doc.sliceString(node.to, node.to + 1) === ' ' ? 1 : 0;
            out.push({ from: node.from, to: node.to + after, as: 'bullet' });
          }
          return;
      }
    },
  });
  return out;
}

/** The thumbnails of the article's photos, by number (PhotoPanel knows them). */
export const setThumbs = StateEffect.define<Record<number, string>>();
/** Kept outside the preview's compartment: the raw view toggled back keeps them. */
export const previewThumbs = StateField.define<Record<number, string>>({
  create: () => ({}),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setThumbs)) value = e.value;
    return value;
  },
});

/** The mouse button was released: the layout catches up with the selection. */
const released = StateEffect.define<null>();

class Bullet extends WidgetType {
  eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const s = document.createElement('span');
    s.className = 'cm-lp-bullet';
    s.textContent = '•\u00a0';
    s.setAttribute('aria-hidden', 'true');
    return s;
  }
}

class Figure extends WidgetType {
  constructor(
    readonly figure: FigureRef,
    readonly url: string | undefined,
    readonly noPhoto: string,
  ) {
    super();
  }
  eq(other: Figure): boolean {
    return (
      other.figure.n === this.figure.n &&
      other.figure.alt === this.figure.alt &&
      other.figure.caption === this.figure.caption &&
      other.url === this.url
    );
  }
  toDOM(): HTMLElement {
    const box = document.createElement('span');
    box.className = 'cm-lp-figure';
    box.dataset.figure = String(this.figure.n);
    if (this.url) {
      const img = document.createElement('img');
      img.src = this.url;
      img.alt = this.figure.alt;
      box.append(img);
    } else {
      const none = document.createElement('span');
      none.className = 'cm-lp-nophoto';
      none.textContent = this.noPhoto;
      box.append(none);
    }
    if (this.figure.caption) {
      const cap = document.createElement('span');
      cap.className = 'cm-lp-caption';
      cap.textContent = this.figure.caption;
      box.append(cap);
    }
    return box;
  }
  // A click on the figure puts the caret on its line, which shows the line as written.
  ignoreEvent(): boolean {
    return false;
  }
}

const quoteLine = Decoration.line({ class: 'cm-lp-quote' });

function build(view: EditorView, noPhoto: (n: number) => string): { all: DecorationSet; atoms: DecorationSet } {
  const shown = view.state.field(previewThumbs, false) ?? {};
  const lines: Range<Decoration>[] = [];
  const replaced: Range<Decoration>[] = [];
  for (const { from, to } of view.visibleRanges) {
    for (const c of concealed(view.state, from, to, view.hasFocus)) {
      if (c.as === 'quote') lines.push(quoteLine.range(c.from));
      else if (c.as === 'hidden') replaced.push(Decoration.replace({}).range(c.from, c.to));
      else if (c.as === 'bullet') replaced.push(Decoration.replace({ widget: new Bullet() }).range(c.from, c.to));
      else replaced.push(Decoration.replace({ widget: new Figure(c.figure, shown[c.figure.n], noPhoto(c.figure.n)) }).range(c.from, c.to));
    }
  }
  const atoms = Decoration.set(replaced, true);
  return { all: Decoration.set([...lines, ...replaced], true), atoms };
}

/**
 * The live preview, `noPhoto(n)` said where photo `n` has no thumbnail (yet); the thumbnails
 * come from `previewThumbs`, which the editor includes outside this.
 */
export function livePreview(noPhoto: (n: number) => string) {
  return ViewPlugin.fromClass(
      class {
        decorations: DecorationSet;
        atoms: DecorationSet;
        /**
         * A mouse button is down in the editor: the layout stays as it is until it is released,
         * so a line does not shift under a pointer selecting in it (its marks show after).
         */
        pointer = false;
        release: () => void;
        constructor(readonly view: EditorView) {
          ({ all: this.decorations, atoms: this.atoms } = build(view, noPhoto));
          this.release = () => {
            if (!this.pointer) return;
            this.pointer = false;
            view.dispatch({ effects: released.of(null) });
          };
          window.addEventListener('mouseup', this.release, true);
        }
        destroy() {
          window.removeEventListener('mouseup', this.release, true);
        }
        update(u: ViewUpdate) {
          if (this.pointer && !u.docChanged && u.transactions.every((tr) => tr.isUserEvent('select.pointer') || !tr.selection)) {
            return;
          }
          if (
            u.transactions.some((tr) => tr.effects.some((e) => e.is(released))) ||
            u.docChanged ||
            u.selectionSet ||
            u.focusChanged ||
            u.viewportChanged ||
            syntaxTree(u.startState) !== syntaxTree(u.state) ||
            u.startState.field(previewThumbs, false) !== u.state.field(previewThumbs, false)
          ) {
            ({ all: this.decorations, atoms: this.atoms } = build(u.view, noPhoto));
          }
        }
      },
      {
        decorations: (p) => p.decorations,
        eventHandlers: {
          mousedown(e) {
            if (e.button === 0) this.pointer = true;
          },
        },
        // The caret steps over a hidden mark as one place, never inside it.
        provide: (p) => EditorView.atomicRanges.of((view) => view.plugin(p)?.atoms ?? Decoration.none),
      },
  );
}
