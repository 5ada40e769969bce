// Monitoring tab: the last hour per minute (requests by status, latency p50/p95/p99, tokens, errors) from the
// server's metrics history route; refreshed every 15 s.
import { api, enc, ApiError } from './api.js';
import { h, errorBox, fill, add } from './dom.js';
import { barChart, lineChart } from './charts.js';

export async function render(panel, { endpoint, deployment }) {
  const box = h('div', null, h('p', { class: 'muted' }, 'Loading metrics…'));
  add(panel, box);
  let timer = null; let stopped = false;
  async function load() {
    try {
      const history = await api(`/endpoints/${enc(endpoint.name)}/deployments/${enc(deployment.name)}/metrics?minutes=60`);
      if (stopped) return;
      paint(box, history.minutes || []);
      timer = setTimeout(load, 15000);
    } catch (err) {
      if (stopped) return;
      fill(box, err instanceof ApiError && err.status === 404
        ? h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'Monitoring is not available'), 'This server does not keep a per-minute metrics history for deployments yet.')
        : errorBox(err, 'Metrics could not be read'));
    }
  }
  await load();
  return () => { stopped = true; clearTimeout(timer); };
}

function paint(box, minutes) {
  const labels = minutes.map((m) => m.start);
  const pick = (f) => minutes.map((m) => { try { return f(m) ?? 0; } catch { return 0; } });
  const total = minutes.reduce((sum, m) => sum + Object.values(m.requests || {}).reduce((a, b) => a + b, 0), 0);
  fill(box, 
    h('p', { class: 'muted' }, `Last ${minutes.length} minutes · ${total} requests`),
    minutes.length ? h('div', { class: 'charts' },
      barChart('Requests per minute by status', labels, [
        { name: '2xx', cls: 'c-1', values: pick((m) => m.requests['2xx']) },
        { name: '4xx', cls: 'c-2', values: pick((m) => m.requests['4xx']) },
        { name: '429', cls: 'c-3', values: pick((m) => m.requests['429']) },
        { name: '5xx', cls: 'c-4', values: pick((m) => m.requests['5xx']) }]),
      lineChart('Latency (ms)', labels, [
        { name: 'p50', cls: 'c-1', values: minutes.map((m) => m.latency_ms?.p50 ?? null) },
        { name: 'p95', cls: 'c-2', values: minutes.map((m) => m.latency_ms?.p95 ?? null) },
        { name: 'p99', cls: 'c-4', values: minutes.map((m) => m.latency_ms?.p99 ?? null) }]),
      barChart('Tokens per minute', labels, [
        { name: 'prompt', cls: 'c-5', values: pick((m) => m.tokens.prompt) },
        { name: 'completion', cls: 'c-3', values: pick((m) => m.tokens.completion) }]),
      barChart('Errors per minute', labels, [{ name: 'errors', cls: 'c-4', values: pick((m) => m.errors) }]))
      : h('p', { class: 'empty card' }, 'No requests in the last hour.'));
}
