// Placeholder until this page is written.
import { h, add } from './dom.js';

export function render(root) { add(root, h('h1', null, 'wizard'), h('p', { class: 'muted' }, 'Coming soon.')); }
