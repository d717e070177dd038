/**
 * ISO-8601 times as `Date.parse` reads them, read directly for the forms the sources write. SES writes
 * `2026-05-05T03:35:03.123Z` (`toISOString`'s form); End User Messaging Social relays with nanoseconds
 * (`2026-03-04T01:55:01.000866891Z`). `Date.parse` costs several times more than reading the digits.
 */

const digit = (text: string, at: number) => text.charCodeAt(at) - 0x30;
const isDigit = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c >= 0x30 && c <= 0x39;
};
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/** The date and time every form read directly begins with: a 0 stands for any digit. */
const DATE_TIME_FORM = '0000-00-00T00:00:00';
/**
 * The longest fraction read directly: nanoseconds. V8 reads a longer one from its first nine digits counted after
 * any leading zeros (`.0070000554` is 70 ms to it), so a longer one is left to `Date.parse`, whose value it is.
 */
const FRACTION_DIGITS_READ = 9;

/**
 * `Date.parse(iso)`, read directly for `YYYY-MM-DDTHH:MM:SS` followed by `Z` or by a fraction of one to nine
 * digits and `Z`, when every field is in a range where the time is plainly valid; the fraction's digits past the
 * millisecond are dropped, as `Date.parse` drops them. Any other text (a day after the 28th, a year before 100, an
 * offset, another form) is `Date.parse`'s to read.
 */
export function isoMillis(iso: string): number {
  const end = iso.length - 1;
  if (end < DATE_TIME_FORM.length || iso.charCodeAt(end) !== 0x5a /* Z */) return Date.parse(iso);
  for (let at = 0; at < DATE_TIME_FORM.length; at++) {
    const form = DATE_TIME_FORM.charCodeAt(at);
    if (form === 0x30 ? !isDigit(iso, at) : iso.charCodeAt(at) !== form) return Date.parse(iso);
  }
  let millis = 0;
  if (end > DATE_TIME_FORM.length) {
    // A fraction: a point and at least one digit before the Z.
    const digits = end - DATE_TIME_FORM.length - 1;
    if (iso.charCodeAt(DATE_TIME_FORM.length) !== 0x2e /* . */ || digits < 1 || digits > FRACTION_DIGITS_READ) return Date.parse(iso);
    for (let at = DATE_TIME_FORM.length + 1, scale = 100; at < end; at++, scale /= 10) {
      if (!isDigit(iso, at)) return Date.parse(iso);
      if (scale >= 1) millis += digit(iso, at) * scale;
    }
  }
  const year = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
  const month = twoDigits(iso, 5);
  const day = twoDigits(iso, 8);
  const hour = twoDigits(iso, 11);
  const minute = twoDigits(iso, 14);
  const second = twoDigits(iso, 17);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(iso);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}
