// Notifications: each operation is followed through its stages to Succeeded or Failed, shown as a toast when it
// ends and kept in the drawer (and in sessionStorage, so a reload keeps following).
import { api, enc } from './api.js';
import { h, pill, span, when, fill, add } from './dom.js';

const storageKey = 'flowgate.notifications';
let notes = [];
let unread = 0;
const polling = new Set();

const terminal = (status) => ['Succeeded', 'Failed', 'Canceled'].includes(status);

function save() { sessionStorage.setItem(storageKey, JSON.stringify(notes.slice(0, 30))); }

export function initNotifications() {
  try { notes = JSON.parse(sessionStorage.getItem(storageKey) || '[]'); } catch { notes = []; }
  const bell = document.getElementById('bell');
  const drawer = document.getElementById('notifications');
  bell.addEventListener('click', () => {
    drawer.hidden = !drawer.hidden;
    bell.setAttribute('aria-expanded', String(!drawer.hidden));
    if (!drawer.hidden) { unread = 0; paint(); drawer.querySelector('h2')?.focus(); }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !drawer.hidden) { drawer.hidden = true; bell.setAttribute('aria-expanded', 'false'); bell.focus(); }
  });
  paint();
  for (const note of notes) if (!terminal(note.status)) poll(note);
}

/**
 * Follows `operationId` (from a 202's `latest_operation_id`): `title` names it, `link` is where its resource is.
 * `onDone(operation)` runs once when it ends.
 */
export function follow(operationId, title, link, onDone) {
  if (!operationId) return;
  let note = notes.find((n) => n.id === operationId);
  if (!note) {
    note = { id: operationId, title, link, status: 'Running', stages: [], error: null, started: new Date().toISOString() };
    notes.unshift(note);
    unread += 1;
  }
  note.onDone = onDone;
  save(); paint();
  toast(note, `${title}: started`);
  poll(note);
}

async function poll(note) {
  if (polling.has(note.id)) return;
  polling.add(note.id);
  let delay = 500;
  try {
    while (!terminal(note.status)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 1.3, 3000);
      try {
        const op = await api(`/operations/${enc(note.id)}`);
        note.status = op.status; note.stages = op.stages || []; note.error = op.error;
        save(); paint();
        if (terminal(op.status)) {
          unread += 1; paint();
          toast(note, op.status === 'Succeeded' ? `${note.title}: Succeeded` : `${note.title}: ${op.status}`);
          note.onDone?.(op);
        }
      } catch (err) {
        if (err.status === 404 || err.status === 401) { note.status = 'Canceled'; note.error = { message: err.message }; save(); paint(); }
      }
    }
  } finally { polling.delete(note.id); }
}

function toast(note, text) {
  const box = document.getElementById('toasts');
  const tone = note.status === 'Succeeded' ? 'ok' : note.status === 'Failed' ? 'bad' : '';
  const item = h('div', { class: `toast ${tone}` }, h('div', null, h('strong', null, text)),
    note.error?.message ? h('div', { class: 'small' }, note.error.message) : null,
    note.link ? h('a', { href: note.link, class: 'small' }, 'Open') : null);
  add(box, item);
  setTimeout(() => item.remove(), note.status === 'Failed' ? 12000 : 5000);
}

function stageList(stages) {
  return h('ol', { class: 'stages' }, stages.map((stage) => h('li', null,
    h('span', { class: `dot ${{ Succeeded: 'ok', Failed: 'bad', Running: 'info' }[stage.status] || ''}`, 'aria-hidden': 'true' }),
    h('span', null, stage.name, ' ', h('span', { class: 'muted' }, stage.status)),
    h('span', { class: 'muted' }, span(stage.started_at, stage.ended_at)))));
}

function paint() {
  const badge = document.getElementById('bell-count');
  badge.hidden = unread === 0; badge.textContent = String(unread);
  document.getElementById('bell').setAttribute('aria-label', unread ? `Notifications (${unread} new)` : 'Notifications');
  const drawer = document.getElementById('notifications');
  const clearButton = h('button', { type: 'button', class: 'small', onclick: () => { notes = notes.filter((n) => !terminal(n.status)); save(); paint(); } }, 'Clear finished');
  fill(drawer, 
    h('h2', { tabindex: '-1' }, 'Notifications', h('span', { class: 'spacer' }), clearButton),
    notes.length ? null : h('p', { class: 'muted' }, 'Deployments, updates and deletions you start are followed here.'),
    notes.map((note) => h('div', { class: 'note', 'data-operation': note.id },
      h('div', { class: 'title' }, pill(note.status), note.link ? h('a', { href: note.link }, note.title) : note.title),
      h('div', { class: 'small muted' }, when(note.started)),
      note.error?.message ? h('div', { class: 'alert bad small' }, note.error.code ? `${note.error.code}: ` : '', note.error.message) : null,
      stageList(note.stages))));
}
