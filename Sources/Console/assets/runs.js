// Bulk runs: status, line counts and metrics; one run's outputs table; Deploy serves the run's snapshot and variant.
import { api, enc } from './api.js';
import { h, fill, add, pageHead, pill, errorBox, when } from './dom.js';

const cell = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export async function render(root, name) {
  if (name) return runPage(root, name);
  const runs = (await api('/runs')).value;
  add(root, pageHead('Runs', { subtitle: 'Bulk runs of flows over data; deploy the one that did best.' }),
    runs.length ? h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Run', 'Status', 'Lines', 'Metrics', 'Started', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, runs.map((r) => h('tr', { 'data-run': r.name },
        h('td', null, h('a', { href: `#/runs/${enc(r.name)}` }, r.display_name || r.name), r.variant ? h('div', { class: 'small muted' }, r.variant) : null),
        h('td', null, pill(r.status)),
        h('td', null, r.lines ? `${r.lines.completed} of ${r.lines.total}` + (r.lines.failed ? ` (${r.lines.failed} failed)` : '') : '—'),
        h('td', null, Object.entries(r.metrics || {}).map(([k, v]) => h('span', { class: 'tag' }, `${k}: ${cell(v)}`))),
        h('td', null, when(r.start_time)),
        h('td', null, h('a', { class: 'button small', href: `#/deploy?run=${enc(r.name)}` }, 'Deploy'))))))) 
      : h('div', { class: 'card empty' }, 'No runs yet: ', h('code', null, 'flowgate run create'), ' or POST /api/v1/runs.'));
  return null;
}

async function runPage(root, name) {
  const run = await api(`/runs/${enc(name)}`);
  const box = h('div', null, h('p', { class: 'muted' }, 'Loading outputs…'));
  add(root, pageHead(name, { crumbs: [{ label: 'Runs', href: '#/runs' }, { label: name }], actions: [pill(run.status), h('a', { class: 'button primary', href: `#/deploy?run=${enc(name)}` }, 'Deploy')] }),
    h('div', { class: 'card' }, h('h2', null, 'Metrics'), Object.keys(run.metrics || {}).length
      ? h('dl', { class: 'props' }, Object.entries(run.metrics).map(([k, v]) => [h('dt', null, k), h('dd', null, cell(v))])) : h('p', { class: 'muted' }, 'No metrics.')),
    h('h2', null, 'Outputs'), box);
  try {
    const lines = (await api(`/runs/${enc(name)}/outputs?limit=100`)).value;
    const columns = [...new Set(lines.flatMap((l) => Object.keys(l)))].filter((c) => c !== 'line_number');
    fill(box, lines.length ? h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '#'), columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, lines.map((l) => h('tr', null, h('td', null, String(l.line_number)), columns.map((c) => h('td', null, cell(l[c])))))))) : h('p', { class: 'muted' }, 'No lines.'));
  } catch (err) { fill(box, errorBox(err, 'Outputs could not be read')); }
  return null;
}
