// The console shell: hash routing, the left nav, sign-in gating, the notifications drawer.
import { apiKey, clearApiKey } from './api.js';
import { h, errorBox, fill } from './dom.js';
import { initNotifications } from './notify.js';

const routes = [
  [/^#\/signin$/, () => import('./signin.js')],
  [/^#\/endpoints$/, () => import('./endpoints.js')],
  [/^#\/endpoints\/([^/]+)$/, () => import('./endpoint.js')],
  [/^#\/endpoints\/([^/]+)\/deployments\/([^/]+)(?:\/([a-z]+))?$/, () => import('./deployment.js')],
  [/^#\/deploy(?:\?(.*))?$/, () => import('./wizard.js')],
  [/^#\/flows$/, () => import('./flows.js')],
  [/^#\/flows\/([^/]+)$/, () => import('./flow.js')],
  [/^#\/runs(?:\/([^/]+))?$/, () => import('./runs.js')],
  [/^#\/connections$/, () => import('./connections.js')],
  [/^#\/identities$/, () => import('./identities.js')],
  [/^#\/access(?:\?(.*))?$/, () => import('./access.js')],
  [/^#\/operations$/, () => import('./operations.js')],
];

const main = () => document.getElementById('main');
let cleanup = null;
let generation = 0;

async function route() {
  const hash = location.hash || '#/endpoints';
  if (!apiKey() && hash !== '#/signin') {
    sessionStorage.setItem('flowgate.after', hash);
    location.replace('#/signin');
    return;
  }
  document.body.classList.toggle('signed-out', !apiKey());
  document.getElementById('sign-out').hidden = !apiKey();
  const section = hash.split('/')[1] || '';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.getElementById('sidenav').classList.remove('open');
  const match = routes.map(([pattern, load]) => [hash.match(pattern), load]).find(([m]) => m);
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  const mine = ++generation;
  const root = main();
  if (!match) { fill(root, h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, hash), '. ', h('a', { href: '#/endpoints' }, 'Endpoints'))); return; }
  const [m, load] = match;
  try {
    const page = await load();
    if (mine !== generation) return;
    const params = m.slice(1).map((v) => (v === undefined ? undefined : decodeURIComponent(v)));
    fill(root);
    const done = await page.render(root, ...params);
    if (mine === generation) cleanup = typeof done === 'function' ? done : null; else if (typeof done === 'function') done();
  } catch (err) {
    if (mine === generation) fill(root, errorBox(err, 'This page could not be shown'));
  }
}

function shell() {
  document.getElementById('sign-out').addEventListener('click', () => { clearApiKey(); location.hash = '#/signin'; });
  document.getElementById('skip').addEventListener('click', () => main().focus());
  const toggle = document.getElementById('nav-toggle');
  toggle.addEventListener('click', () => {
    const nav = document.getElementById('sidenav');
    nav.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(nav.classList.contains('open')));
  });
  window.addEventListener('flowgate:unauthorized', () => {
    if (!apiKey() || location.hash === '#/signin') return;
    clearApiKey();
    sessionStorage.setItem('flowgate.signinMessage', 'Your key was not accepted any more; sign in again.');
    location.hash = '#/signin';
  });
  window.addEventListener('hashchange', route);
  initNotifications();
  route();
}

shell();
