// The chat tester: the chat input typed at the bottom, other inputs in a side pane, the history kept and sent as
// the flow's chat history input, streamed answers shown as they arrive.
import { h, field, errorBox, fill, add } from './dom.js';
import { sampleBody } from './flowinfo.js';
import { score } from './score.js';
import { metaLine } from './resultview.js';

function textOf(data, outputName) {
  if (typeof data === 'string') return data;
  if (data && typeof data === 'object') {
    const value = outputName && outputName in data ? data[outputName] : Object.values(data)[0];
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return String(data ?? '');
}

export function chatTester(root, flow, to, { tokensFor = async () => null } = {}) {
  const inputs = flow.inputs || [];
  const chatInput = inputs.find((i) => i.is_chat_input) || inputs.find((i) => i.type === 'string');
  const historyInput = inputs.find((i) => i.is_chat_history);
  const chatOutput = (flow.outputs || []).find((o) => o.is_chat_output)?.name;
  const others = inputs.filter((i) => i !== chatInput && i !== historyInput);
  const defaults = sampleBody(flow);
  const history = [];
  const transcript = h('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
  const box = h('textarea', { name: 'chat-input', rows: '2', placeholder: 'Type a message — Enter sends, Shift+Enter for a new line', 'aria-label': `Message (${chatInput?.name})` });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const stream = h('input', { type: 'checkbox', name: 'stream', checked: true });
  const sideControls = Object.fromEntries(others.map((i) => [i.name, h('input', { name: i.name,
    value: typeof defaults[i.name] === 'object' ? JSON.stringify(defaults[i.name]) : String(defaults[i.name] ?? '') })]));
  const clear = h('button', { type: 'button', onclick: () => { history.length = 0; fill(transcript); box.focus(); } }, 'Clear chat');
  let controller = null;

  const form = h('form', { class: 'composer', 'aria-label': 'Send a message' }, box, send);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const question = box.value.trim();
    if (!question) return;
    const body = {};
    for (const i of others) {
      const raw = sideControls[i.name].value;
      body[i.name] = i.type === 'int' || i.type === 'double' ? Number(raw) : i.type === 'bool' ? raw === 'true'
        : i.type === 'list' || i.type === 'object' ? (() => { try { return JSON.parse(raw); } catch { return raw; } })() : raw;
    }
    if (chatInput) body[chatInput.name] = question;
    if (historyInput) body[historyInput.name] = history.slice();
    box.value = '';
    add(transcript, h('div', { class: 'bubble user' }, question));
    const answer = h('div', { class: 'bubble bot', 'data-role': 'answer' });
    const text = h('span', { class: 'answer-text' });
    add(answer, text);
    add(transcript, answer);
    transcript.scrollTop = transcript.scrollHeight;
    send.disabled = true;
    controller = new AbortController();
    try {
      let pieces = 0;
      const result = await score(to, body, { stream: stream.checked, signal: controller.signal, onEvent: (data) => {
        pieces += 1; add(text, textOf(data, chatOutput)); answer.dataset.pieces = String(pieces);
        transcript.scrollTop = transcript.scrollHeight;
      } });
      if (!result.events) {
        const value = result.ok ? textOf(result.body ?? result.text, chatOutput) : (result.body?.error?.message || result.text);
        text.textContent = value;
        if (!result.ok) answer.classList.add('error');
      }
      const meta = metaLine(result, null);
      add(answer, meta);
      if (result.ok) {
        const outputs = {}; outputs[chatOutput || 'answer'] = text.textContent;
        history.push({ inputs: { [chatInput?.name || 'question']: question }, outputs });
      }
      const tokens = await tokensFor(result);
      if (tokens !== null && tokens !== undefined) meta.querySelector('[data-result="tokens"]').textContent = String(tokens);
    } catch (err) {
      if (err.name !== 'AbortError') { answer.classList.add('error'); fill(answer, errorBox(err, 'The request failed')); }
    } finally { send.disabled = false; box.focus(); }
  });

  add(root, h('div', { class: 'chat' },
    h('section', { 'aria-label': 'Chat' }, transcript, form),
    h('aside', { class: 'card', 'aria-label': 'Other inputs' },
      h('h3', null, 'Settings'),
      others.map((i) => field(`${i.name} (${i.type})`, sideControls[i.name], { name: i.name })),
      h('label', { class: 'check' }, stream, 'Stream answers'),
      h('p', { class: 'small muted' }, 'History is sent as ', h('code', null, historyInput?.name || 'chat_history'), '.'),
      clear)));
  return () => controller?.abort();
}
