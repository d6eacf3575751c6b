/** Small Markdown helpers for job summaries and release notes. */

/** Text shown literally in Markdown: every character Markdown could act on is escaped; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`);
}

/** Inline code that survives backticks in its content. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const runs = flat.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function link(text: string, url: string | null | undefined): string {
  return url ? `[${escapeMarkdown(text)}](${url})` : escapeMarkdown(text);
}

/** A Markdown table; cells are used as given (escape them first). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
