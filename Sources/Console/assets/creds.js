// Endpoint credentials for the console's own scoring calls (Test tab, swagger): fetched with get-credentials,
// kept in memory only.
import { api, enc } from './api.js';

const cache = new Map();

/** `{kind: 'key', primaryKey, secondaryKey}` or `{kind: 'token', accessToken, expiryTimeUtc, refreshAfterTimeUtc}`. */
export async function credentials(endpoint, { refresh = false } = {}) {
  const cached = cache.get(endpoint);
  if (!refresh && cached && (cached.kind === 'key' || Date.parse(cached.refreshAfterTimeUtc) > Date.now())) return cached;
  const answer = await api(`/endpoints/${enc(endpoint)}/get-credentials`, { method: 'POST' });
  const value = answer.accessToken ? { kind: 'token', ...answer } : { kind: 'key', ...answer };
  cache.set(endpoint, value);
  return value;
}

/** The bearer value the gateway accepts for `endpoint`. */
export async function bearer(endpoint) {
  const c = await credentials(endpoint);
  return c.kind === 'token' ? c.accessToken : c.primaryKey;
}

export function forget(endpoint) { cache.delete(endpoint); }
