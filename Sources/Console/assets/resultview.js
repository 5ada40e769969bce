// The answer panel under a test: status, latency, request id, deployment, token usage, then the body.
import { h, pill, ms } from './dom.js';

export function metaLine(result, tokens) {
  return h('div', { class: 'meta', 'data-result': 'meta' },
    h('span', null, 'Status ', pill(String(result.status))),
    h('span', null, 'Latency ', h('b', null, ms(result.ms))),
    result.firstEventMs != null ? h('span', null, 'First event ', h('b', null, ms(result.firstEventMs))) : null,
    result.events ? h('span', null, 'Events ', h('b', null, String(result.events))) : null,
    result.deployment ? h('span', null, 'Deployment ', h('b', null, result.deployment)) : null,
    h('span', null, 'Tokens ', h('b', { 'data-result': 'tokens' }, tokens ?? '—')),
    result.requestId ? h('span', null, 'Request id ', h('code', { 'data-result': 'request-id' }, result.requestId)) : null);
}

export function bodyView(result) {
  const text = result.body !== null && result.body !== undefined ? JSON.stringify(result.body, null, 2) : result.text;
  return h('pre', { class: 'answer', 'data-result': 'body', tabindex: '0', 'aria-label': 'Answer' }, text);
}

/** A flow test's per-node records (POST /snapshots/{id}/test answers them), or null. */
export function nodesView(result) {
  const nodes = result.raw?.nodes;
  if (!Array.isArray(nodes) || !nodes.length) return null;
  return h('div', { class: 'table-wrap', 'data-result': 'nodes' }, h('table', null,
    h('thead', null, h('tr', null, ['Node', 'Status', 'Duration'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, nodes.map((n) => h('tr', null, h('td', null, n.name),
      h('td', null, pill(n.status === 'Completed' ? 'Succeeded' : n.status === 'Failed' ? 'Failed' : 'Skipped', n.status),
        n.error ? h('div', { class: 'small' }, n.error) : null),
      h('td', null, ms(n.duration_ms)))))));
}
