/**
 * What is wrong with a schedule line that does not parse, in the terms of the mistake people make:
 * hours without minutes, a zone without "in", two rules on one line, a comment at the end of a line.
 * The message for a bad line is several short lines: the problem first, then the accepted forms.
 */

import { InputError } from '../errors.js';

/** The accepted forms as a list, one per line (the log and the job summary show it as is). */
export const RULE_FORMS_LIST = [
  'Accepted forms, one rule per line (blank lines and lines starting with # are ignored):',
  '- `Mon-Fri 09:00-17:00`: days and times (Mon..Sun; lists and ranges such as Mon-Wed,Fri; an end before the start runs past midnight; 24:00 is allowed as an end)',
  '- `Fri 18:00 - Mon 08:00`: a weekly span',
  '- `2026-12-20 - 2027-01-04` or `2026-12-25`: whole days',
  '- `2026-12-24T12:00 - 2026-12-27T08:00`: date-times',
  '- `cron(0 9 * * 1-5) for 8h`: a 5-field cron start and a duration (30m, 8h, 1h30m, 2d)',
  '- `cron(0 18 * * 5) to cron(0 8 * * 1)`: a cron start and a cron end',
  '- any of them followed by `in <IANA zone>`, e.g. `Mon-Fri 09:00-17:00 in Europe/Berlin`'
].join('\n');

/** A schedule line that does not parse: the input, the line, the problem, then the accepted forms, on separate lines. */
export class ScheduleLineError extends InputError {
  constructor(input: string, line: string, accepted: string, problem: string, lineNumber?: number) {
    super(input, line, accepted, lineNumber === undefined ? problem : `line ${lineNumber}: ${problem}`);
    const where = lineNumber === undefined ? `Input '${input}'` : `Input '${input}', line ${lineNumber}`;
    const fix = lineNumber === undefined ? `Fix the rule in '${input}'` : `Fix line ${lineNumber} of '${input}'`;
    this.message = `${where} (${JSON.stringify(line)}): ${problem}\n${RULE_FORMS_LIST}\n${fix}`;
  }
}

const TIME_RANGE = /\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}/g;

/** Problems visible before the line is taken apart: a trailing comment, several rules on one line. */
export function lineShapeProblem(line: string): string | undefined {
  const comment = /\s(#.*)$/.exec(line);
  if (comment) {
    const rule = line.slice(0, comment.index).trim();
    return `a comment cannot follow a rule on the same line: put "${comment[1]!.trim()}" on a line of its own above "${rule}"`;
  }
  if (line.includes(';')) {
    const parts = line.split(';').map((p) => p.trim()).filter(Boolean);
    return `one rule per line: write ${parts.map((p) => `"${p}"`).join(' and ')} on separate lines`;
  }
  const ranges = line.match(TIME_RANGE) ?? [];
  if (ranges.length > 1) {
    const days = /^([A-Za-z][A-Za-z,\s-]*?)\s+\d/.exec(line)?.[1];
    const lines = ranges.map((r) => `"${days ? `${days} ` : ''}${r.replace(/\s+/g, '')}"`);
    return `one rule per line: write ${lines.join(' and ')} on separate lines`;
  }
  return undefined;
}

/**
 * A likely cause for a line that matched no form, or undefined. `looksLikeZone` says whether a word
 * names a time zone (so that a zone written without "in" is recognised).
 */
export function likelyProblem(
  body: string,
  looksLikeZone: (word: string) => boolean,
  suggestedZone: (word: string) => string | undefined = () => undefined
): string | undefined {
  const words = body.split(/\s+/);
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && looksLikeZone(last)) {
    const rule = words.slice(0, -1).join(' ');
    const better = suggestedZone(last);
    if (better !== undefined) {
      return `a time zone at the end of a line needs "in", and "${last}" is an abbreviation (no daylight saving): write "${rule} in ${better}"`;
    }
    return `a time zone at the end of a line needs "in": write "${rule} in ${last}"`;
  }
  const ampm = /(\d{1,2})(?::(\d{2}))?\s*([ap]m)\s*-\s*(\d{1,2})(?::(\d{2}))?\s*([ap]m)/i.exec(body);
  if (ampm) {
    const to24 = (h: string, m: string | undefined, half: string): string => {
      const hour = (Number(h) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
      return `${String(hour).padStart(2, '0')}:${m ?? '00'}`;
    };
    return `times are 24-hour hh:mm: ${ampm[0]} needs to be ${to24(ampm[1]!, ampm[2], ampm[3]!)}-${to24(ampm[4]!, ampm[5], ampm[6]!)}`;
  }
  const hours = /(?:^|\s)(\d{1,2})\s*-\s*(\d{1,2})(?=\s|$)/.exec(body);
  if (hours && Number(hours[1]) <= 24 && Number(hours[2]) <= 24) {
    const pad = (h: string): string => `${h.padStart(2, '0')}:00`;
    return `times are hh:mm: ${hours[1]}-${hours[2]} needs to be ${pad(hours[1]!)}-${pad(hours[2]!)}`;
  }
  const compact = /(?:^|\s)(\d{2})(\d{2})\s*-\s*(\d{2})(\d{2})(?=\s|$)/.exec(body);
  if (compact) {
    return `times are hh:mm: ${compact[1]}${compact[2]}-${compact[3]}${compact[4]} needs to be ${compact[1]}:${compact[2]}-${compact[3]}:${compact[4]}`;
  }
  const dayOnly = body.split(/\s*[-,]\s*/).every((word) => /^(mon|tue|wed|thu|fri|sat|sun)$/i.test(word));
  if (dayOnly) return `"${body}" has days but no times: write e.g. "${body} 00:00-24:00" for whole days`;
  return undefined;
}
