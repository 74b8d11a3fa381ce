/** How long ago, in the largest whole unit that fits: minutes, hours or days. */
export function ageOf(isoTime: string, now: number): { unit: "minutes" | "hours" | "days"; n: number } {
  const minutes = Math.max(0, Math.floor((now - new Date(isoTime).getTime()) / 60_000));
  if (minutes < 60) return { unit: "minutes", n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: "hours", n: hours };
  return { unit: "days", n: Math.floor(hours / 24) };
}
