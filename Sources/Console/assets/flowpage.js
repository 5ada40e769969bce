// `flowgate flow serve`'s test page: the one flow this server runs, as a form or a chat, from /swagger.json and
// /score on the same server (no key: flow serve has no auth).
import { h, fill, add, errorBox } from './dom.js';
import { fromSwagger } from './flowinfo.js';
import { target } from './score.js';
import { formTester } from './testform.js';
import { chatTester } from './chat.js';

async function tokensFor(result) {
  if (!result.requestId) return null;
  try {
    const response = await fetch('/traces?limit=20');
    const traces = (await response.json()).traces || [];
    return traces.find((t) => t.run_id === result.requestId)?.total_tokens ?? null;
  } catch { return null; }
}

async function start() {
  const main = document.getElementById('main');
  try {
    const response = await fetch('/swagger.json');
    if (!response.ok) throw new Error(`GET /swagger.json answered ${response.status}`);
    const swagger = await response.json();
    const flow = fromSwagger(swagger);
    const name = swagger.info?.['x-flow-name'] || 'flow';
    document.getElementById('flow-name').textContent = name;
    document.title = `${name} · Flowgate`;
    fill(main, h('div', { class: 'page-head' }, h('div', { class: 'titles' }, h('h1', null, `Test ${name}`),
      h('p', { class: 'muted' }, flow.is_chat ? 'A chat flow: the conversation is sent as chat_history.' : 'Fill the form or edit the JSON, then send it to /score.'))));
    const to = target('/score');
    if (flow.is_chat) chatTester(main, flow, to, { tokensFor }); else formTester(main, flow, to, { tokensFor });
  } catch (err) {
    add(main, errorBox(err, 'The flow could not be loaded'));
  }
}

start();
