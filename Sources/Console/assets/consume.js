// Consume tab: REST and swagger URLs, keys (masked, show, copy, regenerate) or a token (expiry, refresh), and code
// samples built from this endpoint's inputs and auth.
import { api, enc } from './api.js';
import { h, copyButton, errorBox, tabs, when, fill, add, addFirst } from './dom.js';
import { credentials } from './creds.js';
import { describe, sampleBody } from './flowinfo.js';
import { buildSamples, keyVariable } from './samples.js';

function secretLine(label, value, extra = []) {
  const input = h('input', { type: 'password', readOnly: true, value, 'aria-label': label, class: 'mono' });
  const show = h('button', { type: 'button', class: 'small', 'aria-pressed': 'false', onclick: () => {
    const shown = input.type === 'text';
    input.type = shown ? 'password' : 'text';
    show.textContent = shown ? 'Show' : 'Hide';
    show.setAttribute('aria-pressed', String(!shown));
  } }, 'Show');
  return h('div', { class: 'field' }, h('span', { class: 'label' }, label), h('div', { class: 'copyline' }, input, show, copyButton(() => input.value, `Copy ${label}`), extra));
}

export async function render(panel, { endpoint, deployment }) {
  const name = endpoint.name;
  const authBox = h('div', null, h('p', { class: 'muted' }, 'Loading credentials…'));
  const samplesBox = h('div', null, h('p', { class: 'muted' }, 'Building samples…'));
  add(panel, 
    h('section', { class: 'card', 'aria-labelledby': 'rest-title' }, h('h2', { id: 'rest-title' }, 'REST endpoint'),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Scoring URL'), h('div', { class: 'copyline' }, h('code', { 'data-consume': 'scoring-uri' }, endpoint.scoring_uri), copyButton(endpoint.scoring_uri))),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Swagger URL'), h('div', { class: 'copyline' }, h('code', null, endpoint.openapi_uri), copyButton(endpoint.openapi_uri))),
      h('p', { class: 'small muted' }, 'Requests go to the deployments by traffic; the samples pin ', h('code', null, deployment.name), ' with the ', h('code', null, 'azureml-model-deployment'), ' header.')),
    h('section', { class: 'card', 'aria-labelledby': 'auth-title' }, h('h2', { id: 'auth-title' }, endpoint.auth_mode === 'key' ? 'Keys' : 'Token'), authBox),
    h('section', { class: 'card', 'aria-labelledby': 'samples-title' }, h('h2', { id: 'samples-title' }, 'Code samples'),
      h('p', { class: 'small muted' }, 'Each sample reads the credential from ', h('code', null, keyVariable), ': ', h('code', null, `export ${keyVariable}=<key>`)), samplesBox));

  async function paintAuth(refresh = false) {
    try {
      const c = await credentials(name, { refresh });
      if (c.kind === 'key') {
        const regen = (type) => h('button', { type: 'button', class: 'small', onclick: async () => {
          if (!confirm(`Regenerate the ${type} key of ${name}? The old one stops working at once.`)) return;
          try { await api(`/endpoints/${enc(name)}/regenerate-keys`, { method: 'POST', body: { key_type: type } }); await paintAuth(true); }
          catch (err) { addFirst(authBox, errorBox(err, 'The key was not regenerated')); }
        } }, 'Regenerate');
        fill(authBox, secretLine('Primary key', c.primaryKey, [regen('primary')]), secretLine('Secondary key', c.secondaryKey, [regen('secondary')]));
      } else {
        fill(authBox, secretLine('Access token', c.accessToken),
          h('dl', { class: 'props' }, h('dt', null, 'Expires'), h('dd', null, when(c.expiryTimeUtc)), h('dt', null, 'Refresh after'), h('dd', null, when(c.refreshAfterTimeUtc))),
          h('p', null, h('button', { type: 'button', onclick: () => paintAuth(true) }, 'Refresh token')));
      }
    } catch (err) { fill(authBox, errorBox(err, 'Credentials could not be read')); }
  }
  paintAuth();

  try {
    const flow = await describe(name, deployment.name);
    const samples = buildSamples({ url: endpoint.scoring_uri, body: sampleBody(flow), deployment: deployment.name });
    let current = 'curl';
    const paint = () => {
      const { list, panel: box } = tabs(samples, current, (key) => { current = key; paint(); samplesBox.querySelector(`[data-tab="${key}"]`)?.focus(); }, { label: 'Language', idPrefix: 'sample' });
      const sample = samples.find((x) => x.key === current);
      add(box, h('div', { class: 'sample' }, h('pre', { 'data-sample': sample.key }, h('code', null, sample.code)), copyButton(sample.code, `Copy the ${sample.label} sample`)));
      fill(samplesBox, h('div', { class: 'sample-tabs' }, list, box));
    };
    paint();
  } catch (err) { fill(samplesBox, errorBox(err, 'Samples need the flow\'s inputs')); }
}
