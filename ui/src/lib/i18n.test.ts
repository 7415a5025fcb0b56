import { describe, expect, it } from 'vitest';
import { dictionaryKeys, translate } from './i18n.svelte';

describe('dictionary', () => {
  it('has the same keys in both languages', () => {
    expect([...dictionaryKeys.en].sort()).toEqual([...dictionaryKeys.vi].sort());
  });
  it('speaks Vietnamese and fills placeholders', () => {
    expect(translate('vi', 'nav.articles')).toBe('Bài viết');
    expect(translate('vi', 'editor.savedAt', { time: '10:16' })).toBe('Đã lưu lúc 10:16');
    expect(translate('en', 'editor.savedAt', { time: '10:16' })).toBe('Saved at 10:16');
  });
  it('leaves unknown placeholders visible', () => {
    expect(translate('vi', 'footer.data')).toBe('Dữ liệu: {dir}');
  });
});
