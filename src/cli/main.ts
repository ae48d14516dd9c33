#!/usr/bin/env node
/**
 * The `tsgan` command line. Every command is a small module in ./commands; this file only wires them
 * up and turns errors into one line and an exit code (2 for bad input).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help, type Option } from 'commander';
import { benchCommand } from './commands/bench.js';
import { benchmarkCommand } from './commands/benchmark.js';
import { classifierCommand } from './commands/classifier.js';
import { sweepCommand } from './commands/sweep.js';
import { workerCommand } from './commands/worker.js';
import { evalCommand } from './commands/eval.js';
import { sampleCommand } from './commands/sample.js';
import { serveCommand } from './commands/serve.js';
import { theoryCommand } from './commands/theory.js';
import { trainCommand } from './commands/train.js';
import { reportError } from './errors.js';

function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** "tsgan theory identity" for a subcommand: its name and its parents'. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x !== null; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/**
 * An option's help text: commander's, except that an option whose own text already says its default
 * ("… (default: 20)") does not get commander's "(default: 20)" a second time.
 */
function describeOption(this: Help, option: Option): string {
  if (option.defaultValue === undefined || !/\bdefault\b/i.test(option.description)) return Help.prototype.optionDescription.call(this, option);
  const withoutDefault = Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option, { defaultValue: undefined });
  return Help.prototype.optionDescription.call(this, withoutDefault);
}

/** The program with every command; errors propagate (see `main`). */
export function buildProgram(): Command {
  const program = new Command('tsgan')
    .description('Generative adversarial networks in TypeScript, with the theory (D*, JS, W1) made executable and checked')
    .version(version())
    .showHelpAfterError(false);
  const commands = [trainCommand(), evalCommand(), sampleCommand(), benchCommand(), benchmarkCommand(), theoryCommand(), serveCommand(), classifierCommand(), sweepCommand(), workerCommand()];
  for (const c of commands) program.addCommand(c);
  // Commander errors (unknown option, bad choice) become exceptions with one line, exit code 2.
  const configure = (c: Command) => {
    c.configureHelp({ optionDescription: describeOption });
    c.exitOverride().configureOutput({
      outputError: (str, write) => write(`${commandPath(c)}: ${str.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()} (see --help)\n`),
    });
    c.commands.forEach(configure);
  };
  configure(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e);
  }
}

/**
 * A reader that closes our output early (`tsgan train --help | head`) is not an error: stop quietly, as
 * Unix tools do, instead of crashing on EPIPE with a stack trace. Other stream errors end in one line.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`tsgan: cannot write output: ${e.message}\n`);
    process.exit(1);
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith('/tsgan')) {
  quietOnClosedPipe(process.stdout);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
