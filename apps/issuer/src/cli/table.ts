/** One column of a readable table: its header and how to read a cell from a row. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

function cell(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null || value === '') return '-';
  // One row per line: a value can never break the table or forge a row.
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/**
 * Formats rows as a plain-text table (headers upper-cased, columns padded, two spaces apart) or,
 * without rows, the sentence `empty`. Always ends with a newline.
 */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string) {
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
  const headers = columns.map((column) => column.header.toUpperCase());
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] as string).length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] as number)))
      .join('  ');
  return `${[line(headers), ...cells.map(line)].join('\n')}\n`;
}

/** Formats one record as `label: value` lines, labels aligned. */
export function formatFields(
  fields: readonly [string, string | number | boolean | null | undefined][],
) {
  const width = Math.max(...fields.map(([label]) => label.length));
  return `${fields.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${cell(value)}`).join('\n')}\n`;
}
