/**
 * A logger for Vega and Vega-Lite that never prints (this module must not touch the console) and
 * keeps Vega's errors, which a View otherwise swallows, so that rendering can fail loudly.
 */
import type { LoggerInterface } from 'vega';

/** Drops warnings, info and debug messages; records errors in {@link QuietLogger.errors}. */
export class QuietLogger implements LoggerInterface {
  /** Error messages, in order. */
  readonly errors: string[] = [];
  private currentLevel = 1;

  // Arrow properties: Vega calls these with `this` bound to its dataflow, not to the logger.
  level = (level?: number): number | this => {
    if (level === undefined) return this.currentLevel;
    this.currentLevel = level;
    return this;
  };
  error = (...args: unknown[]): this => {
    this.errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    return this;
  };
  warn = (): this => this;
  info = (): this => this;
  debug = (): this => this;
}
