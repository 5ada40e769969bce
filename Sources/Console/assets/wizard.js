// The deploy wizard: Basic settings, then Advanced (Endpoint, Deployment, Outputs and connections), Review + Create.
// Creation uploads the archive (if any), creates the endpoint and deployment, follows both operations, and sends
// traffic to a new endpoint's first deployment when it succeeds. Server validation errors appear at their fields.
import { api, enc, ApiError } from './api.js';
import { h, fill, add, pageHead, errorBox, setFieldError } from './dom.js';
import { follow } from './notify.js';
import { basicStep, endpointStep, deploymentStep, outputsStep } from './wizardsteps.js';

const steps = [
  { key: 'basic', label: 'Basic settings', build: basicStep },
  { key: 'endpoint', label: 'Endpoint', build: endpointStep },
  { key: 'deployment', label: 'Deployment', build: deploymentStep },
  { key: 'outputs', label: 'Outputs and connections', build: outputsStep },
  { key: 'review', label: 'Review + Create', build: null },
];
const fieldStep = { 'endpoint.name': 'basic', name: 'basic', instance_count: 'basic', instance_runtime: 'basic', model: 'basic', snapshot_id: 'basic',
  auth_mode: 'endpoint', identity: 'endpoint', 'identity.user_assigned_identities': 'endpoint', tags: 'deployment', environment_variables: 'deployment', environment: 'deployment', 'environment.requirements': 'deployment',
  'request_settings.request_timeout_ms': 'deployment', outputs: 'outputs', connection_overrides: 'outputs' };

