// The management API client: the key lives in sessionStorage and goes out as a bearer header (no cookies).

const storageKey = 'flowgate.apiKey';

export function apiKey() { return sessionStorage.getItem(storageKey); }
export function setApiKey(key) { sessionStorage.setItem(storageKey, key); }
export function clearApiKey() { sessionStorage.removeItem(storageKey); }

/** An error the API (or the gateway) answered: status, code, message, per-field details, request id. */
export class ApiError extends Error {
  constructor(status, code, message, details = [], requestId = null) {
    super(message);
    Object.assign(this, { status, code, details, requestId });
  }
}

/** Reads the platform's `{"error": {"code", "message", "details"}}` (or any body) into an ApiError. */
export async function errorFrom(response) {
  const text = await response.text();
  let code = `HTTP ${response.status}`; let message = text || response.statusText; let details = [];
  try {
    const body = JSON.parse(text);
    if (body?.error) { code = body.error.code || code; message = body.error.message || message; details = body.error.details || []; }
  } catch { /* not JSON */ }
  return new ApiError(response.status, code, message, details, response.headers.get('x-request-id'));
}

/** `api('/endpoints')` → the parsed JSON; throws ApiError; a 401 signs the user out. */
export async function api(path, { method = 'GET', body, headers = {}, signal, raw = false } = {}) {
  const init = { method, signal, headers: { Authorization: `Bearer ${apiKey() || ''}`, ...headers } };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
    else { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
  }
  const response = await fetch(`/api/v1${path}`, init);
  if (response.status === 401) window.dispatchEvent(new CustomEvent('flowgate:unauthorized'));
  if (raw) return response;
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** Whether an error means "this route does not exist on this server" (a feature not built yet). */
export function isMissingRoute(err) {
  return err instanceof ApiError && err.status === 404 && /No route serves/.test(err.message);
}

export const enc = encodeURIComponent;
