// Connections: list, create and edit (secrets are write-only: shown masked, left empty to keep), delete.
import { api, enc } from './api.js';
import { h, fill, add, addFirst, pageHead, errorBox, field, setFieldError, when } from './dom.js';

const types = {
  open_ai: { fields: ['base_url', 'organization'], secrets: ['api_key'] },
  azure_open_ai: { fields: ['api_base', 'api_type', 'api_version'], secrets: ['api_key'] },
  serp: { fields: [], secrets: ['api_key'] },
  custom: { fields: [], secrets: [] },
};

export async function render(root) {
  const list = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const editor = h('div');
  const create = h('button', { type: 'button', class: 'primary', onclick: () => edit(null) }, 'New connection');
  add(root, pageHead('Connections', { subtitle: 'Credentials flows use (OpenAI keys, custom secrets). Secrets are never shown again.', actions: [create] }), editor, list);

  async function load() {
    try {
      const items = (await api('/connections')).value;
      fill(list, items.length ? h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, ['Name', 'Type', 'Settings', 'Updated', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, items.map((c) => h('tr', { 'data-connection': c.name },
          h('td', null, h('strong', null, c.name)), h('td', null, c.type),
          h('td', null, Object.entries(c).filter(([k]) => !['name', 'type', 'created_at', 'updated_at', 'configs', 'secrets'].includes(k) && typeof c[k] !== 'object')
            .concat(Object.entries(c.configs || {}), Object.entries(c.secrets || {}))
            .map(([k, v]) => h('span', { class: 'tag' }, `${k}: ${v}`))),
          h('td', null, when(c.updated_at || c.created_at)),
          h('td', { class: 'nowrap' }, h('button', { type: 'button', class: 'small', onclick: () => edit(c) }, 'Edit'), ' ',
            h('button', { type: 'button', class: 'small danger', onclick: async () => {
              if (!confirm(`Delete connection ${c.name}?`)) return;
              try { await api(`/connections/${enc(c.name)}`, { method: 'DELETE' }); load(); } catch (err) { addFirst(list, errorBox(err, 'Not deleted')); }
            } }, 'Delete'))))))) : h('div', { class: 'card empty' }, 'No connections yet.'));
    } catch (err) { fill(list, errorBox(err, 'Connections could not be read')); }
  }

  function edit(existing) {
    const isNew = !existing;
    const name = h('input', { name: 'name', value: existing?.name || '', readOnly: !isNew, required: true });
    const type = h('select', { name: 'type', disabled: !isNew }, Object.keys(types).map((t) => h('option', { value: t, selected: existing?.type === t }, t)));
    const extra = h('div');
    const controls = {};
    const paint = () => {
      const spec = types[type.value] || types.custom;
      const kids = [];
      for (const key of spec.fields) { controls[key] = h('input', { name: key, value: existing?.[key] || '' }); kids.push(field(key, controls[key], { name: key })); }
      for (const key of spec.secrets) {
        controls[key] = h('input', { name: key, type: 'password', autocomplete: 'off', placeholder: existing ? 'unchanged (write-only)' : '' });
        kids.push(field(`${key} (secret)`, controls[key], { name: key, hint: existing ? 'Leave empty to keep the stored secret.' : 'Stored encrypted; shown as ****** afterwards.' }));
      }
      if (type.value === 'custom') {
        controls.configs = h('textarea', { name: 'configs', rows: '3', value: Object.entries(existing?.configs || {}).map(([k, v]) => `${k}=${v}`).join('\n') });
        controls.secrets = h('textarea', { name: 'secrets', rows: '3', placeholder: existing ? 'only the secrets to change, KEY=value' : 'KEY=value, one per line' });
        kids.push(field('Configs (KEY=value per line)', controls.configs, { name: 'configs' }), field('Secrets (write-only)', controls.secrets, { name: 'secrets' }));
      }
      fill(extra, kids);
    };
    type.addEventListener('change', paint); paint();
    const status = h('div');
    const pairs = (text) => Object.fromEntries(text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]));
    const form = h('form', { class: 'card', 'aria-label': isNew ? 'New connection' : `Edit ${existing.name}` },
      h('h2', null, isNew ? 'New connection' : `Edit ${existing.name}`),
      h('div', { class: 'grid2' }, field('Name', name, { name: 'name' }), field('Type', type, { name: 'type' })), extra, status,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create' : 'Save'), h('button', { type: 'button', onclick: () => fill(editor) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = isNew ? { name: name.value.trim(), type: type.value } : {};
      for (const [key, el] of Object.entries(controls)) {
        if (!el.isConnected) continue;
        if (key === 'configs') { body.configs = pairs(el.value); continue; }
        if (key === 'secrets') { const s = pairs(el.value); if (Object.keys(s).length || isNew) body.secrets = s; continue; }
        if (el.type === 'password' && !el.value && !isNew) continue;
        if (el.value !== '' || !isNew) body[key] = el.value;
      }
      for (const el of form.querySelectorAll('[data-field]')) setFieldError(el, null);
      try {
        await api(isNew ? '/connections' : `/connections/${enc(existing.name)}`, { method: isNew ? 'POST' : 'PATCH', body });
        fill(editor); load();
      } catch (err) {
        for (const d of err.details || []) { const el = form.querySelector(`[data-field="${d.field}"]`); if (el) setFieldError(el, d.message); }
        fill(status, errorBox(err, 'The connection was not saved'));
      }
    });
    fill(editor, form); name.focus();
  }
  await load();
}
