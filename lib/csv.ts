// One RFC 4180 record reader (quoted fields, doubled quotes, CRLF or LF) for the CSV texts Plinth parses
// itself: an image collection's labels.csv and labeling imports. Each caller reports problems in its
// own error type, so `fail` builds the error from the line and the problem.

export interface CsvRecord {
  fields: string[];
  /** The line the record starts on (a quoted field may span lines). */
  line: number;
}

export function csvRecords(text: string, fail: (line: number, problem: string) => Error): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw fail(line, 'a character after a closing quote');
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      // A blank line is no record.
      if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start });
      fields = [];
      field = '';
      atFieldStart = true;
      line++;
      start = line;
    } else {
      if (c === '"') throw fail(line, 'a quote inside an unquoted field');
      field += c;
      atFieldStart = false;
    }
  }
  if (quoted) throw fail(start, 'a quoted field is never closed');
  fields.push(field);
  if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start });
  return records;
}
