import { describe, expect, it } from 'vitest';
import { findAll, findPattern, matchFrom } from './find';

const loose = { caseSensitive: false, wholeWord: false };
const words = (text: string, q: string, opts = loose) => findAll(text, q, opts).map((m) => text.slice(m.from, m.to));

describe('Vietnamese-aware matching', () => {
  it('a letter typed without marks finds it with any, đ included', () => {
    expect(words('Đảng bộ thành phố; đang bó lúa; Dang bo', 'dang bo')).toEqual(['Đảng bộ', 'đang bó', 'Dang bo']);
    expect(words('Ủy ban nhân dân', 'uy ban')).toEqual(['Ủy ban']);
  });
  it('a letter typed with its marks finds only those', () => {
    expect(words('Đảng bộ; đang bó; ĐẢNG', 'Đảng')).toEqual(['Đảng', 'ĐẢNG']);
    expect(words('Đảng bộ; đang bó', 'bó')).toEqual(['bó']);
  });
  it('case matches when asked', () => {
    const exact = { caseSensitive: true, wholeWord: false };
    expect(words('UBND thành phố, ubnd quận', 'UBND', exact)).toEqual(['UBND']);
    expect(words('UBND thành phố, ubnd quận', 'UBND')).toEqual(['UBND', 'ubnd']);
    expect(words('Đà Nẵng, đà nẵng', 'Da Nang', exact)).toEqual(['Đà Nẵng']);
  });
  it('whole words only when asked', () => {
    const whole = { caseSensitive: false, wholeWord: true };
    expect(words('bộ đội, bội chi, bộ', 'bo', whole)).toEqual(['bộ', 'bộ']);
    expect(words('hoà bình, hòa bình', 'hoa', whole)).toEqual(['hoà', 'hòa']);
    expect(words('UBND; UBNDs', 'UBND', whole)).toEqual(['UBND']);
  });
  it('spaces match any run of spaces or a line break; regex characters are plain', () => {
    expect(words('Hải\nPhòng; Hải  Phòng', 'hai phong')).toEqual(['Hải\nPhòng', 'Hải  Phòng']);
    expect(words('a.b axb (c)', 'a.b')).toEqual(['a.b']);
    expect(words('giá (VNĐ)', '(vnđ)')).toEqual(['(VNĐ)']);
  });
  it('an empty query finds nothing', () => {
    expect(findPattern('  ', loose)).toBeNull();
    expect(findAll('abc', '', loose)).toEqual([]);
  });
  it('the next match from a place wraps to the first', () => {
    const m = [{ from: 2, to: 4 }, { from: 10, to: 12 }];
    expect(matchFrom(m, 0)).toBe(0);
    expect(matchFrom(m, 5)).toBe(1);
    expect(matchFrom(m, 11)).toBe(0);
    expect(matchFrom([], 3)).toBe(-1);
  });
});
