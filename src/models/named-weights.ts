/** A weight tensor by name, as stored in checkpoints (any network's, see ./network.ts). */
export interface NamedWeights {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}
