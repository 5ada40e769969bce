// The form / JSON tester: a form generated from the flow's inputs (types, defaults, enums) and a JSON editor with
// validation, switchable both ways; each answer shows status, latency, request id and token usage.
import { h, field, setFieldError, errorBox, fill, add } from './dom.js';
import { sampleBody } from './flowinfo.js';
import { score } from './score.js';
import { metaLine, bodyView, nodesView } from './resultview.js';

function control(input, value) {
  const name = input.name;
  if (input.enum?.length) {
    return h('select', { name }, input.enum.map((v) => h('option', { value: String(v), selected: v === value }, String(v))));
  }
  switch (input.type) {
    case 'int': case 'double':
      return h('input', { type: 'number', name, step: input.type === 'int' ? '1' : 'any', value: value ?? '' });
    case 'bool': return h('input', { type: 'checkbox', name, checked: Boolean(value) });
    case 'list': case 'object':
      return h('textarea', { name, class: 'code small-code', rows: '3', value: JSON.stringify(value ?? (input.type === 'list' ? [] : {})) });
    default: return h('textarea', { name, rows: '2', value: value ?? '' });
  }
}

/** Reads one control back to a JSON value; throws with a message for the field. */
function read(input, el) {
  if (input.type === 'bool') return el.checked;
  if (input.type === 'int' || input.type === 'double') {
    if (el.value === '') return null;
    const n = Number(el.value);
    if (Number.isNaN(n) || (input.type === 'int' && !Number.isInteger(n))) throw new Error(`${input.name} must be ${input.type === 'int' ? 'a whole number' : 'a number'}.`);
    return n;
  }
  if (input.type === 'list' || input.type === 'object') {
    try { return JSON.parse(el.value || (input.type === 'list' ? '[]' : '{}')); } catch { throw new Error(`${input.name} must be JSON.`); }
  }
  return el.value;
}

/** Renders the tester into `root`; `tokensFor(result)` may resolve the token count of an answer. */
export function formTester(root, flow, to, { tokensFor = async () => null, canStream = true } = {}) {
  let mode = 'form';
  let values = sampleBody(flow);
  const inputs = flow.inputs || [];
  const controls = {};
  const formBox = h('div');
  const json = h('textarea', { class: 'code', name: 'json', spellcheck: 'false' });
  const jsonField = field('Request body (JSON)', json, { hint: 'An object with the flow\'s inputs.' });
  const stream = h('input', { type: 'checkbox', name: 'stream' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const output = h('div', { 'aria-live': 'polite', 'data-result': 'panel' }, h('p', { class: 'muted' }, 'The answer appears here.'));
  const formButton = h('button', { type: 'button', 'aria-pressed': 'true', 'data-mode': 'form' }, 'Form');
  const jsonButton = h('button', { type: 'button', 'aria-pressed': 'false', 'data-mode': 'json' }, 'JSON');

  function paintForm() {
    fill(formBox, ...inputs.map((input) => {
      const el = control(input, values[input.name]);
      controls[input.name] = el;
      return field(`${input.name} (${input.type})`, el, { name: input.name, hint: input.default !== undefined ? `Default: ${JSON.stringify(input.default)}` : undefined });
    }));
    if (!inputs.length) add(formBox, h('p', { class: 'muted' }, 'This flow takes no inputs.'));
  }
  function collect() {
    if (mode === 'json') {
      const parsed = JSON.parse(json.value);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The body must be a JSON object.');
      return parsed;
    }
    const body = {};
    let bad = null;
    for (const input of inputs) {
      try { const v = read(input, controls[input.name]); if (v !== null) body[input.name] = v; setFieldError(controls[input.name], null); }
      catch (err) { setFieldError(controls[input.name], err.message); bad ||= controls[input.name]; }
    }
    if (bad) { bad.focus(); throw new Error('Fix the fields marked above.'); }
    return body;
  }
  function validateJSON() {
    try { const v = JSON.parse(json.value); setFieldError(json, v && typeof v === 'object' && !Array.isArray(v) ? null : 'The body must be a JSON object.'); }
    catch (err) { setFieldError(json, `Not valid JSON: ${err.message}`); }
  }
  json.addEventListener('input', validateJSON);
  function switchTo(next) {
    try {
      if (next === 'json' && mode === 'form') { values = collect(); json.value = JSON.stringify(values, null, 2); validateJSON(); }
      if (next === 'form' && mode === 'json') { values = JSON.parse(json.value); paintForm(); }
    } catch (err) { fill(output, errorBox(err, 'Cannot switch')); return; }
    mode = next;
    formBox.hidden = mode !== 'form'; jsonField.hidden = mode !== 'json';
    formButton.setAttribute('aria-pressed', String(mode === 'form')); jsonButton.setAttribute('aria-pressed', String(mode === 'json'));
  }
  formButton.addEventListener('click', () => switchTo('form'));
  jsonButton.addEventListener('click', () => switchTo('json'));
  paintForm(); jsonField.hidden = true;

  let controller = null;
  const form = h('form', { class: 'card test-form', 'aria-label': 'Test input' },
    h('div', { class: 'actions' }, h('div', { class: 'segmented', role: 'group', 'aria-label': 'Input mode' }, formButton, jsonButton)),
    h('div', { class: 'spacer-block' }), formBox, jsonField,
    canStream ? h('label', { class: 'check' }, stream, 'Stream the answer (text/event-stream)') : null,
    h('div', { class: 'actions' }, send));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body;
    try { body = collect(); } catch (err) { fill(output, errorBox(err, 'The input is not valid')); return; }
    controller?.abort(); controller = new AbortController();
    send.disabled = true;
    const streamed = h('pre', { class: 'answer', 'data-result': 'stream' });
    fill(output, h('p', { class: 'muted' }, 'Waiting for the answer…'));
    try {
      const result = await score(to, body, { stream: stream.checked, signal: controller.signal, onEvent: (data) => {
        if (!streamed.isConnected) fill(output, streamed);
        add(streamed, typeof data === 'object' ? Object.values(data).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('') : String(data));
      } });
      const meta = metaLine(result, null);
      fill(output, meta, result.events ? streamed : bodyView(result), nodesView(result));
      const tokens = await tokensFor(result);
      if (tokens !== null && tokens !== undefined) meta.querySelector('[data-result="tokens"]').textContent = String(tokens);
    } catch (err) {
      if (err.name !== 'AbortError') fill(output, errorBox(err, 'The request failed'));
    } finally { send.disabled = false; }
  });
  add(root, h('div', { class: 'split' }, form, h('section', { class: 'card', 'aria-label': 'Answer' }, h('h3', null, 'Answer'), output)));
  return () => controller?.abort();
}
