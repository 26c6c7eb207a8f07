import { describe, expect, it } from 'vitest';
import { Offsets, pieces, selectionIn, trimmed } from './text';

describe('Offsets', () => {
  it('is the identity for text without astral characters', () => {
    const o = new Offsets('Zelda Quill, café');
    expect(o.toUtf16(7)).toBe(7);
    expect(o.toChar(7)).toBe(7);
  });

  it('counts an astral character as one character and two UTF-16 units', () => {
    const text = 'a😀b Ana';
    const o = new Offsets(text);
    // Characters: a, 😀, b, space, A… ; "Ana" starts at character 4, UTF-16 unit 5.
    expect(o.toUtf16(4)).toBe(5);
    expect(o.toChar(5)).toBe(4);
    expect(text.slice(o.toUtf16(4), o.toUtf16(7))).toBe('Ana');
  });
});

describe('pieces', () => {
  it('cuts the text at redactions, applied over proposed, and joins plain runs', () => {
    const text = 'Call Ana at 555-0142 today';
    const got = pieces(
      text,
      [
        { id: 1, start: 5, end: 8, kind: 'proposed', label: 'P' },
        { id: 2, start: 12, end: 20, kind: 'applied', label: '§7927.700' },
        { id: 3, start: 12, end: 20, kind: 'proposed', label: 'phone' },
      ],
      new Offsets(text),
    );
    expect(got.map((p) => [p.text, p.mark?.kind ?? null])).toEqual([
      ['Call ', null],
      ['Ana', 'proposed'],
      [' at ', null],
      ['555-0142', 'applied'],
      [' today', null],
    ]);
    expect(got[3]?.mark?.ids).toEqual([2, 3]);
    expect(got.map((p) => p.text).join('')).toBe(text);
  });

  it('ignores marks outside the text', () => {
    const got = pieces('abc', [{ id: 1, start: 5, end: 9, kind: 'applied', label: 'x' }], new Offsets('abc'));
    expect(got).toEqual([{ text: 'abc', at: 0, mark: null }]);
  });
});

describe('selectionIn', () => {
  it('measures a selection across nested elements in UTF-16 units', () => {
    const div = document.createElement('div');
    div.innerHTML = 'Call <mark>Ana</mark> at <span>555-0142</span>';
    document.body.append(div);
    const range = document.createRange();
    const mark = div.querySelector('mark')?.firstChild;
    const span = div.querySelector('span')?.firstChild;
    if (!mark || !span) throw new Error('fixture');
    range.setStart(mark, 1);
    range.setEnd(span, 3);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    expect(selectionIn(div, sel)).toEqual([6, 15]);
    div.remove();
  });

  it('trims white space off a selection', () => {
    expect(trimmed(' Ana  ', 0, 6)).toEqual([1, 4]);
    expect(trimmed('   ', 0, 3)).toBeNull();
  });
});
