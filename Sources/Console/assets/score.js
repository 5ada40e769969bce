// Scoring calls for the Test tab and the flow test page: one request, timed, with the answer's status, request
// id and (for event streams) each event as it arrives.
import { readEvents } from './sse.js';

/**
 * A scoring target: `url` and `headers()` giving the auth and routing headers
 * (the console: the endpoint's key and `azureml-model-deployment`; flow serve: none).
 */
export function target(url, headers = async () => ({}), { wrap = (b) => b, unwrap = (b) => b } = {}) {
  return { url, headers, wrap, unwrap };
}

/**
 * Sends `body`; with `stream` asks for `text/event-stream` and calls `onEvent(parsedData)` per event.
 * Resolves {status, ok, ms, requestId, deployment, body, text, events}.
 */
export async function score(to, body, { stream = false, signal, onEvent } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: stream ? 'text/event-stream, application/json' : 'application/json', ...(await to.headers()) };
  const started = performance.now();
  const response = await fetch(to.url, { method: 'POST', headers, body: JSON.stringify(to.wrap(body)), signal });
  const result = { status: response.status, ok: response.ok, requestId: response.headers.get('x-request-id'),
    deployment: response.headers.get('azureml-model-deployment'), events: 0, body: null, text: '' };
  if ((response.headers.get('content-type') || '').includes('text/event-stream')) {
    result.firstEventMs = null;
    for await (const event of readEvents(response)) {
      result.events += 1;
      result.firstEventMs ??= performance.now() - started;
      let data = event.data;
      try { data = JSON.parse(event.data); } catch { /* plain text event */ }
      onEvent?.(data);
    }
  } else {
    result.text = await response.text();
    try { result.raw = JSON.parse(result.text); result.body = result.ok ? to.unwrap(result.raw) : result.raw; } catch { result.body = null; }
  }
  result.ms = performance.now() - started;
  return result;
}

/** Token usage from an answer, when the flow reports it (promptflow's `usage`-like fields), else null. */
export function tokenUsage(body) {
  const usage = body?.usage || body?.token_usage;
  if (usage && typeof usage === 'object') return usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
  return null;
}
