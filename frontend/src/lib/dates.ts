/**
 * The instant a local calendar day starts, `plusDays` later, as RFC 3339 UTC; null for anything
 * but `YYYY-MM-DD`. Date filters cover whole local days: "to" uses the start of the next day.
 */
export function startOfLocalDay(isoDate: string, plusDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return new Date(year, month - 1, day + plusDays).toISOString();
}
