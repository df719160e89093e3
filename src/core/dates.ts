/**
 * Calendar days as Fortnox keeps them: Swedish days. An instant just after midnight in Stockholm
 * is still the day before in UTC, and a UTC date would put it in the wrong VAT period (on 1 January,
 * the wrong fiscal year).
 */

const STOCKHOLM_DAY = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day (YYYY-MM-DD) an instant falls on in Stockholm. */
export function stockholmDay(at: Date): string {
  return STOCKHOLM_DAY.format(at);
}
