export { APP_DIR, ServeError, startServer, type RunningServer, type ServeOptions } from './server.js';
export { listRuns, runEntry, type RunEntry } from './runs-index.js';
export { resolveInside, safeSegments } from './safe-path.js';
export { followMetrics } from './follow-metrics.js';
