/**
 * Public endpoints, per client address: at least 60 requests a minute on each pass, bursts beyond do not
 * (docs/api.md, "Rate limits").
 */
export const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };
