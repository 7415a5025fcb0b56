// Input methods (Unikey through ibus or fcitx, Telex or VNI) compose a word before they hand it
// over: "Phongf" shows as "Phòng" while it is being composed. When the field loses the focus in
// the middle (a click elsewhere, Ctrl+S, an autosave's re-render, another article opened), some
// input methods end the composition empty and the word the reporter saw is gone. This module
// watches every composition in the page and, when one ends empty after showing a word, puts that
// word back where it was being composed, as if the input method had committed it.
//
// Text fields (input, textarea) are handled here for the whole page; the body editor (CodeMirror)
// keeps its own compositions with `composedWord` below, in its own document model.

/** One composition under way in a text field. */
interface Composing {
  field: HTMLInputElement | HTMLTextAreaElement;
  /** The field's text when the composition began, and where it began. */
  before: string;
  at: number;
  /** The word last shown (the last compositionupdate's data). */
  shown: string;
}

let current: Composing | null = null;
/** A composition that ended empty, waiting to see whether its input method commits the word. */
let pending = 0;
const waiting: (() => void)[] = [];

/**
 * How long after a composition ends empty its word may still arrive. IBus ends it empty when the
 * field loses the focus and commits the word a few milliseconds later; Fcitx 5 commits it as the
 * composition ends; an input method that drops it sends nothing more.
 */
export const COMMIT_GRACE_MS = 120;

/** Whether an input method is composing a word in some field of the page now. */
export function composing(): boolean {
  return current !== null || pending > 0 || editorComposing > 0;
}

/**
 * Runs `then` once no composition is under way (at once when none is), or after `atMostMs` if an
 * input method keeps composing that long: a save asked for is never held for long.
 */
export function afterComposition(then: () => void, atMostMs = 1000): void {
  if (!composing()) {
    then();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  waiting.push(once);
  setTimeout(once, atMostMs);
}

function settled() {
  if (composing()) return;
  for (const f of waiting.splice(0)) f();
}

let editorComposing = 0;
/**
 * The body editor says when a composition starts (true) and when it is done with one (false), the
 * word kept or committed: it keeps their text in its own document.
 */
export function editorComposition(on: boolean): void {
  editorComposing = Math.max(0, editorComposing + (on ? 1 : -1));
  if (!on) queueMicrotask(settled);
}

const isTextField = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && ['text', 'search', 'url', 'email', ''].includes(el.type));

/**
 * What a composition that ended with `ended` (compositionend's data) leaves to put back: the word
 * last shown when the composition ended empty, none when it ended with its text or showed nothing.
 */
export function composedWord(shown: string, ended: string): string | null {
  return ended === '' && shown !== '' ? shown : null;
}

/** Puts `c`'s word back into its field when the composition dropped it. */
function keep(c: Composing, word: string) {
  const field = c.field;
  // Only when the field holds what it held before the word: the input method took the word away,
  // did not commit it after all, and nothing else changed the field since.
  if (field.value !== c.before) return;
  field.setRangeText(word, c.at, c.at, 'end');
  // The page's own bookkeeping (Svelte's bind:value) learns of the text as of any typing.
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertCompositionText', data: word }));
}

/**
 * A word whose composition ended empty in `origin`, while its input method may still commit it.
 * IBus commits it a few milliseconds after the focus left, and then the commit can land in the
 * field that has the focus now: "Phòng" typed at the end of the search box would end the lead.
 * Such a commit is refused there; the word goes back where it was typed.
 */
let dropped: { word: string; origin: Node } | null = null;

/** Says that `word`, composed in `origin`, may be committed elsewhere; the returned call ends it. */
export function expectCommit(word: string, origin: Node): () => void {
  const mine = { word, origin };
  dropped = mine;
  return () => {
    if (dropped === mine) dropped = null;
  };
}

/** Whether a `beforeinput` event is that word, committed somewhere else than where it was typed. */
function strayCommit(e: InputEvent): boolean {
  const d = dropped;
  if (!d || !(e.target instanceof Node) || d.origin.contains(e.target)) return false;
  return (e.inputType === 'insertFromComposition' || e.inputType === 'insertText') && e.data === d.word;
}

/** Starts watching the page's text fields (once, at start). */
export function watchCompositions(doc: Document = document): void {
  // Refused before the text goes in; when the page cannot refuse it, taken out right after.
  let undo: { field: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
  doc.addEventListener(
    'beforeinput',
    (e) => {
      if (!strayCommit(e as InputEvent)) return;
      if (e.cancelable) e.preventDefault();
      else if (isTextField(e.target)) undo = { field: e.target, value: e.target.value };
    },
    true,
  );
  doc.addEventListener(
    'input',
    (e) => {
      const u = undo;
      if (!u || e.target !== u.field) return;
      undo = null;
      u.field.value = u.value;
      u.field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContent' }));
    },
    true,
  );
  doc.addEventListener(
    'compositionstart',
    (e) => {
      const field = e.target;
      if (!isTextField(field)) return;
      current = { field, before: field.value, at: field.selectionStart ?? field.value.length, shown: '' };
    },
    true,
  );
  doc.addEventListener(
    'compositionupdate',
    (e) => {
      if (current && e.target === current.field) current.shown = (e as CompositionEvent).data ?? '';
    },
    true,
  );
  doc.addEventListener(
    'compositionend',
    (e) => {
      const c = current;
      if (!c || e.target !== c.field) return;
      current = null;
      const word = composedWord(c.shown, (e as CompositionEvent).data ?? '');
      if (word === null) {
        queueMicrotask(settled);
        return;
      }
      pending += 1;
      const done = expectCommit(word, c.field);
      setTimeout(() => {
        done();
        keep(c, word);
        pending -= 1;
        settled();
      }, COMMIT_GRACE_MS);
    },
    true,
  );
}
