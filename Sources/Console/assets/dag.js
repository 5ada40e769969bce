// The flow's DAG as SVG: inputs, nodes by type (llm, python, prompt), outputs; activate conditions dashed,
// aggregation nodes with a dashed border. Layers by longest path from the inputs.
import { s, h } from './dom.js';

const W = 170; const H = 46; const GX = 60; const GY = 34;

export function dagView(flow) {
  const names = ['inputs', ...flow.nodes.map((n) => n.name), 'outputs'];
  const edges = [...(flow.edges || [])];
  const has = (from, to) => edges.some((e) => e.from === from && e.to === to);
  for (const node of flow.nodes) {
    if (!edges.some((e) => e.to === node.name)) edges.push({ from: 'inputs', to: node.name });
  }
  const targets = new Set(edges.map((e) => e.from));
  for (const node of flow.nodes) if (!targets.has(node.name) && !has(node.name, 'outputs')) edges.push({ from: node.name, to: 'outputs' });
  const layer = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < names.length; i += 1) {
    for (const e of edges) if (layer[e.from] !== undefined && layer[e.to] !== undefined) layer[e.to] = Math.max(layer[e.to], layer[e.from] + 1);
  }
  const maxLayer = Math.max(...Object.values(layer));
  layer.outputs = maxLayer;
  const rows = [];
  for (const n of names) (rows[layer[n]] ||= []).push(n);
  const widest = Math.max(...rows.map((r) => r.length));
  const width = widest * (W + GX) + GX;
  const pos = {};
  rows.forEach((row, y) => row.forEach((n, x) => {
    const offset = (width - row.length * (W + GX) + GX) / 2;
    pos[n] = { x: offset + x * (W + GX), y: GY + y * (H + GY) };
  }));
  const height = rows.length * (H + GY) + GY;
  const byName = Object.fromEntries(flow.nodes.map((n) => [n.name, n]));
  const activated = (to) => byName[to]?.activate;
  const paths = edges.filter((e) => pos[e.from] && pos[e.to]).map((e) => {
    const a = pos[e.from]; const b = pos[e.to];
    const x1 = a.x + W / 2; const y1 = a.y + H; const x2 = b.x + W / 2; const y2 = b.y;
    return s('path', { class: `dag-edge${activated(e.to) ? ' activate' : ''}`, d: `M${x1},${y1} C${x1},${y1 + GY / 1.5} ${x2},${y2 - GY / 1.5} ${x2},${y2 - 4}`, 'marker-end': 'url(#arrow)' });
  });
  const boxes = names.map((n) => {
    const node = byName[n];
    const kind = node ? node.type : 'io';
    const label = n.length > 22 ? `${n.slice(0, 21)}…` : n;
    const note = node ? [kind, node.aggregation ? 'aggregation' : null, node.use_variants ? 'variants' : null,
      node.activate ? `if ${String(node.activate.when).replace(/^\$\{|\}$/g, "")} = ${JSON.stringify(node.activate.is)}` : null].filter(Boolean).join(' · ') : n === 'inputs' ? flow.inputs.map((i) => i.name).join(', ') : (flow.outputs || []).map((o) => o.name).join(', ');
    const noteText = note.length > 30 ? `${note.slice(0, 29)}…` : note;
    return s('g', { class: `dag-node ${kind}${node?.aggregation ? ' aggregation' : ''}`, transform: `translate(${pos[n].x},${pos[n].y})` },
      s('title', null, `${n}: ${note}`),
      s('rect', { width: W, height: H, rx: 8 }),
      s('text', { x: 10, y: 19 }, label),
      s('text', { x: 10, y: 35, class: 'kind' }, noteText));
  });
  const svg = s('svg', { class: 'dag', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Flow graph: ${flow.nodes.length} nodes` },
    s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'c-5' }))),
    paths, boxes);
  return h('figure', { class: 'dag-figure' }, svg,
    h('figcaption', { class: 'legend' }, h('span', { class: 'sw-3' }, 'LLM'), h('span', { class: 'sw-1' }, 'Python'), h('span', { class: 'sw-2' }, 'Prompt / activate condition'), h('span', null, 'dashed border: aggregation')));
}
