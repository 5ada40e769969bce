// Small SVG charts for the Monitoring tab: stacked bars and lines over per-minute buckets, with axes and a table
// fallback for screen readers (the caller adds it).
import { s, h } from './dom.js';

const W = 560; const H = 200; const L = 44; const B = 22; const T = 10; const R = 10;

function scale(max) { return max <= 0 ? 1 : max; }
function ticks(max) { const step = max / 4; return [0, 1, 2, 3, 4].map((i) => i * step); }
function fmt(value) { return value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value % 1 ? value.toFixed(value < 10 ? 1 : 0) : String(value); }
function timeLabel(iso) { const d = new Date(iso); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; }

function frame(title, labels, max) {
  const plotH = H - B - T; const plotW = W - L - R;
  const kids = [s('title', null, title)];
  for (const value of ticks(max)) {
    const y = T + plotH - (value / max) * plotH;
    kids.push(s('line', { class: 'grid-line', x1: L, x2: W - R, y1: y, y2: y }), s('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, fmt(value)));
  }
  const every = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((label, i) => {
    if (i % every) return;
    const x = L + (i + 0.5) * (plotW / labels.length);
    kids.push(s('text', { x, y: H - 6, 'text-anchor': 'middle' }, timeLabel(label)));
  });
  return kids;
}

/** Stacked bars: `series` = [{name, cls, values}]. */
export function barChart(title, labels, series) {
  const totals = labels.map((_, i) => series.reduce((sum, x) => sum + (x.values[i] || 0), 0));
  const top = Math.max(...totals, 0);
  const max = top <= 4 ? 4 : Math.ceil(top / 4) * 4;  // counts: whole-number ticks
  const plotH = H - B - T; const plotW = W - L - R; const bw = plotW / Math.max(labels.length, 1);
  const bars = [];
  labels.forEach((label, i) => {
    let y = T + plotH;
    for (const x of series) {
      const v = x.values[i] || 0;
      if (!v) continue;
      const hgt = (v / max) * plotH;
      y -= hgt;
      bars.push(s('rect', { class: x.cls, x: L + i * bw + 1, y, width: Math.max(bw - 2, 1), height: hgt }, s('title', null, `${timeLabel(label)} ${x.name}: ${v}`)));
    }
  });
  return chart(title, series, s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title }, frame(title, labels, max), bars));
}

/** Lines: `series` = [{name, cls, values}] (null values are gaps). */
export function lineChart(title, labels, series) {
  const max = scale(Math.max(...series.flatMap((x) => x.values.filter((v) => v !== null && v !== undefined)), 0));
  const plotH = H - B - T; const plotW = W - L - R; const step = plotW / Math.max(labels.length, 1);
  const lines = series.map((x) => {
    let d = ''; let pen = false;
    x.values.forEach((v, i) => {
      if (v === null || v === undefined) { pen = false; return; }
      const px = L + (i + 0.5) * step; const py = T + plotH - (v / max) * plotH;
      d += `${pen ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)} `; pen = true;
    });
    const dots = x.values.map((v, i) => (v === null || v === undefined ? null
      : s('circle', { class: x.cls, cx: L + (i + 0.5) * step, cy: T + plotH - (v / max) * plotH, r: 2.5 }, s('title', null, `${timeLabel(labels[i])} ${x.name}: ${fmt(v)}`))));
    return [s('path', { class: `line ${x.cls}`, d: d.trim() || 'M0,0' }), dots.filter(Boolean)];
  });
  return chart(title, series, s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title }, frame(title, labels, max), lines));
}

function chart(title, series, svg) {
  const swatch = (cls) => `sw-${cls.split('-')[1]}`;
  return h('figure', { class: 'card chart-card' }, h('h3', null, title), svg,
    h('figcaption', { class: 'legend' }, series.map((x) => h('span', { class: swatch(x.cls) }, x.name))));
}