export async function render(root, query = '') {
  const params = new URLSearchParams(query);
  const [endpoints, identities, connections] = await Promise.all([
    api('/endpoints').then((r) => r.value), api('/identities').then((r) => r.value).catch(() => []), api('/connections').then((r) => r.value).catch(() => [])]);
  const ctx = { endpoints, identities, connections };
  const state = { source: params.get('snapshot') ? 'snapshot' : params.get('run') ? 'run' : 'folder', model: params.get('model') || '', file: null,
    snapshotId: params.get('snapshot'), run: params.get('run'), flow: null,
    newEndpoint: params.get('endpoint') ? 'existing' : 'new', endpoint: params.get('endpoint') || '', deployment: 'blue', instanceCount: 1, runtime: 'in_process',
    authMode: 'key', identityType: 'system_assigned', identity: '', enforce: false, tags: {}, env: {}, recordInputs: false, timeoutMs: 60000, envSource: 'flow', requirements: '',
    outputs: [], overrides: {}, traffic: true };
  if (state.snapshotId) state.flow = await api(`/snapshots/${enc(state.snapshotId)}/flow`).catch(() => null);
  let current = 'basic';
  const nav = h('ol', { class: 'steps', 'aria-label': 'Steps' });
  const body = h('div', { class: 'card' });
  const status = h('div', { role: 'status' });
  add(root, pageHead('Deploy a flow', { crumbs: [{ label: 'Endpoints', href: '#/endpoints' }, { label: 'Deploy' }] }), nav, body, status);

  function endpointBody() {
    const identity = state.identityType === 'user_assigned' ? { type: 'user_assigned', user_assigned_identities: [state.identity] } : { type: 'system_assigned' };
    return { name: state.endpoint.trim(), auth_mode: state.authMode, identity,
      properties: { enforce_access_to_default_secret_stores: state.enforce ? 'enabled' : 'disabled' } };
  }
  function deploymentBody() {
    const env = { ...state.env };
    if (state.recordInputs) env.FLOWGATE_TRACE_RECORD_INPUTS = 'true';
    const d = { name: state.deployment.trim(), instance_count: state.instanceCount, instance_runtime: state.runtime,
      request_settings: { request_timeout_ms: state.timeoutMs } };
    if (state.source === 'folder') d.model = state.model.trim();
    else if (state.source === 'run') d.run = state.run;
    else d.snapshot_id = state.snapshotId || '(uploaded at create)';
    if (Object.keys(state.tags).length) d.tags = state.tags;
    if (Object.keys(env).length) d.environment_variables = env;
    if (state.envSource === 'custom') d.environment = { requirements: state.requirements };
    if (state.outputs.length) d.outputs = state.outputs;
    if (Object.keys(state.overrides).length) d.connection_overrides = state.overrides;
    return d;
  }

  async function upload() {
    if (state.source !== 'upload' || state.snapshotId) return;
    if (!state.file) throw new ApiError(400, 'BadArgument', 'Choose an archive of the flow folder.', [{ field: 'snapshot_id', message: 'Choose a zip, tar or tar.gz file.' }]);
    const type = /\.zip$/i.test(state.file.name) ? 'application/zip' : /gz$/i.test(state.file.name) ? 'application/gzip' : 'application/x-tar';
    const snapshot = await api('/snapshots', { method: 'POST', body: state.file, headers: { 'Content-Type': type } });
    state.snapshotId = snapshot.id;
    try { state.flow = await api(`/snapshots/${enc(snapshot.id)}/flow`); } catch { state.flow = null; }
  }

  function review() {
    const traffic = h('input', { type: 'checkbox', name: 'traffic', checked: state.traffic });
    traffic.addEventListener('change', () => { state.traffic = traffic.checked; });
    return [
      state.newEndpoint === 'new' ? [h('h3', null, 'Endpoint'), h('pre', { 'data-review': 'endpoint' }, JSON.stringify(endpointBody(), null, 2))] : h('p', null, 'Endpoint: ', h('strong', null, state.endpoint), ' (existing)'),
      h('h3', null, 'Deployment'), h('pre', { 'data-review': 'deployment' }, JSON.stringify(deploymentBody(), null, 2)),
      h('p', { 'data-review': 'environment' }, 'Environment: ', state.envSource === 'custom' ? 'a custom requirements text' : 'the flow\'s requirements.txt'),
      h('label', { class: 'check' }, traffic, 'Send all traffic to this deployment once it has succeeded'),
    ];
  }

  function showErrors(err) {
    const details = err.details || [];
    const first = details.map((d) => fieldStep[d.field] || fieldStep[d.field.split('.')[0]]).find(Boolean);
    if (first && first !== current) { current = first; paint(); }
    for (const d of details) {
      const el = body.querySelector(`[data-field="${d.field}"]`) || body.querySelector(`[data-field="${d.field.split('.')[0]}"]`);
      if (el) setFieldError(el, d.message);
    }
    fill(status, errorBox(err, 'Not created'));
    body.querySelector('[aria-invalid="true"]')?.focus();
  }

  async function create(button) {
    button.disabled = true;
    fill(status, h('p', { class: 'muted' }, 'Creating…'));
    const name = state.endpoint.trim();
    try {
      await upload();
      if (state.newEndpoint === 'new' && state.createdEndpoint !== name) {
        try {
          const e = await api('/endpoints', { method: 'POST', body: endpointBody() });
          state.createdEndpoint = name;  // a retry after a deployment error must not create it again
          follow(e.latest_operation_id, `Create endpoint ${name}`, `#/endpoints/${enc(name)}`);
        } catch (err) {
          if (err instanceof ApiError) err.details = (err.details || []).map((d) => ({ ...d, field: d.field === 'name' ? 'endpoint.name' : d.field }));
          throw err;
        }
      }
      const d = await api(`/endpoints/${enc(name)}/deployments`, { method: 'POST', body: deploymentBody() });
      const link = `#/endpoints/${enc(name)}/deployments/${enc(d.name)}/details`;
      follow(d.latest_operation_id, `Deploy ${name}/${d.name}`, link, async (op) => {
        if (op.status === 'Succeeded' && state.traffic) {
          try { await api(`/endpoints/${enc(name)}`, { method: 'PATCH', body: { traffic: { [d.name]: 100 } } }); } catch { /* shown on the endpoint page */ }
        }
      });
      location.hash = link;
    } catch (err) {
      button.disabled = false;
      showErrors(err);
    }
  }

  function paint() {
    const index = steps.findIndex((s) => s.key === current);
    fill(nav, steps.map((s) => h('li', null, h('button', { type: 'button', 'aria-current': s.key === current ? 'step' : undefined, onclick: () => { current = s.key; paint(); } }, s.label))));
    const step = steps[index];
    const back = h('button', { type: 'button', disabled: index === 0, onclick: () => { current = steps[index - 1].key; paint(); } }, 'Back');
    const next = index < steps.length - 1
      ? h('button', { type: 'button', class: 'primary', onclick: () => { current = steps[index + 1].key; paint(); } }, index === 0 ? 'Next: Advanced' : 'Next')
      : h('button', { type: 'button', class: 'primary', 'data-action': 'create', onclick: (event) => create(event.currentTarget) }, 'Create');
    const skip = index === 0 ? h('button', { type: 'button', onclick: () => { current = 'review'; paint(); } }, 'Review + Create') : null;
    fill(body, h('h2', { tabindex: '-1' }, step.label), step.build ? step.build(state, ctx) : review(),
      h('div', { class: 'wizard-nav' }, back, h('div', { class: 'actions' }, skip, next)));
    body.querySelector('h2').focus();
  }
  paint();
}
