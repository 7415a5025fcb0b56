import { describe, expect, it } from 'vitest';
import { emptyForm, fromInput, toInput } from './form';

describe('editor form', () => {
  it('splits authors and tags on commas and drops empties', () => {
    const f = { ...emptyForm(), title: 'T', authors: 'Hoàng Tùng,  Minh Anh ,', tags: 'môi trường, , Hải Phòng' };
    const i = toInput(f);
    expect(i.authors).toEqual(['Hoàng Tùng', 'Minh Anh']);
    expect(i.tags).toEqual(['môi trường', 'Hải Phòng']);
    expect(i.slug).toBe('');
  });
  it('round-trips through the article fields', () => {
    const f = { ...emptyForm(), title: 'Tiêu đề', authors: 'A, B', tags: 'x', slug: 'duong-dan' };
    expect(fromInput(toInput(f))).toEqual(f);
  });
  it('reads the publication time as Hanoi time', () => {
    const f = { ...emptyForm(), title: 'T', published: '2020-12-02T10:16' };
    expect(toInput(f).scheduled_at).toBe('2020-12-02T03:16:00Z');
    expect(fromInput(toInput(f)).published).toBe('2020-12-02T10:16');
    expect(toInput({ ...f, published: '' }).scheduled_at).toBeNull();
  });
});
