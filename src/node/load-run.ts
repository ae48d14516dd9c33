/**
 * Rebuilds a trained run from its folder: the config, the data set and a trainer holding the
 * checkpoint's state (networks, optimizers, random streams, step).
 */
import type { Dataset } from '../data/distribution.js';
import { resolveConfig, type TrainConfig } from '../training/config.js';
import { GanTrainer } from '../training/trainer.js';
import { useBackend, wasmThreadsForTraining, type BackendInfo } from './backend.js';
import { CheckpointError, loadCheckpoint } from './checkpoint.js';
import { resolveDataset } from './data-source.js';
import { requireRun, runPaths } from './run-folder.js';

export interface LoadedRun {
  readonly config: TrainConfig;
  readonly dataset: Dataset;
  readonly trainer: GanTrainer;
  readonly backend: BackendInfo;
}

/** Loads the run in `dir` (see the file comment); the caller disposes `trainer`. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  requireRun(dir);
  const paths = runPaths(dir);
  const checkpoint = loadCheckpoint(paths.checkpoint);
  const config = resolveConfig(checkpoint.config, paths.checkpoint);
  const { dataset } = resolveDataset(config.data);
  const backend = await useBackend(config.backend, { threads: wasmThreadsForTraining(config, dataset.dim) });
  const trainer = new GanTrainer(config, dataset);
  try {
    await trainer.setState(checkpoint.state);
  } catch (e) {
    trainer.dispose();
    throw new CheckpointError(`${paths.checkpoint}: does not fit its config (${(e as Error).message}): the checkpoint is from another model; train again`);
  }
  return { config, dataset, trainer, backend };
}
