/** A run of characters on one MRZ line: 0-based line, `start..end` exclusive. */
export interface Mark {
  line: number;
  start: number;
  end: number;
  /** What is wrong there, shown on hover. */
  title: string;
}

export interface Segment {
  text: string;
  start: number;
  /** The titles of the marks covering this segment; empty when the characters are fine. */
  titles: string[];
}

/**
 * Cuts one MRZ line into runs that are either unmarked or covered by the same marks, so that
 * overlapping errors (a field and its check digit) highlight without splitting characters twice.
 */
export function segmentsOf(text: string, lineIndex: number, marks: Mark[]): Segment[] {
  const onLine = marks.filter((mark) => mark.line === lineIndex && mark.end > mark.start);
  const cuts = new Set([0, text.length]);
  for (const mark of onLine) {
    cuts.add(clamp(mark.start, text.length));
    cuts.add(clamp(mark.end, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (start === end) continue;
    const titles = onLine.filter((mark) => mark.start <= start && mark.end >= end).map((mark) => mark.title);
    const previous = segments.at(-1);
    if (previous && sameTitles(previous.titles, titles)) previous.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), start, titles });
  }
  return segments;
}

const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
const sameTitles = (a: string[], b: string[]) => a.length === b.length && a.every((title, i) => title === b[i]);
