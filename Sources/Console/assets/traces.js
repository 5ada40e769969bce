// Traces tab: recent requests (duration, status, tokens) and one request's spans as a waterfall with their
// inputs and outputs (recorded when the deployment has tracing on), and the user feedback posted on the trace.
import { api, enc, ApiError } from './api.js';
import { h, fill, add, errorBox, pill, ms, when } from './dom.js';

export async function render(panel, { endpoint, deployment }) {
  const base = `/endpoints/${enc(endpoint.name)}/deployments/${enc(deployment.name)}/traces`;
  const list = h('div', null, h('p', { class: 'muted' }, 'Loading traces…'));
  const detail = h('div');
  const refresh = h('button', { type: 'button', onclick: () => load() }, 'Refresh');
  add(panel, h('div', { class: 'actions' }, refresh), list, detail);

  async function load() {
    try {
      const answer = await api(`${base}?limit=50`);
      const traces = answer.traces || answer.value || [];
      if (!traces.length) { fill(list, h('p', { class: 'card empty' }, 'No traces yet: send a request from the Test tab.')); return; }
      fill(list, h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, ['Time', 'Name', 'Status', 'HTTP', 'Duration', 'Tokens', 'Spans'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, traces.map((t) => h('tr', null,
          h('td', null, h('button', { type: 'button', class: 'link-button', 'data-trace': t.trace_id, onclick: () => show(t.trace_id) }, when(t.start_time))),
          h('td', null, t.name), h('td', null, pill(t.status === 'error' ? 'Failed' : 'Succeeded', t.status || 'ok')),
          h('td', null, t.http_status ?? '—'), h('td', null, ms(t.duration_ms)), h('td', null, t.total_tokens ?? '—'), h('td', null, t.span_count ?? '—')))))));
    } catch (err) {
      fill(list, err instanceof ApiError && err.status === 404
        ? h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'Traces are not available'), 'This server does not expose deployment traces yet.')
        : errorBox(err, 'Traces could not be read'));
    }
  }

  async function show(id) {
    fill(detail, h('p', { class: 'muted' }, 'Loading the trace…'));
    try { fill(detail, waterfall(await api(`${base}/${enc(id)}`))); detail.querySelector('h2')?.focus(); }
    catch (err) { fill(detail, errorBox(err, 'The trace could not be read')); }
  }
  await load();
}

function depthOf(spans) {
  const byId = Object.fromEntries(spans.map((x) => [x.span_id, x]));
  const depth = (x, seen = 0) => (x.parent_span_id && byId[x.parent_span_id] && seen < 50 ? 1 + depth(byId[x.parent_span_id], seen + 1) : 0);
  return (x) => depth(x);
}

function waterfall(trace) {
  const all = [...(trace.spans || [])].sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
  // Feedback arrives any time after the request: shown in its own block, not stretching the request's timeline.
  const posts = all.filter((x) => x.name === 'promptflow-feedback');
  const spans = all.filter((x) => x.name !== 'promptflow-feedback');
  const t0 = spans.length ? Math.min(...spans.map((x) => Date.parse(x.start_time))) : 0;
  const total = Math.max(1, ...spans.map((x) => Date.parse(x.end_time) - t0));
  const depth = depthOf(spans);
  const attrs = h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Select a span to see its inputs and outputs.'));
  const rows = spans.map((x) => {
    const left = ((Date.parse(x.start_time) - t0) / total) * 100;
    const width = Math.max(((x.duration_ms ?? (Date.parse(x.end_time) - Date.parse(x.start_time))) / total) * 100, 0.4);
    const kind = x.status?.code === 'error' ? 'error' : /llm|openai|chat/i.test(`${x.name} ${x.attributes?.['span_type'] ?? ''}`) ? 'llm' : '';
    const bar = h('div', { class: `bar ${kind}`, title: `${x.name}: ${ms(x.duration_ms)}` });
    bar.style.left = `${left}%`; bar.style.width = `${width}%`;
    const button = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => {
      for (const b of button.parentElement.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-pressed', 'true');
      const { inputs, output, ...rest } = x.attributes || {};
      fill(attrs, h('h3', null, x.name), h('p', { class: 'small muted' }, `${ms(x.duration_ms)} · ${x.kind}`),
        x.status?.message ? h('div', { class: 'alert bad' }, x.status.message) : null,
        ioBlock('Inputs', inputs, 'span-inputs'), ioBlock('Output', output, 'span-output'),
        inputs === undefined && output === undefined && x.kind !== 'client'
          ? h('p', { class: 'small muted' }, 'Inputs and outputs are recorded when the deployment has tracing on.') : null,
        h('h4', null, 'Attributes'), h('pre', null, JSON.stringify(rest, null, 2)),
        x.events?.length ? h('pre', null, JSON.stringify(x.events, null, 2)) : null);
    } }, '\u00a0'.repeat(depth(x) * 3), x.name);
    return [button, h('div', { class: 'bar-track' }, bar)];
  });
  return h('section', { class: 'card', 'aria-labelledby': 'trace-title' },
    h('h2', { id: 'trace-title', tabindex: '-1' }, `Trace ${trace.trace_id.slice(0, 12)}…`),
    h('p', { class: 'small muted' }, `${ms(trace.duration_ms)} · ${trace.total_tokens ?? 0} tokens · ${spans.length} spans`),
    feedbackBlock(posts), h('div', { class: 'waterfall' }, rows), attrs);
}

// A recorded JSON attribute (promptflow's `inputs` / `output`), pretty-printed when it parses.
function ioBlock(title, text, id) {
  if (text === undefined || text === null) return null;
  let shown = String(text);
  try { shown = JSON.stringify(JSON.parse(shown), null, 2); } catch { /* truncated or plain text: shown as it is */ }
  return h('div', { class: 'io', 'data-io': id }, h('h4', null, title), h('pre', null, shown));
}

// User feedback posted on this trace (`POST /endpoints/{name}/feedback` with the request's traceparent): one
// `promptflow-feedback` span per post, its attributes the feedback (flattened keys, or one `feedback` text).
function feedbackBlock(posts) {
  if (!posts.length) return null;
  return h('section', { class: 'feedback', 'aria-labelledby': 'feedback-title' },
    h('h3', { id: 'feedback-title' }, `Feedback (${posts.length})`),
    h('ul', null, posts.map((x) => h('li', null,
      h('span', { class: 'small muted' }, `${when(x.start_time)}: `),
      h('code', null, Object.entries(x.attributes || {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', '))))));
}
