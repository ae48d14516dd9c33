/**
 * Rebuilds a trained run from its folder: the config, the data set and a trainer holding the
 * checkpoint's state (networks, optimizers, random streams, step). The checkpoint is validated first
 * (./checkpoint-validation.ts): field types, finite values and step range, the same run as config.json,
 * tensors that fit the config's networks; any problem is one CheckpointError line.
 */
import type { Dataset } from '../../data/distribution.js';
import type { TrainConfig } from '../../training/config.js';
import { GanTrainer } from '../../training/trainer.js';
import { trainingThreads, useBackend, type BackendInfo } from '../backend/backend.js';
import { loadCheckpoint } from './checkpoint.js';
import { checkSameRun, restoreCheckpointState } from './checkpoint-validation.js';
import { resolveDataset } from '../data/data-source.js';
import { readRunConfig, requireRun, runPaths } from './run-folder.js';

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
  checkSameRun(checkpoint.config, readRunConfig(dir), paths.checkpoint);
  const config = checkpoint.config;
  const { dataset } = resolveDataset(config.data);
  const backend = await useBackend(config.backend, trainingThreads(config, dataset.dim));
  const trainer = new GanTrainer(config, dataset);
  try {
    await restoreCheckpointState(trainer, checkpoint.state, paths.checkpoint);
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return { config, dataset, trainer, backend };
}
