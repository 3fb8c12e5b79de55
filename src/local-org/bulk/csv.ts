/** CSV as Bulk API 2.0 speaks it: the job's column delimiter and line ending, RFC 4180 quoting. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { SalesforceError } from '../errors';

export const COLUMN_DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`'
};

export const LINE_ENDINGS: Record<string, string> = { LF: '\n', CRLF: '\r\n' };

/** Parses an uploaded CSV into rows of strings (the first row is the header). */
export function parseCsv(text: string, columnDelimiter: string): string[][] {
  try {
    return parse(text, {
      delimiter: COLUMN_DELIMITERS[columnDelimiter],
      relax_column_count: false,
      skip_empty_lines: true,
      bom: true
    }) as string[][];
  } catch (error) {
    throw new SalesforceError(
      'INVALIDBATCH',
      `InvalidBatch : Failed to parse CSV: ${(error as Error).message}`
    );
  }
}

/** Writes rows (header first) with every value quoted, as Salesforce's result files are. */
export function writeCsv(rows: unknown[][], columnDelimiter: string, lineEnding: string): string {
  return stringify(rows, {
    delimiter: COLUMN_DELIMITERS[columnDelimiter],
    record_delimiter: LINE_ENDINGS[lineEnding] === '\r\n' ? 'windows' : 'unix',
    quoted: true,
    quoted_empty: false
  });
}
