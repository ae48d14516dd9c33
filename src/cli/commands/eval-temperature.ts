/** `tsgan eval --temperature T` and `tsgan sample --temperature T`: what a report says of samples drawn with z × T. */

/** The report's closing line for a temperature other than 1 (empty for 1), starting with a newline. */
export function temperatureNote(t: number): string {
  return t === 1 ? '' : `\n  z drawn at temperature ${t} (z × ${t}): not samples of the trained p_g, so these are not the run's numbers (docs/images.md)`;
}
