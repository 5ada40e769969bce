// One deployment: header, tabs (Details, Test, Consume, Monitoring, Traces, Logs); each tab is its own module.
import { api, enc } from './api.js';
import { h, pill, pageHead, tabs, errorBox, add, addFirst } from './dom.js';
import { follow } from './notify.js';

const tabList = [
  { key: 'details', label: 'Details', load: () => import('./details.js') },
  { key: 'test', label: 'Test', load: () => import('./testtab.js') },
  { key: 'consume', label: 'Consume', load: () => import('./consume.js') },
  { key: 'monitoring', label: 'Monitoring', load: () => import('./monitoring.js') },
  { key: 'traces', label: 'Traces', load: () => import('./traces.js') },
  { key: 'logs', label: 'Logs', load: () => import('./logs.js') },
];

let focusTab = false;

export async function render(root, endpointName, deploymentName, tab = 'details') {
  const base = `#/endpoints/${enc(endpointName)}/deployments/${enc(deploymentName)}`;
  const [endpoint, deployment] = await Promise.all([
    api(`/endpoints/${enc(endpointName)}`), api(`/endpoints/${enc(endpointName)}/deployments/${enc(deploymentName)}`)]);
  const selected = tabList.find((t) => t.key === tab) || tabList[0];
  const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!confirm(`Delete deployment ${deploymentName}?`)) return;
    try {
      const answer = await api(`/endpoints/${enc(endpointName)}/deployments/${enc(deploymentName)}`, { method: 'DELETE' });
      follow(answer?.latest_operation_id, `Delete ${endpointName}/${deploymentName}`, `#/endpoints/${enc(endpointName)}`);
      location.hash = `#/endpoints/${enc(endpointName)}`;
    } catch (err) { addFirst(root, errorBox(err, 'The deployment was not deleted')); }
  } }, 'Delete deployment');
  const { list, panel } = tabs(tabList, selected.key, (key) => { focusTab = true; location.hash = `${base}/${key}`; }, { label: 'Deployment', idPrefix: 'dtab' });
  add(root, 
    pageHead(deploymentName, {
      crumbs: [{ label: 'Endpoints', href: '#/endpoints' }, { label: endpointName, href: `#/endpoints/${enc(endpointName)}` }, { label: deploymentName }],
      subtitle: `Traffic ${endpoint.traffic?.[deploymentName] ?? 0}% · ${endpoint.auth_mode === 'key' ? 'key auth' : 'token auth'}`,
      actions: [pill(deployment.provisioning_state), remove] }),
    list, panel);
  let timer = null;
  if (['Creating', 'Updating', 'Deleting'].includes(deployment.provisioning_state)) {
    const watch = async () => {
      try {
        const now = await api(`/endpoints/${enc(endpointName)}/deployments/${enc(deploymentName)}`);
        if (now.provisioning_state !== deployment.provisioning_state) { window.dispatchEvent(new HashChangeEvent('hashchange')); return; }
      } catch { /* deleted or signed out: the next navigation shows it */ }
      timer = setTimeout(watch, 1500);
    };
    timer = setTimeout(watch, 1500);
  }
  const page = await selected.load();
  const done = await page.render(panel, { endpoint, deployment, base });
  if (focusTab) list.querySelector('[aria-selected="true"]')?.focus({ preventScroll: true });
  focusTab = false;
  return () => { clearTimeout(timer); if (typeof done === 'function') done(); };
}
