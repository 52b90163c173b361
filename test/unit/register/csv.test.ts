import fc from 'fast-check';
import { parseCsv } from '../../../domain/register/csv';

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and records, CRLF or LF, and keeps the line numbers', () => {
    expect(parseCsv('a,b\r\nc,d\n\ne,f')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 4, fields: ['e', 'f'] },
    ]);
  });

  it('quoted fields hold commas, quotes and line breaks; the next record keeps its true line', () => {
    expect(parseCsv('\ufeff"宇城市, 松橋","彼は""はい""と",x\n"二行\n目",y\nz,')).toEqual([
      { line: 1, fields: ['宇城市, 松橋', '彼は"はい"と', 'x'] },
      { line: 2, fields: ['二行\n目', 'y'] },
      { line: 4, fields: ['z', ''] },
    ]);
    expect(parseCsv('"",a')).toEqual([{ line: 1, fields: ['', 'a'] }]);
  });

  it('refuses an unclosed quote and a quote inside a field, naming the line', () => {
    expect(() => parseCsv('a,b\n"c,d\n')).toThrow('2行目: 引用符（"）が閉じられていません');
    expect(() => parseCsv('a,b"c')).toThrow('1行目');
    expect(() => parseCsv('"a"b,c')).toThrow('1行目');
  });

  it('reads back what a writer that quotes every field writes', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'あ', ',', '"', '\n', '\r\n', ' ') });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const csv = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseCsv(csv).map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});
