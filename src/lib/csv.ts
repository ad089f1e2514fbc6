// CSV for every export (sales export, leads CLI, reports). RFC 4180 quoting, and formula injection
// neutralised (OWASP « CSV Injection »): a cell beginning with = + - @, a tab or a carriage return
// would be run as a formula by Excel or LibreOffice, so it gets a leading apostrophe, which both
// show as text. The file opens correctly in Excel and LibreOffice set to French: semicolon
// separator, UTF-8 byte order mark, CRLF line ends.

export const CSV_SEPARATOR = ';';

/** One cell, quoted when it holds a separator, a quote, CR or LF. */
export function csvCell(value: unknown, separator = CSV_SEPARATOR): string {
  let s = value == null ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(?:[.,]\d+)?$/.test(s)) s = `'${s}`;
  return s.includes(separator) || /["\r\n,;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: header row from `columns` (or the first row's keys), BOM, CRLF. */
export function toCsv(rows: readonly object[], columns?: readonly string[], separator = CSV_SEPARATOR): string {
  const keys = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const lines = [keys.map((k) => csvCell(k, separator)).join(separator), ...rows.map((r) => keys.map((k) => csvCell((r as Record<string, unknown>)[k], separator)).join(separator))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
