// One uploaded flow (a snapshot): its graph, and a test run on the server before deploying it
// (POST /snapshots/{id}/test: a form, or a chat with streaming for chat flows), then Deploy.
import { api, apiKey, enc } from './api.js';
import { h, add, pageHead, errorBox } from './dom.js';
import { dagView } from './dag.js';
import { target } from './score.js';
import { formTester } from './testform.js';
import { chatTester } from './chat.js';
import { rememberedSnapshots } from './flows.js';

export async function render(root, id) {
  const flow = await api(`/snapshots/${enc(id)}/flow`);
  const name = rememberedSnapshots().find((x) => x.id === id)?.name || flow.name?.slice(0, 16) || 'flow';
  add(root, pageHead(name, {
    crumbs: [{ label: 'Flows', href: '#/flows' }, { label: name }],
    subtitle: `${flow.kind} flow${flow.is_chat ? ' · chat' : ''}${flow.description ? ` · ${flow.description}` : ''}`,
    actions: [h('a', { class: 'button primary', href: `#/deploy?snapshot=${enc(id)}` }, 'Deploy')] }));
  if (flow.nodes?.length) add(root, h('section', { class: 'card', 'aria-label': 'Graph' }, h('h2', null, 'Graph'), dagView(flow)));
  const to = target(`/api/v1/snapshots/${enc(id)}/test`, async () => ({ Authorization: `Bearer ${apiKey()}` }),
    { wrap: (inputs) => ({ inputs }), unwrap: (body) => (body && 'outputs' in body ? body.outputs : body) });
  const tokensFor = async (result) => {
    const t = result.raw?.tokens;
    return t ? (t.prompt || 0) + (t.completion || 0) : null;
  };
  const box = h('section', { 'aria-label': 'Test' }, h('h2', null, 'Test before deploying'));
  add(root, box);
  try {
    return flow.is_chat ? chatTester(box, flow, to, { tokensFor }) : formTester(box, flow, to, { tokensFor });
  } catch (err) { add(box, errorBox(err, 'The tester could not start')); return null; }
}
