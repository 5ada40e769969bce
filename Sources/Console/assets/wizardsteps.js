// The deploy wizard's pages: each builds its fields from (and writes back to) the shared wizard state.
import { h, field } from './dom.js';

const pairsText = (map) => Object.entries(map || {}).map(([k, v]) => `${k}=${v}`).join('\n');
export const pairs = (text) => Object.fromEntries(String(text || '').split('\n').map((l) => l.trim()).filter((l) => l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]));

function bind(el, state, key, read = (e) => e.value) {
  el.addEventListener('input', () => { state[key] = read(el); });
  el.addEventListener('change', () => { state[key] = read(el); });
  return el;
}

function radios(name, legend, options, state, key, onChange) {
  return h('fieldset', { class: 'field' }, h('legend', { class: 'label' }, legend), options.map(([value, label]) => {
    const input = h('input', { type: 'radio', name, value, checked: state[key] === value });
    input.addEventListener('change', () => { state[key] = value; onChange?.(); });
    return h('label', { class: 'check' }, input, label);
  }));
}

export function basicStep(state, ctx) {
  const source = h('div');
  const paintSource = () => {
    if (state.source === 'snapshot' || state.source === 'run') {
      source.replaceChildren(h('p', { class: 'alert info' }, state.source === 'run' ? `Serving run ${state.run} (its snapshot and variant).` : `Serving the uploaded flow ${String(state.snapshotId).slice(0, 16)}…`));
    } else if (state.source === 'folder') {
      source.replaceChildren(field('Flow folder on the server', bind(h('input', { name: 'model', value: state.model, placeholder: '/srv/flows/my-flow' }), state, 'model'),
        { name: 'model', hint: 'An absolute path the server can read; it is copied into a snapshot.' }));
    } else {
      const file = h('input', { type: 'file', name: 'archive', accept: '.zip,.tar,.tgz,.tar.gz,application/zip,application/x-tar,application/gzip' });
      file.addEventListener('change', () => { state.file = file.files[0] || null; state.snapshotId = null; state.flow = null; });
      source.replaceChildren(field('Flow archive (zip, tar or tar.gz of the flow folder)', file, { name: 'snapshot_id', hint: state.file ? `Chosen: ${state.file.name}` : 'Uploaded as a snapshot when you create.' }));
    }
  };
  paintSource();
  const endpointBox = h('div');
  const paintEndpoint = () => {
    endpointBox.replaceChildren(state.newEndpoint === 'new'
      ? field('Endpoint name', bind(h('input', { name: 'endpoint', value: state.endpoint, required: true }), state, 'endpoint'), { name: 'endpoint.name', hint: '3–32 letters, digits and dashes, starting with a letter.' })
      : field('Endpoint', bind(h('select', { name: 'endpoint' }, ctx.endpoints.map((e) => h('option', { value: e.name, selected: e.name === state.endpoint }, e.name))), state, 'endpoint'), { name: 'endpoint.name' }));
    if (state.newEndpoint !== 'new' && !ctx.endpoints.some((e) => e.name === state.endpoint)) state.endpoint = ctx.endpoints[0]?.name || '';
  };
  paintEndpoint();
  return [
    state.source === 'snapshot' || state.source === 'run' ? source
      : [radios('source', 'Flow', [['folder', 'A folder on the server'], ['upload', 'Upload an archive']], state, 'source', paintSource), source],
    radios('new-endpoint', 'Endpoint', [['new', 'New endpoint'], ['existing', 'Existing endpoint']], state, 'newEndpoint', paintEndpoint), endpointBox,
    h('div', { class: 'grid2' },
      field('Deployment name', bind(h('input', { name: 'deployment', value: state.deployment, required: true }), state, 'deployment'), { name: 'name' }),
      field('Instance count', bind(h('input', { type: 'number', name: 'instance_count', min: '1', max: '20', value: String(state.instanceCount) }), state, 'instanceCount', (e) => Number(e.value)), { name: 'instance_count' }),
      field('Instance runtime', bind(h('select', { name: 'instance_runtime' }, [['in_process', 'In the server process'], ['process', 'A child process per instance']].map(([v, l]) => h('option', { value: v, selected: state.runtime === v }, l))), state, 'runtime'), { name: 'instance_runtime' })),
  ];
}

