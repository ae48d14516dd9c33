/** A panel that says "no data", drawn in place of a plot whose inputs are empty. */

/** A Vega-Lite unit spec of the given size with a grey "no data" (or other message) in its centre. */
export function noDataPanel(size: { width: number; height: number }, message = 'no data'): object {
  return {
    width: size.width,
    height: size.height,
    data: { values: [{}] },
    mark: { type: 'text', text: message, fontSize: 16, color: '#888888', align: 'center', baseline: 'middle' },
    encoding: { x: { value: size.width / 2 }, y: { value: size.height / 2 } },
  };
}
