'use strict';
/** Tables as Markdown (docs/performance.md) and as aligned text (the terminal). */

function markdown(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function text(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c).replace(/`/g, '')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

const us = (ms) => `${Math.round(ms * 1000)}`;
const ms = (value, digits = 2) => value.toFixed(digits);
const ratio = (value) => `${value.toFixed(2)}×`;

module.exports = { markdown, text, us, ms, ratio };
