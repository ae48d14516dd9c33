/** How the CLI shows a high-quality share beside the data's own (`tsgan train`'s summary, `tsgan eval`). */

/**
 * " (data itself: 98.9%)" after a high-quality share, and a warning when the generator scores above the
 * data: all its samples within 3σ of a mode means it lacks the data's tails (a fit too narrow), not that
 * it beats the data. Empty without the data's share (records written before it existed).
 */
export function dataShare(fake: number, data: number | undefined): string {
  if (data === undefined) return '';
  const above = fake > data + 0.002 ? ', above it: the generated modes lack the data\'s tails' : '';
  return ` (data itself: ${(100 * data).toFixed(1)}%${above})`;
}
