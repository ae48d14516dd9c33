/** Unusable user data; `message` is one line naming the source, the line or row and column, and the fix. */
export class DataError extends Error {
  override readonly name = 'DataError';
}
