// The toolbar's commands on an editor state with no window: the exact Markdown each writes.
import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState } from '@codemirror/state';
import { bold, bulletList, heading, italic, link, numberedList, quote, type Format } from './formatting';

/** `text` with the selection where `[` and `]` are (or the cursor at `|`), after `cmd`. */
function run(cmd: Format, text: string): string {
  let anchor: number;
  let head: number;
  if (text.includes('|')) {
    anchor = head = text.indexOf('|');
    text = text.replace('|', '');
  } else {
    anchor = text.indexOf('[');
    text = text.replace('[', '');
    head = text.indexOf(']');
    text = text.replace(']', '');
  }
  const state = EditorState.create({ doc: text, selection: EditorSelection.single(anchor, head) });
  const tr = cmd(state);
  if (!tr) return text;
  const s = tr.state;
  const { from, to } = s.selection.main;
  const doc = s.doc.toString();
  return from === to ? doc.slice(0, from) + '|' + doc.slice(from) : doc.slice(0, from) + '[' + doc.slice(from, to) + ']' + doc.slice(to);
}

describe('bold and italic', () => {
  it('wrap the selection, and unwrap it', () => {
    expect(run(bold, 'Thành phố [Hải Phòng] mới')).toBe('Thành phố **[Hải Phòng]** mới');
    expect(run(bold, 'Thành phố **[Hải Phòng]** mới')).toBe('Thành phố [Hải Phòng] mới');
    expect(run(bold, 'Thành phố [**Hải Phòng**] mới')).toBe('Thành phố [Hải Phòng] mới');
    expect(run(italic, 'một [chữ] nghiêng')).toBe('một *[chữ]* nghiêng');
    expect(run(italic, 'một *[chữ]* nghiêng')).toBe('một [chữ] nghiêng');
  });
  it('take the Vietnamese word at the cursor when nothing is selected', () => {
    expect(run(bold, 'Đảng b|ộ thành phố')).toBe('Đảng **[bộ]** thành phố');
    expect(run(italic, 'Ủy ban nhân d|ân')).toBe('Ủy ban nhân *[dân]*');
  });
  it('put the two marks with the cursor between them in an empty place', () => {
    expect(run(bold, 'Một câu. |')).toBe('Một câu. **|**');
  });
  it('italic does not take one star of a bold', () => {
    expect(run(italic, '**[đậm]**')).toBe('***[đậm]***');
    expect(run(italic, '[**đậm**]')).toBe('*[**đậm**]*');
  });
});

describe('link', () => {
  it('makes the selection a link with its address selected to type over', () => {
    expect(run(link, 'Xem [Cổng thông tin] điện tử')).toBe('Xem [Cổng thông tin]([https://]) điện tử');
  });
});

/** The text alone (where the selection lands on a line's prefix does not matter). */
const text = (cmd: Format, t: string) => run(cmd, t).replace(/[[\]|]/g, '');

describe('block formats', () => {
  it('a heading toggles on the line', () => {
    expect(text(heading, 'Mở đầu\n\nKết q|uả năm 2026\n\nĐoạn')).toBe('Mở đầu\n\n## Kết quả năm 2026\n\nĐoạn');
    expect(text(heading, '## Kết q|uả')).toBe('Kết quả');
    expect(text(heading, '- Kết q|uả')).toBe('## Kết quả');
  });
  it('lists and quotes prefix every line selected, numbered in order, and come off again', () => {
    expect(text(bulletList, '[Một\nHai\nBa]')).toBe('- Một\n- Hai\n- Ba');
    expect(text(bulletList, '[- Một\n- Hai]')).toBe('Một\nHai');
    expect(text(numberedList, '[Một\n\nHai\nBa]')).toBe('1. Một\n\n2. Hai\n3. Ba');
    expect(text(numberedList, '[- Một\n- Hai]')).toBe('1. Một\n2. Hai');
    expect(text(quote, '[Câu nói]')).toBe('> Câu nói');
    expect(text(quote, '> Câu |nói')).toBe('Câu nói');
    expect(run(bulletList, 'Đoạn\n\n|')).toBe('Đoạn\n\n- |');
  });
});
