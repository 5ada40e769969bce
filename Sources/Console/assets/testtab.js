// Test tab: the chat window for a chat flow, else the form / JSON tester, scoring this deployment through the
// gateway with the endpoint's own credential.
import { api, enc } from './api.js';
import { h, errorBox, add } from './dom.js';
import { describe } from './flowinfo.js';
import { bearer } from './creds.js';
import { target } from './score.js';
import { formTester } from './testform.js';
import { chatTester } from './chat.js';

export async function render(panel, { endpoint, deployment }) {
  if (deployment.provisioning_state !== 'Succeeded') {
    add(panel, h('div', { class: 'alert warn' }, `This deployment is ${deployment.provisioning_state}; it can be tested once it has Succeeded.`));
  }
  let flow;
  try { flow = await describe(endpoint.name, deployment.name); } catch (err) { add(panel, errorBox(err, 'The flow could not be described')); return null; }
  const to = target(`/endpoints/${enc(endpoint.name)}/score`, async () => ({
    Authorization: `Bearer ${await bearer(endpoint.name)}`, 'azureml-model-deployment': deployment.name }));
  const tokensFor = async (result) => {
    if (!result.requestId) return null;
    try {
      const traces = await api(`/endpoints/${enc(endpoint.name)}/deployments/${enc(deployment.name)}/traces?limit=20`);
      return (traces.traces || traces.value || []).find((t) => t.run_id === result.requestId)?.total_tokens ?? null;
    } catch { return null; }
  };
  add(panel, h('p', { class: 'muted' }, flow.is_chat ? 'A chat flow: talk to it below.' : 'Fill the form or edit the JSON, then send it to this deployment.'));
  return flow.is_chat ? chatTester(panel, flow, to, { tokensFor }) : formTester(panel, flow, to, { tokensFor });
}
