'use strict';
/**
 * The spread of `npm run bench` over several runs (issue #14: "the spread over several runs"): runs
 * `node bench/run.js --no-write --json FILE` N times, one after another, and prints each target's measured
 * value per run, with the load average around each run — a Markdown table for docs/performance.md.
 *
 *   npm run build && node bench/spread.js [N=5] [--quick]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { targetRows } = require('./lib/report');
const { markdown } = require('./lib/table');

const argv = process.argv.slice(2);
const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 5);
const extra = argv.includes('--quick') ? ['--quick'] : [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-spread-'));
const runs = [];
try {
  for (let i = 1; i <= n; i++) {
    const file = path.join(dir, `run-${i}.json`);
    process.stderr.write(`spread: run ${i} of ${n}\n`);
    const child = spawnSync(process.execPath, [path.join(__dirname, 'run.js'), '--no-write', '--json', file, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status !== 0) throw new Error(`run ${i} failed (exit ${child.status})`);
    runs.push(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const rows = targetRows(runs[0]).map(([key, what]) => {
  const cells = runs.map((r) => {
    const row = targetRows(r).find((t) => t[0] === key);
    if (!row) return '—';
    const [, , value, met] = row;
    if (met === null) return `${value.toFixed(2)}×`; // informational, no target
    const shown = key === 'sandbox' ? `${value.toFixed(3)} ms` : `${value.toFixed(2)}×`;
    return met ? shown : `**${shown}**`;
  });
  return [what, ...cells];
});
rows.push(['load average at the start (1, 5, 15 min)', ...runs.map((r) => r.loadBefore)]);
process.stdout.write(`${markdown(['target (bold: missed)', ...runs.map((_, i) => `run ${i + 1}`)], rows)}\n`);
