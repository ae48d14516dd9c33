/** "no data", drawn in place of a plot (or on top of an empty one) whose inputs are empty. */

/** A Vega-Lite layer with a grey message centred in a plot area of the given size. */
export function noDataLayer(size: { width: number; height: number }, message = 'no data'): object {
  return {
    data: { values: [{}] },
    mark: { type: 'text', text: message, fontSize: 16, color: '#888888', align: 'center', baseline: 'middle' },
    encoding: { x: { value: size.width / 2 }, y: { value: size.height / 2 } },
  };
}

/** A Vega-Lite unit spec of the given size that shows only {@link noDataLayer}'s message. */
export function noDataPanel(size: { width: number; height: number }, message = 'no data'): object {
  return { width: size.width, height: size.height, ...noDataLayer(size, message) };
}
