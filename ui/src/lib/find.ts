// Find and replace in the body, the way Vietnamese is typed and searched: a letter typed without
// its marks finds it with any ("dang bo" finds "Đảng bộ", "Dang bo", "đang bó"); a letter typed
// with its marks finds only those ("Đảng" finds "Đảng", "ĐẢNG" unless case must match, never
// "Đang"). Whole words and case on request. Pure functions over the text, tested by vitest
// (find.test.ts); the panel that uses them is MarkdownEditor.svelte's.

/** Every Vietnamese lowercase letter with a mark, under its base letter (NFC). */
const VARIANTS: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'dđ',
};

/** What to look for and how. */
export interface FindOptions {
  /** Upper and lower case must match ("UBND" never finds "ubnd"). */
  caseSensitive: boolean;
  /** Only whole words ("bộ" never finds "bội"). */
  wholeWord: boolean;
}

/** A match, as UTF-16 offsets into the text. */
export interface Match {
  from: number;
  to: number;
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The class of characters a typed character `c` finds. */
function classOf(c: string, caseSensitive: boolean): string {
  const lower = c.toLowerCase();
  const variants = VARIANTS[lower];
  if (!variants) return escape(c);
  let all = variants;
  if (caseSensitive) all = c === lower ? variants : variants.toUpperCase();
  else all = variants + variants.toUpperCase();
  return `[${all}]`;
}

/**
 * The regular expression (with the `gu` flags, `i` too when case does not matter) that finds
 * `query` in a text; null for an empty query.
 */
export function findPattern(query: string, opts: FindOptions): RegExp | null {
  const q = query.normalize('NFC');
  if (q.trim() === '') return null;
  let source = '';
  for (const c of q) {
    source += /\s/.test(c) ? '\\s+' : classOf(c, opts.caseSensitive);
  }
  if (opts.wholeWord) source = `(?<![\\p{L}\\p{M}\\p{N}])${source}(?![\\p{L}\\p{M}\\p{N}])`;
  return new RegExp(source, opts.caseSensitive ? 'gu' : 'giu');
}

/** Every match of `query` in `text`, in order, never overlapping. */
export function findAll(text: string, query: string, opts: FindOptions): Match[] {
  const re = findPattern(query, opts);
  if (!re) return [];
  const out: Match[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    out.push({ from: m.index, to: m.index + m[0].length });
  }
  return out;
}

/** The index of the first match at or after `pos` (wrapping to the first), -1 when none. */
export function matchFrom(matches: Match[], pos: number): number {
  if (matches.length === 0) return -1;
  const i = matches.findIndex((m) => m.from >= pos);
  return i < 0 ? 0 : i;
}
