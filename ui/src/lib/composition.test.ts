// @vitest-environment jsdom
// The page-wide guard of lib/composition.ts. The window tests (tests/it/ime.rs) type through real
// IBus and Fcitx 5 with Unikey: with WebKit's preedit on, both commit the word when the focus
// leaves, so they prove the guard never doubles a committed word. The path where an input method
// ends the composition empty and never commits the word is not produced by any input method on
// this machine: it is played here, event by event, as WebKit reports it.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMIT_GRACE_MS, afterComposition, composedWord, composing, watchCompositions } from './composition';

beforeAll(() => watchCompositions(document));
afterEach(() => vi.useRealTimers());

/** A title field holding `text`, caret at its end, and what the page's binding last heard. */
function field(text: string) {
  document.body.innerHTML = '';
  const el = document.createElement('input');
  el.type = 'text';
  el.value = text;
  document.body.append(el);
  el.setSelectionRange(text.length, text.length);
  const heard: string[] = [];
  el.addEventListener('input', () => heard.push(el.value));
  return { el, heard };
}

/** WebKit's events for a composition showing `shown` in `el`, then ended with `ended`. */
function compose(el: HTMLInputElement, shown: string[], ended: string) {
  const at = el.selectionStart ?? el.value.length;
  const before = el.value;
  el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
  for (const s of shown) {
    el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: s }));
    el.value = before.slice(0, at) + s + before.slice(at);
  }
  el.value = before.slice(0, at) + ended + before.slice(at);
  el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: ended }));
}

describe('a word being composed when the field loses the focus', () => {
  it('is put back when the input method ends the composition empty and never commits it', () => {
    vi.useFakeTimers();
    const { el, heard } = field('Thành phố Hải ');
    compose(el, ['P', 'Ph', 'Pho', 'Phon', 'Phong', 'Phòng'], '');
    expect(el.value).toBe('Thành phố Hải ');
    expect(composing()).toBe(true);
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(el.value).toBe('Thành phố Hải Phòng');
    expect(heard.at(-1)).toBe('Thành phố Hải Phòng');
    expect(composing()).toBe(false);
  });

  it('is not doubled when the input method commits it after ending the composition empty (IBus)', () => {
    vi.useFakeTimers();
    const { el } = field('Hải ');
    compose(el, ['P', 'Phòng'], '');
    // The commit, a few milliseconds later.
    el.value = 'Hải Phòng';
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(el.value).toBe('Hải Phòng');
  });

  it('is left alone when the composition ends with its text (Fcitx 5) or showed nothing', () => {
    expect(composedWord('Phòng', 'Phòng')).toBeNull();
    expect(composedWord('', '')).toBeNull();
    expect(composedWord('Phòng', '')).toBe('Phòng');
    vi.useFakeTimers();
    const { el } = field('Hải ');
    compose(el, ['P', 'Phòng'], 'Phòng');
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(el.value).toBe('Hải Phòng');
  });

  it('goes back in the middle of the text, where it was composed', () => {
    vi.useFakeTimers();
    const { el } = field('Hải  mới');
    el.setSelectionRange(4, 4);
    compose(el, ['P', 'Phòng'], '');
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(el.value).toBe('Hải Phòng mới');
  });
});

describe('a word committed late into the field that has the focus now (IBus)', () => {
  it('is refused there and goes back where it was typed', () => {
    vi.useFakeTimers();
    const { el: search } = field('Hải ');
    const lead = document.createElement('textarea');
    lead.value = 'Tin mới nhất';
    document.body.append(lead);
    compose(search, ['P', 'Phòng'], '');
    const commit = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertFromComposition', data: 'Phòng' });
    lead.dispatchEvent(commit);
    expect(commit.defaultPrevented).toBe(true);
    // Another word typed there is not refused.
    const other = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertText', data: 'x' });
    lead.dispatchEvent(other);
    expect(other.defaultPrevented).toBe(false);
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(search.value).toBe('Hải Phòng');
    expect(lead.value).toBe('Tin mới nhất');
    // Once the word is back, the same word typed in the lead goes in.
    const later = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertFromComposition', data: 'Phòng' });
    lead.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
  });
});

describe('a save asked for during a composition', () => {
  it('runs once the word is settled, not before', () => {
    vi.useFakeTimers();
    const { el } = field('Hải ');
    el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: 'Phòng' }));
    const saved: string[] = [];
    afterComposition(() => saved.push(el.value));
    expect(saved).toEqual([]);
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
    vi.advanceTimersByTime(COMMIT_GRACE_MS);
    expect(saved).toEqual(['Hải Phòng']);
  });

  it('is not held longer than a second by an input method that keeps composing', () => {
    vi.useFakeTimers();
    const { el } = field('Hải ');
    el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    const saved: number[] = [];
    afterComposition(() => saved.push(1));
    vi.advanceTimersByTime(999);
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saved).toEqual([1]);
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
    expect(saved).toEqual([1]);
  });
});
