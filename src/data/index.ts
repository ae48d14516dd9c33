export type { Dataset, Distribution, GaussianMode } from './distribution.js';
export { hasDensity } from './distribution.js';
export {
  SpecError,
  distributionSpecSchema,
  distributionTypes,
  parseDistributionSpec,
  specDimension,
  type DistributionSpec,
  type DistributionSpecInput,
  type DistributionType,
  type GridSpec,
  type MixtureComponentSpec,
  type MixtureSpec,
  type NormalSpec,
  type RingSpec,
  type SpiralSpec,
  type UniformSpec,
} from './spec.js';
export { distributionPresets, findPreset, type DistributionPreset } from './presets.js';
export { distributionFromSpec, knownDistributionNames } from './registry.js';
export { ringCenters } from './ring.js';
export { gridCenters } from './grid.js';
export { spiralCurve, type SpiralGeometry } from './spiral-quadrature.js';
export { CsvPointsParser, DataError, EmpiricalDataset, parsePoints } from './points.js';
export {
  checkDataBytes,
  checkDataDimension,
  DEFAULT_DATA_LIMITS,
  FLOAT32_MAX,
  fitsFloat32,
  MAX_MIXTURE_DEPTH,
  NO_DATA_LIMITS,
  type DataLimits,
} from './limits.js';
export { IdxError, parseIdx, encodeIdxUint8, type IdxArray } from './idx.js';
export { ImageDataset } from './image-dataset.js';
export { stackedMnist, stackedLabels, imageChannel, hasModeLabels, StackedMnistDataset, STACKED_MNIST_SIZE, STACKED_MNIST_MODES, type StackedMnist, type ModeLabelled } from './stacked-mnist.js';
