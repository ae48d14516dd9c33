export { APP_DIR, DEFAULT_MAX_STREAMS, ServeError, startServer, type RunningServer, type ServeOptions } from './server.js';
export { listRuns, runEntry, type RunEntry } from './runs-index.js';
export { findInside, openInside, resolveInside, safeSegments, type FoundInside, type OpenedInside } from './safe-path.js';
export { followMetrics, type FollowOptions } from './follow-metrics.js';
export { allowedHosts, hostAllowed, parseAllowHost } from './host-check.js';
