// Sign-in: an API key checked against the management API, kept in sessionStorage for this tab only.
import { api, ApiError, setApiKey, clearApiKey } from './api.js';
import { h, field, setFieldError, add } from './dom.js';

export function render(root) {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const notice = sessionStorage.getItem('flowgate.signinMessage');
  sessionStorage.removeItem('flowgate.signinMessage');
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to Flowgate'),
    h('p', { class: 'muted' }, 'Use an API key of this server. The admin key was printed at the first start and is in ',
      h('code', null, '<data dir>/admin.key'), '. It stays in this browser tab only.'),
    notice ? h('div', { class: 'alert warn', role: 'alert' }, notice) : null,
    field('API key', input, { hint: 'Sent as Authorization: Bearer to /api/v1.' }),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) { setFieldError(input, 'Enter a key.'); input.focus(); return; }
    button.disabled = true; setFieldError(input, null);
    setApiKey(key);
    try {
      await api('/endpoints');
      const after = sessionStorage.getItem('flowgate.after');
      sessionStorage.removeItem('flowgate.after');
      location.hash = after && after !== '#/signin' ? after : '#/endpoints';
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) { location.hash = '#/endpoints'; return; }
      clearApiKey();
      setFieldError(input, err instanceof ApiError && err.status === 401 ? 'This key was not accepted.' : err.message);
      input.focus();
    } finally { button.disabled = false; }
  });
  add(root, h('div', { class: 'signin-wrap' }, form));
  input.focus();
}
