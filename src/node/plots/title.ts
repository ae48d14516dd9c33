/** Plot titles with notes (skipped values, NaN cells …) shown as subtitle lines under them. */

/**
 * A Vega-Lite title block: the title text with each note on a subtitle line, or undefined when
 * there is neither.
 */
export function titleWithNotes(text: string | undefined, notes: readonly string[]): object | undefined {
  if ((text === undefined || text === '') && notes.length === 0) return undefined;
  return notes.length === 0 ? { text } : { text: text ?? '', subtitle: [...notes] };
}

/** "1 value" / "3 values": a count with its noun, plural when the count is not 1. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
