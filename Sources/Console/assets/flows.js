// Flows: upload a flow folder (zip or tar) as a snapshot, then open it to see its graph, test it and deploy it.
// The list is the server's snapshots (GET /snapshots); the archive names uploaded in this tab stand in for flows
// that carry no display name of their own.
import { api, enc } from './api.js';
import { h, fill, add, pageHead, errorBox, field, when } from './dom.js';

const storageKey = 'flowgate.snapshots';
export function rememberedSnapshots() { try { return JSON.parse(sessionStorage.getItem(storageKey) || '[]'); } catch { return []; } }
function remember(entry) { sessionStorage.setItem(storageKey, JSON.stringify([entry, ...rememberedSnapshots().filter((x) => x.id !== entry.id)].slice(0, 20))); }

export async function render(root) {
  const file = h('input', { type: 'file', name: 'flow-archive', accept: '.zip,.tar,.tgz,.tar.gz' });
  const status = h('div', { role: 'status' });
  const upload = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  const form = h('form', { class: 'card', 'aria-labelledby': 'upload-title' }, h('h2', { id: 'upload-title' }, 'Register a flow'),
    field('Flow folder as a zip, tar or tar.gz', file, { name: 'archive', hint: 'The folder with flow.dag.yaml, flow.flex.yaml or a .prompty file. At most 64 MiB.' }), status, upload);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) { fill(status, errorBox(new Error('Choose an archive first.'), 'Nothing to upload')); return; }
    upload.disabled = true;
    try {
      const type = /\.zip$/i.test(chosen.name) ? 'application/zip' : /gz$/i.test(chosen.name) ? 'application/gzip' : 'application/x-tar';
      const snapshot = await api('/snapshots', { method: 'POST', body: chosen, headers: { 'Content-Type': type } });
      remember({ id: snapshot.id, name: chosen.name.replace(/\.(zip|tar|tgz|tar\.gz)$/i, ''), at: snapshot.created_at });
      location.hash = `#/flows/${enc(snapshot.id)}`;
    } catch (err) { fill(status, errorBox(err, 'The flow was not uploaded')); } finally { upload.disabled = false; }
  });
  const names = new Map(rememberedSnapshots().map((x) => [x.id, x.name]));
  const list = (await api('/snapshots?limit=200')).value;
  const title = (x) => x.flow?.name || names.get(x.id) || x.id.slice(0, 16);
  add(root, pageHead('Flows', { subtitle: 'Upload a flow, see it, test it, then deploy it.' }), form,
    h('h2', null, 'Registered flows'),
    list.length ? h('div', { class: 'table-wrap' }, h('table', { 'data-list': 'snapshots' },
      h('thead', null, h('tr', null, ['Flow', 'Kind', 'Snapshot', 'Registered', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, list.map((x) => h('tr', { 'data-snapshot': x.id },
        h('td', null, h('a', { href: `#/flows/${enc(x.id)}` }, title(x)), x.flow ? null : h('div', { class: 'small muted' }, 'not a valid flow')),
        h('td', null, x.flow ? [x.flow.kind, x.flow.is_chat ? ' · chat' : ''] : '—'),
        h('td', null, h('code', { class: 'small' }, x.id.slice(0, 16), '…')), h('td', null, when(x.created_at)),
        h('td', null, x.flow ? h('a', { class: 'button small', href: `#/deploy?snapshot=${enc(x.id)}` }, 'Deploy') : null))))))
      : h('p', { class: 'muted' }, 'None yet.'));
}
