// Logs tab: the instances' log tail, and "Follow" to keep reading new lines as the server writes them.
import { api, apiKey, enc, errorFrom, ApiError } from './api.js';
import { h, fill, add, errorBox, field } from './dom.js';

export async function render(panel, { endpoint, deployment }) {
  const path = `/endpoints/${enc(endpoint.name)}/deployments/${enc(deployment.name)}/logs`;
  const lines = h('select', { name: 'lines' }, ['100', '500', '2000'].map((n) => h('option', { value: n }, `${n} lines`)));
  const instance = h('input', { name: 'instance', placeholder: 'all instances (e.g. blue-0)' });
  const followBox = h('input', { type: 'checkbox', name: 'follow' });
  const refresh = h('button', { type: 'button' }, 'Refresh');
  const out = h('pre', { class: 'logs', tabindex: '0', 'aria-label': 'Log lines', 'data-logs': 'text' });
  const status = h('div', { role: 'status', class: 'small muted' });
  let controller = null;

  const query = (follow) => {
    const q = new URLSearchParams({ lines: lines.value });
    if (instance.value.trim()) q.set('instance', instance.value.trim());
    if (follow) q.set('follow', 'true');
    return `${path}?${q}`;
  };
  const atBottom = () => out.scrollHeight - out.scrollTop - out.clientHeight < 40;

  async function load() {
    controller?.abort(); controller = new AbortController();
    const follow = followBox.checked;
    fill(status, follow ? 'Following…' : 'Loading…');
    try {
      if (!follow) {
        const text = await api(query(false), { signal: controller.signal });
        out.textContent = text; out.scrollTop = out.scrollHeight;
        fill(status, `${text ? text.split('\n').filter(Boolean).length : 0} lines`);
        return;
      }
      const response = await fetch(`/api/v1${query(true)}`, { headers: { Authorization: `Bearer ${apiKey()}` }, signal: controller.signal });
      if (!response.ok) throw await errorFrom(response);
      out.textContent = '';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const stick = atBottom();
        out.append(value);
        if (stick) out.scrollTop = out.scrollHeight;
      }
      fill(status, 'The server ended the stream.');
      followBox.checked = false;
    } catch (err) {
      if (err.name === 'AbortError') return;
      fill(status);
      fill(out);
      if (err instanceof ApiError && err.status === 404 && /No route serves/.test(err.message)) {
        add(status, h('div', { class: 'alert info' }, h('strong', null, 'Logs are not available'), 'This server has no logs route for deployments.'));
      } else add(status, errorBox(err, 'Logs could not be read'));
    }
  }
  for (const el of [lines, followBox]) el.addEventListener('change', load);
  refresh.addEventListener('click', load);
  instance.addEventListener('change', load);
  add(panel, h('div', { class: 'card' },
    h('div', { class: 'grid2' }, field('Lines', lines), field('Instance', instance)),
    h('div', { class: 'actions' }, h('label', { class: 'check' }, followBox, 'Follow live'), refresh), status),
  out);
  await load();
  return () => controller?.abort();
}
