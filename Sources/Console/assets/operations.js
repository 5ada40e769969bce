// Operations: the latest creates, updates and deletes with their stages (newest first).
import { api, enc } from './api.js';
import { h, fill, add, pageHead, pill, when, span, errorBox } from './dom.js';

export async function render(root) {
  const box = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  add(root, pageHead('Operations', { subtitle: 'What the server did for each create, update and delete.' }), box);
  try {
    const ops = (await api('/operations?limit=50')).value;
    fill(box, h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Started', 'Operation', 'Target', 'Status', 'Took', 'Stages'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, ops.map((o) => h('tr', null,
        h('td', { class: 'nowrap' }, when(o.created_at)), h('td', null, o.kind),
        h('td', null, o.target?.deployment ? h('a', { href: `#/endpoints/${enc(o.target.endpoint)}/deployments/${enc(o.target.deployment)}/details` }, `${o.target.endpoint}/${o.target.deployment}`)
          : h('a', { href: `#/endpoints/${enc(o.target?.endpoint || '')}` }, o.target?.endpoint || '')),
        h('td', null, pill(o.status), o.error?.message ? h('div', { class: 'small' }, o.error.message) : null),
        h('td', null, span(o.created_at, o.updated_at)),
        h('td', null, (o.stages || []).map((x) => h('span', { class: 'tag' }, `${x.name}: ${x.status}`)))))))));
  } catch (err) { fill(box, errorBox(err, 'Operations could not be read')); }
}
