/**
 * `tsgan theory …`: the GAN theory of THEORY.md (E1–E8) computed exactly and checked on real
 * networks. Each subcommand prints text or JSON (--json) and can write a report folder (--out).
 */
import { Command } from 'commander';
import { theoryCriticCommand } from './theory-critic.js';
import { theoryDisjointCommand } from './theory-disjoint.js';
import { theoryIdentityCommand } from './theory-identity.js';
import { theoryOptimalCommand } from './theory-optimal.js';
import { theoryTrackCommand } from './theory-track.js';

export function theoryCommand(): Command {
  const theory = new Command('theory').description('the theory made executable: the E5 identity, a trained D vs D*, theory over a run, disjoint supports, WGAN critics vs W1');
  for (const c of [theoryIdentityCommand(), theoryOptimalCommand(), theoryTrackCommand(), theoryDisjointCommand(), theoryCriticCommand()]) theory.addCommand(c);
  return theory;
}
