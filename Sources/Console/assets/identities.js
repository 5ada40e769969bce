// Identities: user-assigned and system-assigned (endpoint:NAME) managed identities, their roles, and a grant in
// two clicks (Grant… then Grant on the prefilled form).
import { api, enc } from './api.js';
import { h, fill, add, addFirst, pageHead, errorBox, field, when } from './dom.js';

export async function render(root) {
  const list = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const name = h('input', { name: 'name', required: true, placeholder: 'app-identity' });
  const status = h('div');
  const form = h('form', { class: 'card', 'aria-label': 'New identity' }, h('h2', null, 'New user-assigned identity'),
    field('Name', name, { name: 'name', hint: 'Endpoints name it under identity.user_assigned_identities.' }), status,
    h('button', { type: 'submit', class: 'primary' }, 'Create identity'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try { await api('/identities', { method: 'POST', body: { name: name.value.trim() } }); name.value = ''; fill(status); load(); }
    catch (err) { fill(status, errorBox(err, 'The identity was not created')); }
  });
  add(root, pageHead('Identities', { subtitle: 'The principals deployments act as when they read connection secrets.' }), list, form);

  async function load() {
    try {
      const [ids, assignments] = await Promise.all([api('/identities'), api('/role-assignments')]);
      const rolesOf = (n) => assignments.value.filter((a) => a.principal === n);
      fill(list, h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, ['Identity', 'Kind', 'Roles', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, ids.value.map((i) => h('tr', { 'data-identity': i.name },
          h('td', null, h('code', null, i.name)),
          h('td', null, i.name.startsWith('endpoint:') ? 'system-assigned' : 'user-assigned'),
          h('td', null, rolesOf(i.name).map((a) => h('span', { class: 'tag' }, `${a.role} @ ${a.scope}`)), rolesOf(i.name).length ? null : h('span', { class: 'muted' }, 'none')),
          h('td', null, when(i.created_at)),
          h('td', { class: 'nowrap' }, h('a', { class: 'button small', href: `#/access?principal=${enc(i.name)}&role=${enc('Connection Secrets Reader')}` }, 'Grant…'), ' ',
            i.name.startsWith('endpoint:') ? null : h('button', { type: 'button', class: 'small danger', onclick: async () => {
              if (!confirm(`Delete identity ${i.name} and its role assignments?`)) return;
              try { await api(`/identities/${enc(i.name)}`, { method: 'DELETE' }); load(); } catch (err) { addFirst(list, errorBox(err, 'Not deleted')); }
            } }, 'Delete'))))))));
    } catch (err) { fill(list, errorBox(err, 'Identities could not be read')); }
  }
  await load();
}
