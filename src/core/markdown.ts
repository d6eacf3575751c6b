/** Small Markdown helpers for job summaries and release notes. */

/** Escapes text for a Markdown table cell or inline text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*_`[\]<>])/g, '\\$1').replace(/\r?\n/g, ' ');
}

export function link(text: string, url: string | null | undefined): string {
  return url ? `[${escapeMarkdown(text)}](${url})` : escapeMarkdown(text);
}

export function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

/** A Markdown table; cells are used as given (escape them first). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
