/**
 * A duration for people: `under a second`, `12 s`, `3 min`, `1 h 5 min`.
 *
 * @example
 * durationText(180_000); // '3 min'
 */
export function durationText(ms: number): string {
  if (ms < 1_000) return 'under a second';
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest === 0 ? '' : ` ${rest} min`}`;
}
