/** A checkpoint that cannot be used; `message` is one line naming the file and the fix (exit 2). */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
