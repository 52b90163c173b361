/**
 * RFC 4180 CSV (csv-parse is not installed): fields separated by commas, records by CRLF or LF, a quoted field may
 * hold commas, line breaks and doubled quotes. A UTF-8 BOM is dropped. Each record carries the line it starts on, for
 * the import's error messages. Pure.
 */

/** One record and the (1-based) line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Parses the whole text; throws a Japanese message naming the line for an unclosed quote or a stray quote. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line (one empty unquoted field) is not a record.
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: start, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`${line}行目: 引用符（"）の位置が正しくありません`);
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\r' && s[i + 1] === '\n') {
      continue;
    } else if (c === '\n') {
      endRecord();
      line++;
      start = line;
    } else {
      if (wasQuoted) throw new Error(`${line}行目: 引用符（"）の後に文字があります`);
      field += c;
    }
  }
  if (quoted) throw new Error(`${start}行目: 引用符（"）が閉じられていません`);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}
