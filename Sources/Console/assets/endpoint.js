// One endpoint: its settings, deployments, traffic and mirror sliders (totals other than 0 or 100 are refused).
import { api, enc } from './api.js';
import { h, pill, pageHead, errorBox, copyButton, when, fill, add, addFirst } from './dom.js';
import { follow } from './notify.js';

export async function render(root, name) {
  const [endpoint, deployments] = await Promise.all([
    api(`/endpoints/${enc(name)}`), api(`/endpoints/${enc(name)}/deployments`).then((r) => r.value)]);
  const link = `#/endpoints/${enc(name)}`;
  const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!confirm(`Delete endpoint ${name} and all its deployments?`)) return;
    try {
      const answer = await api(`/endpoints/${enc(name)}`, { method: 'DELETE' });
      follow(answer?.latest_operation_id, `Delete endpoint ${name}`, '#/endpoints');
      location.hash = '#/endpoints';
    } catch (err) { addFirst(root, errorBox(err, 'The endpoint was not deleted')); }
  } }, 'Delete endpoint');
  add(root, 
    pageHead(name, { crumbs: [{ label: 'Endpoints', href: '#/endpoints' }, { label: name }], subtitle: endpoint.description,
      actions: [h('a', { class: 'button', href: `#/deploy?endpoint=${enc(name)}` }, 'Add deployment'), remove] }),
    h('div', { class: 'card' }, h('dl', { class: 'props' },
      h('dt', null, 'State'), h('dd', null, pill(endpoint.provisioning_state)),
      h('dt', null, 'Auth mode'), h('dd', null, endpoint.auth_mode),
      h('dt', null, 'Identity'), h('dd', null, endpoint.identity?.type === 'user_assigned'
        ? `user-assigned: ${(endpoint.identity.user_assigned_identities || []).map((i) => i.resource_id || i).join(', ')}`
        : `system-assigned (endpoint:${name})`),
      h('dt', null, 'Scoring URI'), h('dd', { class: 'copyline' }, h('code', null, endpoint.scoring_uri), copyButton(endpoint.scoring_uri)),
      h('dt', null, 'Swagger URI'), h('dd', { class: 'copyline' }, h('code', null, endpoint.openapi_uri), copyButton(endpoint.openapi_uri)),
      h('dt', null, 'Created'), h('dd', null, when(endpoint.created_at)),
      endpoint.failure ? [h('dt', null, 'Failure'), h('dd', null, errorBox(endpoint.failure, endpoint.failure.code))] : null)),
    h('h2', null, 'Deployments'),
    deployments.length ? h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Deployment', 'State', 'Instances', 'Traffic', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, deployments.map((d) => h('tr', null,
        h('td', null, h('a', { href: `${link}/deployments/${enc(d.name)}/details` }, d.name)),
        h('td', null, pill(d.provisioning_state)),
        h('td', null, `${d.instance_count} × ${d.instance_runtime}`),
        h('td', null, `${endpoint.traffic?.[d.name] ?? 0}%`),
        h('td', null, h('a', { href: `${link}/deployments/${enc(d.name)}/test` }, 'Test'))))))) :
      h('p', { class: 'muted' }, 'No deployments yet.'),
    deployments.length ? trafficEditor(endpoint, deployments) : null);
}

function sliders(title, names, values, max, describe) {
  const total = h('span', { class: 'total', 'aria-live': 'polite' });
  const rows = names.map((name) => {
    const range = h('input', { type: 'range', min: '0', max: String(max), step: '1', value: String(values[name] ?? 0), 'aria-label': `${title}: ${name}` });
    const number = h('input', { type: 'number', min: '0', max: String(max), value: String(values[name] ?? 0), 'aria-label': `${title} percent for ${name}` });
    range.addEventListener('input', () => { number.value = range.value; values[name] = Number(range.value); describe(total); });
    number.addEventListener('input', () => { range.value = number.value; values[name] = Number(number.value) || 0; describe(total); });
    return h('div', { class: 'slider-row' }, h('span', null, name), range, number);
  });
  describe(total);
  return h('fieldset', { class: 'card' }, h('legend', null, title), rows, total);
}

function trafficEditor(endpoint, deployments) {
  const names = deployments.map((d) => d.name);
  const traffic = Object.fromEntries(names.map((n) => [n, endpoint.traffic?.[n] ?? 0]));
  const mirror = Object.fromEntries(names.map((n) => [n, endpoint.mirror_traffic?.[n] ?? 0]));
  const save = h('button', { type: 'button', class: 'primary' }, 'Save traffic');
  const status = h('div', { role: 'status' });
  const sum = () => Object.values(traffic).reduce((a, b) => a + b, 0);
  const check = (total) => {
    const t = sum();
    const ok = t === 0 || t === 100;
    total.textContent = `Total ${t}%${ok ? '' : ' — the total must be 0 or 100'}`;
    total.classList.toggle('bad', !ok);
    save.disabled = !ok;
  };
  const live = sliders('Live traffic', names, traffic, 100, check);
  const mirrorSet = sliders('Mirror traffic (copies of live requests, at most 50%)', names, mirror, 50, (total) => {
    const used = Object.entries(mirror).filter(([, v]) => v > 0);
    total.textContent = used.length ? `Mirroring ${used.map(([k, v]) => `${v}% to ${k}`).join(', ')}` : 'No mirroring';
  });
  save.addEventListener('click', async () => {
    save.disabled = true; fill(status);
    try {
      const body = { traffic, mirror_traffic: Object.fromEntries(Object.entries(mirror).filter(([, v]) => v > 0)) };
      await api(`/endpoints/${enc(endpoint.name)}`, { method: 'PATCH', body });
      fill(status, h('div', { class: 'alert info' }, 'Traffic saved; it is live now.'));
    } catch (err) { fill(status, errorBox(err, 'Traffic was not changed')); } finally { save.disabled = sum() !== 0 && sum() !== 100; }
  });
  return h('section', { 'aria-labelledby': 'traffic-title' }, h('h2', { id: 'traffic-title' }, 'Traffic'), live, mirrorSet, h('div', { class: 'actions' }, save), status);
}
