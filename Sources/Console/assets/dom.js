// Small DOM builders: every text goes through text nodes, never innerHTML, so API data cannot inject markup.

const booleanProps = new Set(['disabled', 'checked', 'hidden', 'selected', 'required', 'readOnly', 'multiple']);

function applyProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false && !booleanProps.has(key)) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (booleanProps.has(key) || key === 'value') el[key] = value;
    else el.setAttribute(key === 'htmlFor' ? 'for' : key, value === true ? '' : String(value));
  }
}

function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
}

/** An HTML element: h('a', {href: '#/x', class: 'y'}, 'text', child). */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, kids);
  return el;
}

/** An SVG element. */
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  append(el, kids);
  return el;
}

let idCounter = 0;
/** A unique element id for label/aria wiring. */
export function uid(prefix = 'f') { idCounter += 1; return `${prefix}-${idCounter}`; }

const tone = { Succeeded: 'ok', Running: 'info', Creating: 'info', Updating: 'info', Deleting: 'warn', Failed: 'bad',
  Canceled: 'warn', Skipped: '', NotStarted: '', Pending: '', Completed: 'ok', ok: 'ok', error: 'bad' };

/** A status pill coloured by the state's meaning. */
export function pill(state, label) {
  const t = tone[state] ?? (/^2/.test(String(state)) ? 'ok' : /^[45]/.test(String(state)) ? 'bad' : '');
  return h('span', { class: `pill ${t}` }, label ?? state ?? 'unknown');
}

/** A labelled field: the control gets an id, the label points at it, the hint and error are described-by. */
export function field(label, control, { hint, name } = {}) {
  control.id ||= uid('field');
  if (name) control.dataset.field = name;
  const error = h('div', { class: 'error', id: `${control.id}-error`, hidden: true });
  const hintEl = hint ? h('div', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field' }, h('label', { htmlFor: control.id }, label), control, hintEl, error);
}

/** Shows `message` under the field bound to `control` (or clears it with null). */
export function setFieldError(control, message) {
  const error = document.getElementById(`${control.id}-error`);
  control.setAttribute('aria-invalid', message ? 'true' : 'false');
  if (error) { error.textContent = message || ''; error.hidden = !message; }
}

/** A copy button for the text `get()` returns. */
export function copyButton(get, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'small copy', 'aria-label': label === 'Copy' ? undefined : label }, 'Copy');
  button.addEventListener('click', async () => {
    const text = typeof get === 'function' ? get() : get;
    try { await navigator.clipboard.writeText(text); } catch {
      const area = h('textarea', { class: 'skip' }, text); document.body.append(area); area.select();
      document.execCommand('copy'); area.remove();
    }
    button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
  return button;
}

/** An alert box for an error (ApiError or Error). */
export function errorBox(err, title = 'Something went wrong') {
  const details = (err?.details || []).map((d) => h('li', null, h('code', null, d.field), ': ', d.message));
  return h('div', { class: 'alert bad', role: 'alert' }, h('strong', null, title),
    err?.code ? h('code', null, err.code, ' ') : null, err?.message || String(err), details.length ? h('ul', null, details) : null);
}

/** A local date-time for an ISO time. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (d.getTime() === 0) return 'built in';
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "1.2 s" between two ISO times (or ms). */
export function span(fromIso, toIso) {
  if (!fromIso || !toIso) return '';
  const diff = new Date(toIso) - new Date(fromIso);
  return diff === 0 && !/\.\d/.test(fromIso) ? '< 1 s' : ms(diff);
}
export function ms(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(value < 10000 ? 2 : 1)} s`;
}

/** The page heading block with breadcrumbs and actions. */
export function pageHead(title, { crumbs = [], actions = [], subtitle } = {}) {
  const trail = crumbs.length ? h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    crumbs.map((c, i) => [i ? ' / ' : '', c.href ? h('a', { href: c.href }, c.label) : c.label])) : null;
  return h('div', { class: 'page-head' },
    h('div', { class: 'titles' }, trail, h('h1', null, title), subtitle ? h('p', { class: 'muted' }, subtitle) : null),
    h('div', { class: 'actions' }, actions));
}

/** Accessible tabs: arrow keys move between tabs; `onSelect(key)` renders the panel. */
export function tabs(items, selected, onSelect, { label = 'Tabs', idPrefix = uid('tab') } = {}) {
  const list = h('div', { role: 'tablist', 'aria-label': label });
  const buttons = items.map((item) => h('button', {
    type: 'button', role: 'tab', id: `${idPrefix}-${item.key}`, 'aria-selected': String(item.key === selected),
    'aria-controls': `${idPrefix}-panel`, tabindex: item.key === selected ? '0' : '-1', 'data-tab': item.key,
    onclick: () => onSelect(item.key),
  }, item.label));
  list.addEventListener('keydown', (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    const button = buttons[(next + buttons.length) % buttons.length];
    button.focus(); button.click(); event.preventDefault();
  });
  list.append(...buttons);
  const panel = h('div', { role: 'tabpanel', id: `${idPrefix}-panel`, 'aria-labelledby': `${idPrefix}-${selected}`, tabindex: '0' });
  return { list, panel };
}

/** Replaces `el`'s children, skipping null/false (native replaceChildren would print "null"). */
export function fill(el, ...kids) { el.replaceChildren(); append(el, kids); return el; }
/** Appends children, skipping null/false. */
export function add(el, ...kids) { append(el, kids); return el; }
/** Prepends children, skipping null/false. */
export function addFirst(el, ...kids) { const box = document.createDocumentFragment(); append(box, kids); el.prepend(box); return el; }
