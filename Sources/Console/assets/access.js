// Roles and access: role assignments (who has what where), a grant form (principal, role, scope), and the roles.
import { api, enc } from './api.js';
import { h, fill, add, addFirst, pageHead, errorBox, field, when } from './dom.js';

export async function render(root, query = '') {
  const params = new URLSearchParams(query);
  const [principals, roles, assignments, endpoints, connections] = await Promise.all([
    api('/principals'), api('/roles'), api('/role-assignments'),
    api('/endpoints').catch(() => ({ value: [] })), api('/connections').catch(() => ({ value: [] }))]);
  const principal = h('select', { name: 'principal' }, principals.value.map((p) => h('option', { value: p.name, selected: p.name === params.get('principal') }, `${p.name} (${p.kind})`)));
  const role = h('select', { name: 'role' }, roles.value.map((r) => h('option', { value: r.name, selected: r.name === (params.get('role') || 'Reader') }, r.name)));
  const scopes = ['/', ...endpoints.value.map((e) => `/endpoints/${e.name}`), ...connections.value.map((c) => `/connections/${c.name}`)];
  const scope = h('select', { name: 'scope' }, scopes.map((sc) => h('option', { value: sc, selected: sc === params.get('scope') }, sc)));
  const status = h('div', { role: 'status' });
  const grant = h('button', { type: 'submit', class: 'primary' }, 'Grant');
  const form = h('form', { class: 'card', 'aria-labelledby': 'grant-title' }, h('h2', { id: 'grant-title' }, 'Grant a role'),
    h('div', { class: 'grid2' }, field('Principal', principal, { name: 'principal' }), field('Role', role, { name: 'role' }), field('Scope', scope, { name: 'scope', hint: 'A scope covers everything under it.' })),
    status, grant);
  const table = h('div');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    grant.disabled = true;
    try {
      await api('/role-assignments', { method: 'POST', body: { principal: principal.value, role: role.value, scope: scope.value } });
      fill(status, h('div', { class: 'alert info' }, `Granted ${role.value} to ${principal.value} at ${scope.value}.`));
      paint((await api('/role-assignments')).value);
    } catch (err) { fill(status, errorBox(err, 'Not granted')); } finally { grant.disabled = false; }
  });
  function paint(items) {
    fill(table, h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Principal', 'Role', 'Scope', 'Granted', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map((a) => h('tr', { 'data-assignment': a.id },
        h('td', null, h('code', null, a.principal)), h('td', null, a.role), h('td', null, h('code', null, a.scope)), h('td', null, when(a.created_at)),
        h('td', null, a.id.startsWith('builtin') ? null : h('button', { type: 'button', class: 'small danger', onclick: async () => {
          if (!confirm(`Remove ${a.role} from ${a.principal} at ${a.scope}?`)) return;
          try { await api(`/role-assignments/${enc(a.id)}`, { method: 'DELETE' }); paint((await api('/role-assignments')).value); }
          catch (err) { addFirst(table, errorBox(err, 'Not removed')); }
        } }, 'Remove'))))))));
  }
  paint(assignments.value);
  add(root, pageHead('Roles and access', { subtitle: 'Who may do what, where. Owners grant; identities need Connection Secrets Reader for the connections their flows use.' }),
    form, h('h2', null, 'Role assignments'), table,
    h('h2', null, 'Roles'), h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Role', 'Description', 'Actions', 'Not actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, roles.value.map((r) => h('tr', null, h('td', null, h('strong', null, r.name), r.built_in ? h('div', { class: 'small muted' }, 'built-in') : null),
        h('td', null, r.description || ''), h('td', null, r.actions.map((x) => h('span', { class: 'tag' }, x))), h('td', null, (r.not_actions || []).map((x) => h('span', { class: 'tag' }, x)))))))));
  if (params.get('principal')) grant.focus();
}
