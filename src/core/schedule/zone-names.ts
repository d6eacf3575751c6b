/**
 * Time-zone names people write that are not what they mean. An abbreviation such as `EST` is a
 * fixed offset with no daylight saving (or, depending on the runtime's ICU data, some other place
 * entirely: `BST` resolves to Asia/Dhaka, `IST` to India), and `GMT+2` / `Etc/GMT+2` are fixed
 * offsets (the `Etc/` names even invert the sign). A schedule in one of them is an hour off for
 * half the year, so they are refused with the IANA zone to use.
 */

/** Abbreviations and POSIX-style names → the IANA zone people usually mean by them. */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver (or America/Phoenix, which has no daylight saving)',
  MDT: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  AST: 'America/Halifax',
  NST: 'America/St_Johns',
  BRT: 'America/Sao_Paulo',
  ART: 'America/Argentina/Buenos_Aires',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)',
  CET: 'Europe/Berlin, Europe/Paris or the zone of your city',
  CEST: 'Europe/Berlin, Europe/Paris or the zone of your city',
  MET: 'Europe/Berlin, Europe/Paris or the zone of your city',
  MEST: 'Europe/Berlin, Europe/Paris or the zone of your city',
  EET: 'Europe/Helsinki, Europe/Athens or the zone of your city',
  EEST: 'Europe/Helsinki, Europe/Athens or the zone of your city',
  MSK: 'Europe/Moscow',
  SAST: 'Africa/Johannesburg',
  GST: 'Asia/Dubai',
  PKT: 'Asia/Karachi',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  AEST: 'Australia/Sydney (or Australia/Brisbane, which has no daylight saving)',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland'
};

/** Examples of places for common UTC offsets (standard time), to suggest for `GMT+2` and the like. */
const PLACES_BY_OFFSET: Record<string, string> = {
  '-10': 'Pacific/Honolulu',
  '-9': 'America/Anchorage',
  '-8': 'America/Los_Angeles',
  '-7': 'America/Denver',
  '-6': 'America/Chicago',
  '-5': 'America/New_York',
  '-4': 'America/Halifax',
  '-3': 'America/Sao_Paulo',
  '0': 'Europe/London',
  '1': 'Europe/Berlin',
  '2': 'Europe/Helsinki or Africa/Johannesburg',
  '3': 'Europe/Moscow or Europe/Istanbul',
  '4': 'Asia/Dubai',
  '5': 'Asia/Karachi',
  '5:30': 'Asia/Kolkata',
  '7': 'Asia/Bangkok',
  '8': 'Asia/Singapore or Asia/Shanghai',
  '9': 'Asia/Tokyo',
  '10': 'Australia/Sydney',
  '12': 'Pacific/Auckland'
};

const UTC_OFFSET = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i;
const ETC_OFFSET = /^Etc\/GMT([+-])(\d{1,2})$/i;

function formatOffset(sign: string, hours: number, minutes: number): string {
  return `UTC${sign === '-' ? '−' : '+'}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

function placesFor(sign: string, hours: number, minutes: number): string {
  const key = `${sign === '-' && hours + minutes > 0 ? '-' : ''}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
  const places = PLACES_BY_OFFSET[key];
  return places ? `e.g. ${places}` : 'e.g. Europe/Berlin or America/New_York';
}

/**
 * Why a zone name is refused although the runtime may know it, with the IANA zone to use instead;
 * undefined for names that mean what they say (IANA names, `UTC`, `GMT`, `Etc/UTC`).
 */
export function zoneNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  const abbreviation = ABBREVIATIONS[trimmed.toUpperCase()];
  if (abbreviation !== undefined) {
    return (
      `"${trimmed}" is an abbreviation, not a time zone: it is ambiguous or a fixed offset with no daylight saving, ` +
      `so the schedule would be an hour off for half the year. Use the IANA zone ${abbreviation}`
    );
  }
  const utc = UTC_OFFSET.exec(trimmed);
  if (utc) {
    const [, sign = '+', h = '0', m = '0'] = utc;
    if (Number(h) === 0 && Number(m) === 0) return undefined;
    return (
      `"${trimmed}" is a fixed offset (${formatOffset(sign, Number(h), Number(m))} all year, no daylight saving). ` +
      `Use the IANA zone of the place the schedule is for, ${placesFor(sign, Number(h), Number(m))}, or UTC`
    );
  }
  const etc = ETC_OFFSET.exec(trimmed);
  if (etc) {
    const [, sign = '+', h = '0'] = etc;
    if (Number(h) === 0) return undefined;
    const real = sign === '+' ? '-' : '+';
    return (
      `"${trimmed}" means ${formatOffset(real, Number(h), 0)} (the Etc/GMT names invert the sign), all year with no daylight saving. ` +
      `Use the IANA zone of the place the schedule is for, ${placesFor(real, Number(h), 0)}, or UTC`
    );
  }
  return undefined;
}

/** The IANA zone to write instead of an abbreviation (the first one suggested), or undefined. */
export function suggestedZone(name: string): string | undefined {
  return ABBREVIATIONS[name.trim().toUpperCase()]?.split(/[ ,]/)[0];
}
