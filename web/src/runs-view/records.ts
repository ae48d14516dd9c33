/** The records of a run's metrics.jsonl as `tsgan serve` streams them (server-sent `record` events). */

/** Calls `onRecord` with each record `source` streams (a line that is not a JSON object is skipped). */
export function onRecords(source: EventSource, onRecord: (r: Record<string, unknown>) => void): void {
  source.addEventListener('record', (ev) => {
    let r: unknown;
    try {
      r = JSON.parse((ev as MessageEvent<string>).data);
    } catch {
      return;
    }
    if (typeof r === 'object' && r !== null && !Array.isArray(r)) onRecord(r as Record<string, unknown>);
  });
}
