/**
 * Shortening text to a limit Fortnox counts in UTF-16 units without cutting a character in two: a
 * cut between the halves of a surrogate pair (an emoji, a rare CJK character) leaves a lone half
 * that JSON carries as `\ud83d` and Fortnox stores as garbage. Lone halves already in the input
 * (a broken source) are replaced by U+FFFD for the same reason.
 */

/** At most `max` UTF-16 units, ending in “…” when shortened; always well-formed. */
export function shorten(text: string, max: number): string {
  const whole = text.toWellFormed();
  if (whole.length <= max) return whole;
  let end = max - 1;
  const last = whole.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high half whose low half would be cut off
  return `${whole.slice(0, end)}…`;
}
