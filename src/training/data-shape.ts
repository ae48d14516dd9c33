/**
 * What the memory estimate (./limits.ts) and the model registry's sizes (./models.ts) need to know of
 * the data. A file of its own: the estimate asks the registry for the sizes, so the registry cannot
 * import it from ./limits.ts.
 */

/** What the estimate needs to know of the data: the coordinates per point, and an image's shape. */
export interface DataShape {
  readonly dim: number;
  readonly image?: { readonly height: number; readonly width: number; readonly channels: number };
}
