// What the language checks found in a text, as the editor and the checked fields mark it: one
// list of findings (spelling in red; tone placement, official names and dates in blue), each with
// its place (UTF-16 offsets), its suggestions and what to say about it.
import type { TextCheck, ToneStyle } from './backend';
import { said, t } from './i18n.svelte';

export type Kind = 'spelling' | 'tone' | 'name' | 'date';
export type Found = { from: number; to: number; word: string; suggestions: string[]; kind: Kind; note: string };

/** The tone placement wanted: the house style, or the one most of the syllables use. */
export type Wanted = { style: ToneStyle; house: boolean } | null;

/** The tone placement a text should use: the house style, or the one most of its syllables use. */
export function wantedStyle(all: TextCheck[]): Wanted {
  const house = all.find((c) => c.house_style)?.house_style;
  if (house) return { style: house, house: true };
  const tones = all.flatMap((c) => c.tones);
  const old = tones.filter((x) => x.style === 'old').length;
  const neu = tones.length - old;
  if (old === 0 || neu === 0) return null; // one style throughout: nothing to say
  return { style: old > neu ? 'old' : neu > old ? 'new' : tones[0].style, house: false };
}

/** The findings of check `c` of a text that starts at `start` in the document. */
export function findingsOf(c: TextCheck, start: number, want: Wanted): Found[] {
  return [
    ...c.spelling.map((m) => ({ from: start + m.from, to: start + m.to, word: m.word, suggestions: m.suggestions, kind: 'spelling' as Kind, note: '' })),
    ...c.tones
      .filter((x) => want && x.style !== want.style)
      .map((x) => ({
        from: start + x.from,
        to: start + x.to,
        word: x.word,
        suggestions: [x.other],
        kind: 'tone' as Kind,
        note: t(want!.house ? 'check.toneHouse' : 'check.toneMixed', { style: t(want!.style === 'old' ? 'check.styleOld' : 'check.styleNew') }),
      })),
    ...c.names.map((n) => ({
      from: start + n.from,
      to: start + n.to,
      word: n.found,
      suggestions: [n.suggestion],
      kind: 'name' as Kind,
      note: t(n.kind === 'capitals' ? 'check.nameCapitals' : 'check.nameNear'),
    })),
    ...c.dates.map((d) => ({
      from: start + d.from,
      to: start + d.to,
      word: d.found,
      suggestions: d.suggestion ? [d.suggestion] : [],
      kind: 'date' as Kind,
      note: said(d.message, d.message_en),
    })),
  ];
}
