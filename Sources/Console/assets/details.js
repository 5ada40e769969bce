// Details tab: settings, the latest operation's stages with times, identity and its roles, snapshot, flow picture.
import { api, enc } from './api.js';
import { h, pill, span, when, errorBox, fill, add } from './dom.js';
import { describe } from './flowinfo.js';
import { dagView } from './dag.js';

function props(entries) {
  return h('dl', { class: 'props' }, entries.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) =>
    [h('dt', null, k), h('dd', null, v)]));
}

const mapText = (m) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`)) : '—');

export async function render(panel, { endpoint, deployment }) {
  const d = deployment;
  const identity = endpoint.identity?.type === 'user_assigned'
    ? (endpoint.identity.user_assigned_identities || []).map((i) => (i.resource_id || i).split('/').pop())
    : [`endpoint:${endpoint.name}`];
  const stagesBox = h('div', null, h('p', { class: 'muted' }, 'Loading stages…'));
  const rolesBox = h('div', null, h('p', { class: 'muted' }, 'Loading roles…'));
  const flowBox = h('div', null, h('p', { class: 'muted' }, 'Loading the flow…'));
  add(panel, 
    d.failure ? errorBox(d.failure, `Failed: ${d.failure.code}`) : null,
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, 'Settings'), props([
        ['State', pill(d.provisioning_state)],
        ['Flow', d.model ? h('code', null, d.model) : d.run ? `run ${d.run}` : 'uploaded snapshot'],
        ['Snapshot', h('code', { class: 'small' }, d.snapshot_id || '—')],
        ['Variant', d.variant],
        ['Instances', `${d.instance_count} × ${d.instance_runtime === 'process' ? 'process' : 'in-process'}`],
        ['Request timeout', `${d.request_settings?.request_timeout_ms} ms`],
        ['Concurrency', `${d.request_settings?.max_concurrent_requests_per_instance} per instance, queue wait ${d.request_settings?.max_queue_wait_ms} ms`],
        ['Outputs', d.outputs?.length ? d.outputs.join(', ') : 'all'],
        ['Connection overrides', mapText(Object.fromEntries(Object.entries(d.connection_overrides || {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v])))],
        ['Environment', d.environment?.requirements != null
          ? [h('span', null, 'custom requirements'), h('pre', { class: 'small', 'data-detail': 'requirements' }, d.environment.requirements)]
          : 'the flow\'s requirements.txt'],
        ['Environment variables', d.environment_variables && Object.keys(d.environment_variables).length ? Object.keys(d.environment_variables).join(', ') : '—'],
        ['Tags', mapText(d.tags)],
        ['Created', when(d.created_at)],
        ['Updated', when(d.updated_at)],
      ])),
      h('section', { class: 'card', 'aria-labelledby': 'stages-title' }, h('h2', { id: 'stages-title' }, 'Latest operation'), stagesBox)),
    h('section', { class: 'card', 'aria-labelledby': 'identity-title' }, h('h2', { id: 'identity-title' }, 'Identity and roles'),
      h('p', null, 'Connection secrets are read as ', identity.map((i) => h('code', null, i)), '.'), rolesBox),
    h('section', { class: 'card', 'aria-labelledby': 'flow-title' }, h('h2', { id: 'flow-title' }, 'Flow'), flowBox));

  api(`/operations/${enc(d.latest_operation_id)}`).then((op) => {
    fill(stagesBox, 
      h('p', null, pill(op.status), ' ', h('span', { class: 'muted' }, `${op.kind} · ${when(op.created_at)}`)),
      op.error ? errorBox(op.error, op.error.code || 'Failed') : null,
      h('ol', { class: 'stages' }, (op.stages || []).map((s) => h('li', null,
        h('span', { class: `dot ${{ Succeeded: 'ok', Failed: 'bad', Running: 'info' }[s.status] || ''}`, 'aria-hidden': 'true' }),
        h('span', null, h('strong', null, s.name), ' ', h('span', { class: 'muted small' }, s.status),
          s.message ? h('div', { class: 'small muted' }, s.message) : null),
        h('span', { class: 'muted small' }, span(s.started_at, s.ended_at))))));
  }).catch((err) => fill(stagesBox, errorBox(err, 'No operation')));

  api('/role-assignments').then((r) => {
    const mine = r.value.filter((a) => identity.includes(a.principal));
    fill(rolesBox, mine.length ? h('ul', null, mine.map((a) => h('li', null, h('strong', null, a.role), ' at ', h('code', null, a.scope))))
      : h('p', { class: 'muted' }, 'No roles: the identity cannot read connection secrets.'),
    h('a', { href: `#/access?principal=${enc(identity[0])}` }, 'Grant a role'));
  }).catch((err) => fill(rolesBox, errorBox(err, 'Role assignments could not be read')));

  describe(endpoint.name, d.name).then((flow) => {
    const inputs = h('p', null, 'Inputs: ', (flow.inputs || []).map((i) => h('span', { class: 'tag' }, `${i.name}: ${i.type}`)));
    const outputs = flow.outputs?.length ? h('p', null, 'Outputs: ', flow.outputs.map((o) => h('span', { class: 'tag' }, o.name))) : null;
    fill(flowBox, h('p', null, flow.kind !== 'unknown' ? `${flow.kind} flow` : 'flow', flow.is_chat ? ' · chat' : ''), inputs, outputs,
      flow.nodes?.length ? dagView(flow) : h('p', { class: 'muted small' }, flow.source === 'swagger'
        ? 'The flow\'s graph needs the server\'s flow description route, which this server does not have yet.' : 'No nodes (a flex or prompty flow).'));
  }).catch((err) => fill(flowBox, errorBox(err, 'The flow could not be described')));
}
