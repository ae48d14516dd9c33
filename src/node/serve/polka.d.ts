/** The part of polka 0.5 (which ships no types) that the server uses. */
declare module 'polka' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  /** A request as polka hands it on: `path` is the raw (undecoded) path, `query` the parsed query string. */
  export type PolkaRequest = IncomingMessage & { path: string; query: Record<string, string | string[] | undefined> };
  export type Handler = (req: PolkaRequest, res: ServerResponse, next: (err?: unknown) => void) => void;
  export interface Polka {
    use(...handlers: Handler[]): Polka;
    get(pattern: string, ...handlers: Handler[]): Polka;
    head(pattern: string, ...handlers: Handler[]): Polka;
    handler(req: IncomingMessage, res: ServerResponse): void;
  }
  export interface PolkaOptions {
    onError?: (err: unknown, req: PolkaRequest, res: ServerResponse, next: (err?: unknown) => void) => void;
    onNoMatch?: (req: PolkaRequest, res: ServerResponse) => void;
  }
  export default function polka(options?: PolkaOptions): Polka;
}
