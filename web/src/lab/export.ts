/**
 * A Lab experiment as a `tsgan train --config FILE` config: the full resolved config (every field the
 * schema has, so no recipe changes it), with the CLI's backend, and for drawn or uploaded points a
 * points.csv to save beside it.
 */
import { resolveConfig, type TrainConfig } from 'tsgan';
import { dataDescriptor, type Experiment } from './experiment.js';

export interface ExportedConfig {
  readonly config: TrainConfig;
  /** The points, one "x,y" per line, when the data is drawn or uploaded (config.data is then "points.csv"). */
  readonly pointsCsv?: string;
  /** The command that trains it. */
  readonly command: string;
}

/** `e` as a config for `tsgan train`; `current`: the config in use (with the edits made while training), default e's own. */
export function exportConfig(e: Experiment, current: TrainConfig = e.config): ExportedConfig {
  const config = resolveConfig({ ...current, data: dataDescriptor(e.source), backend: 'wasm' });
  let pointsCsv: string | undefined;
  if (e.source.kind === 'points') {
    const p = e.source.points;
    const lines = ['x,y'];
    for (let i = 0; i < p.length; i += 2) lines.push(`${p[i]},${p[i + 1]}`);
    pointsCsv = `${lines.join('\n')}\n`;
  }
  const command = `npx tsgan train --config tsgan-lab-config.json${pointsCsv === undefined ? '' : ' (with points.csv in the same folder you run it from)'}`;
  return { config, pointsCsv, command };
}
