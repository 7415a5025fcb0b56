// What the live preview hides, on a state with no window: the text as a reader sees it on the
// lines the caret is not on, every mark back on the caret's line.
import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState } from '@codemirror/state';
import { ensureSyntaxTree } from '@codemirror/language';
import { markdown } from '@codemirror/lang-markdown';
import { concealed } from './livePreview';

function state(doc: string, caret: number): EditorState {
  const s = EditorState.create({ doc, selection: EditorSelection.cursor(caret), extensions: [markdown()] });
  ensureSyntaxTree(s, s.doc.length, 5000);
  return s;
}

/** The text as the preview draws it: hidden ranges left out, bullets as "• ", figures as [ảnh N: caption]. */
function shown(doc: string, caret = doc.length): string {
  const s = state(doc, caret);
  const cs = concealed(s).filter((c) => c.as !== 'quote').sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const c of cs) {
    out += doc.slice(at, c.from);
    if (c.as === 'bullet') out += '• ';
    if (c.as === 'figure') out += `[ảnh ${c.figure.n}: ${c.figure.caption} / ${c.figure.alt}]`;
    at = c.to;
  }
  return out + doc.slice(at);
}

describe('the live preview', () => {
  it('hides bold, italic, heading and quote marks away from the caret', () => {
    const doc = '## Kết quả năm 2026\n\nThành phố **Hải Phòng** và *Đồ Sơn*.\n\n> Lời trích dẫn\n\nCuối.';
    expect(shown(doc)).toBe('Kết quả năm 2026\n\nThành phố Hải Phòng và Đồ Sơn.\n\nLời trích dẫn\n\nCuối.');
  });

  it('shows every mark of the line the caret is on, and only of it', () => {
    const doc = '## Kết quả\n\nThành phố **Hải Phòng**.\n\nMột *chữ*.';
    const caret = doc.indexOf('Hải');
    expect(shown(doc, caret)).toBe('Kết quả\n\nThành phố **Hải Phòng**.\n\nMột chữ.');
    expect(shown(doc, 3)).toBe('## Kết quả\n\nThành phố Hải Phòng.\n\nMột chữ.');
  });

  it('shows the caret line as published too when the editor has not the focus', () => {
    const doc = 'Thành phố **Hải Phòng**.';
    expect(concealed(state(doc, 3), 0, doc.length, false).map((c) => doc.slice(c.from, c.to))).toEqual(['**', '**']);
  });

  it('keeps a selection across lines editable as written', () => {
    const doc = 'Một **đậm**.\n\nHai *nghiêng*.\n\nBa **nữa**.';
    const s = EditorState.create({ doc, selection: EditorSelection.single(2, doc.indexOf('Hai') + 2), extensions: [markdown()] });
    ensureSyntaxTree(s, s.doc.length, 5000);
    const hidden = concealed(s).map((c) => doc.slice(c.from, c.to));
    expect(hidden).toEqual(['**', '**']); // the third line's only
  });

  it('shows a link by its words alone, and bullets as bullets', () => {
    const doc = 'Xem [Cổng thông tin](https://haiphong.gov.vn "Cổng") nhé.\n\n- một\n- hai\n\n1. số\n\nx';
    expect(shown(doc)).toBe('Xem Cổng thông tin nhé.\n\n• một\n• hai\n\n1. số\n\nx');
  });

  it('shows a figure line as its photo and caption, an escape as its character', () => {
    const doc = 'Trước.\n\n![Lãnh đạo sở](anh:2 "Lãnh đạo Sở báo cáo \\"tại\\" buổi làm việc")\n\nGiá 5\\*.\n\nx';
    expect(shown(doc)).toBe('Trước.\n\n[ảnh 2: Lãnh đạo Sở báo cáo "tại" buổi làm việc / Lãnh đạo sở]\n\nGiá 5*.\n\nx');
    // On its line, the figure is written out to be edited.
    expect(shown(doc, doc.indexOf('anh:2'))).toContain('![Lãnh đạo sở](anh:2 "Lãnh đạo Sở báo cáo \\"tại\\" buổi làm việc")');
  });

  it('leaves an image that is not one of the article photos as written', () => {
    const doc = '![x](https://example.com/a.jpg)\n\ny';
    expect(shown(doc)).toBe('![x](https://example.com/a.jpg)\n\ny');
  });

  it('marks every line of a quote', () => {
    const doc = 'a\n\n> một\n> hai\n\nb';
    const s = state(doc, doc.length);
    const lines = concealed(s).filter((c) => c.as === 'quote').map((c) => s.doc.lineAt(c.from).number);
    expect(lines).toEqual([3, 4]);
  });
});
