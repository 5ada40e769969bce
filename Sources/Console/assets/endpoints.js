// Endpoints: every endpoint and its deployments with state, auth mode, traffic and scoring URI.
import { api, enc } from './api.js';
import { h, pill, pageHead, errorBox, copyButton, fill, add } from './dom.js';

const busy = (state) => ['Creating', 'Updating', 'Deleting'].includes(state);

export async function render(root) {
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading endpoints…'));
  add(root, pageHead('Endpoints', {
    subtitle: 'Online endpoints on this server and the deployments behind them.',
    actions: [h('a', { class: 'button primary', href: '#/deploy' }, 'Deploy a flow')],
  }), body);
  let timer = null;
  let stopped = false;
  async function load() {
    try {
      const endpoints = (await api('/endpoints')).value;
      const deployments = await Promise.all(endpoints.map((e) =>
        api(`/endpoints/${enc(e.name)}/deployments`).then((r) => r.value).catch(() => [])));
      if (stopped) return;
      fill(body, table(endpoints, deployments));
      const moving = endpoints.some((e) => busy(e.provisioning_state)) || deployments.flat().some((d) => busy(d.provisioning_state));
      timer = setTimeout(load, moving ? 2000 : 10000);
    } catch (err) {
      if (!stopped) fill(body, errorBox(err, 'The endpoints could not be read'));
    }
  }
  await load();
  return () => { stopped = true; clearTimeout(timer); };
}

function trafficText(traffic) {
  const parts = Object.entries(traffic || {}).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}%`);
  return parts.length ? parts.join(', ') : 'none';
}

function table(endpoints, deployments) {
  if (!endpoints.length) {
    return h('div', { class: 'card empty' }, h('p', null, 'No endpoints yet.'),
      h('a', { class: 'button primary', href: '#/deploy' }, 'Deploy your first flow'));
  }
  const rows = [];
  endpoints.forEach((e, i) => {
    const link = `#/endpoints/${enc(e.name)}`;
    rows.push(h('tr', { 'data-endpoint': e.name },
      h('td', null, h('a', { href: link }, h('strong', null, e.name)), e.description ? h('div', { class: 'small muted' }, e.description) : null),
      h('td', null, pill(e.provisioning_state)),
      h('td', null, e.auth_mode === 'key' ? 'Key' : 'Token'),
      h('td', { class: 'nowrap' }, trafficText(e.traffic),
        Object.keys(e.mirror_traffic || {}).length ? h('div', { class: 'small muted' }, 'mirror ', trafficText(e.mirror_traffic)) : null),
      h('td', null, h('div', { class: 'copyline' }, h('code', { title: e.scoring_uri }, e.scoring_uri), copyButton(e.scoring_uri, `Copy the scoring URI of ${e.name}`)))));
    for (const d of deployments[i]) {
      const dlink = `${link}/deployments/${enc(d.name)}`;
      rows.push(h('tr', { class: 'deployment-row', 'data-deployment': `${e.name}/${d.name}` },
        h('td', { class: 'sub' }, '↳ ', h('a', { href: `${dlink}/details` }, d.name),
          h('span', { class: 'small muted nowrap' }, ` · ${d.instance_count} × ${d.instance_runtime === 'process' ? 'process' : 'in-process'}`)),
        h('td', null, pill(d.provisioning_state)),
        h('td', null),
        h('td', null, `${e.traffic?.[d.name] ?? 0}%`),
        h('td', null, h('a', { href: `${dlink}/test` }, 'Test'), ' · ', h('a', { href: `${dlink}/consume` }, 'Consume'))));
    }
  });
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('caption', { class: 'skip' }, 'Endpoints and deployments'),
    h('thead', null, h('tr', null, ['Name', 'State', 'Auth', 'Traffic', 'Scoring URI'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows)));
}
