/** A config that cannot run, said in one line (the CLI prints it and exits 2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