export function endpointStep(state, ctx) {
  if (state.newEndpoint !== 'new') return [h('p', { class: 'muted' }, `The deployment joins the existing endpoint ${state.endpoint}; its settings stay as they are.`)];
  const identityBox = h('div');
  const paintIdentity = () => identityBox.replaceChildren(state.identityType === 'user_assigned'
    ? field('User-assigned identity', bind(h('select', { name: 'identity' }, ctx.identities.filter((i) => !i.name.startsWith('endpoint:')).map((i) => h('option', { value: i.name, selected: i.name === state.identity }, i.name))), state, 'identity'),
      { name: 'identity.user_assigned_identities', hint: 'Create one on the Identities page.' }) : h('p', { class: 'small muted' }, `The identity endpoint:${state.endpoint || 'NAME'} is created with the endpoint.`));
  paintIdentity();
  const enforce = h('input', { type: 'checkbox', name: 'enforce', checked: state.enforce });
  enforce.addEventListener('change', () => { state.enforce = enforce.checked; });
  return [
    radios('auth', 'Authentication', [['key', 'Key'], ['aml_token', 'Token (expires, refreshed with get-credentials)']], state, 'authMode'),
    radios('identity-type', 'Identity', [['system_assigned', 'System-assigned'], ['user_assigned', 'User-assigned']], state, 'identityType', paintIdentity), identityBox,
    h('label', { class: 'check' }, enforce, 'Enforce access to connection secrets (the identity gets no role by default)'),
  ];
}

export function deploymentStep(state) {
  const tracing = h('input', { type: 'checkbox', name: 'record-inputs', checked: state.recordInputs });
  tracing.addEventListener('change', () => { state.recordInputs = tracing.checked; });
  const envBox = h('div');
  function paintEnv() {
    envBox.replaceChildren(state.envSource === 'custom'
      ? field('Requirements (one package per line, as in requirements.txt)', bind(h('textarea', { name: 'requirements', rows: '5', value: state.requirements, placeholder: 'inflection==0.5.1' }), state, 'requirements'),
        { name: 'environment.requirements', hint: 'Packages from the index only: pip options (-e, -r, --index-url), paths and URLs are refused. Built into a virtual environment cached by the text\'s hash.' })
      : h('p', { class: 'small muted' }, 'A virtual environment built from the flow\'s requirements.txt (cached by its hash); none when it asks for no package.'));
  }
  paintEnv();
  return [
    field('Tags (KEY=value per line)', bind(h('textarea', { name: 'tags', rows: '3', value: pairsText(state.tags) }), state, 'tags', (e) => pairs(e.value)), { name: 'tags' }),
    field('Environment variables (KEY=value per line)', bind(h('textarea', { name: 'environment_variables', rows: '3', value: pairsText(state.env) }), state, 'env', (e) => pairs(e.value)), { name: 'environment_variables' }),
    radios('environment', 'Environment', [['flow', 'The flow\'s requirements.txt'], ['custom', 'A custom requirements text']], state, 'envSource', paintEnv), envBox,
    h('label', { class: 'check' }, tracing, 'Record inputs and outputs in traces'),
    field('Request timeout (ms)', bind(h('input', { type: 'number', name: 'request_timeout_ms', min: '1000', value: String(state.timeoutMs) }), state, 'timeoutMs', (e) => Number(e.value)), { name: 'request_settings.request_timeout_ms' }),
  ];
}

export function outputsStep(state, ctx) {
  const flow = state.flow;
  const kids = [];
  if (flow?.outputs?.length) {
    kids.push(h('fieldset', { class: 'field' }, h('legend', { class: 'label' }, 'Outputs the endpoint returns'), flow.outputs.map((o) => {
      const box = h('input', { type: 'checkbox', name: `output-${o.name}`, checked: !state.outputs.length || state.outputs.includes(o.name) });
      box.addEventListener('change', () => {
        const chosen = [...box.closest('fieldset').querySelectorAll('input:checked')].map((x) => x.name.slice(7));
        state.outputs = chosen.length === flow.outputs.length ? [] : chosen;
      });
      return h('label', { class: 'check' }, box, o.name);
    })));
  } else {
    kids.push(field('Outputs the endpoint returns (comma-separated; empty returns all)', bind(h('input', { name: 'outputs', value: state.outputs.join(', ') }), state, 'outputs', (e) => e.value.split(',').map((x) => x.trim()).filter(Boolean)), { name: 'outputs' }));
  }
  const used = [...new Set((flow?.nodes || []).map((n) => n.connection).filter(Boolean))];
  if (used.length) {
    kids.push(h('fieldset', { class: 'field' }, h('legend', { class: 'label' }, 'Connections'), used.map((name) => {
      const select = h('select', { name: `override-${name}` }, h('option', { value: '' }, `${name} (as the flow says)`),
        ctx.connections.map((c) => h('option', { value: c.name, selected: state.overrides[name] === c.name }, c.name)));
      select.addEventListener('change', () => { if (select.value) state.overrides[name] = select.value; else delete state.overrides[name]; });
      return field(`Connection ${name}`, select, { name: `connection_overrides.${name}` });
    })));
  } else {
    kids.push(field('Connection overrides (node or connection = connection, one per line)', bind(h('textarea', { name: 'connection_overrides', rows: '3', value: pairsText(state.overrides), placeholder: ctx.connections.length ? `e.g. open_ai_connection=${ctx.connections[0].name}` : 'no connections in the store yet' }), state, 'overrides', (e) => pairs(e.value)), { name: 'connection_overrides' }));
  }
  return kids;
}
