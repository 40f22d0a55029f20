// Sums a Chromium trace written by `cargo xtask bench --trace DIR`: the page's main thread
// (the renderer's `CrRendererMain` with the most events), each event name's own time (its
// duration less the events nested in it), total time and count, largest first. It answers
// "where did the tap's main-thread time go" in the engine's terms: `wasm.CompileLazy` (a wasm
// function compiled on its first call), `V8.CompileCode` (a script function compiled on its
// first call), `LocalFrameView::performLayout`, `Document::recalcStyle`, `Paint`, ….
//
//   node tests/bench/trace-summary.mjs FILE.json [ROWS]
import { readFileSync } from 'node:fs';

const [file, rows = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/trace-summary.mjs FILE.json [ROWS]');
  process.exit(2);
}
const { traceEvents } = JSON.parse(readFileSync(file, 'utf8'));

const threadOf = (event) => `${event.pid}:${event.tid}`;
const mainThreads = new Set(
  traceEvents
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map(threadOf),
);
const eventsPerThread = new Map();
for (const event of traceEvents) {
  const thread = threadOf(event);
  if (mainThreads.has(thread)) eventsPerThread.set(thread, (eventsPerThread.get(thread) || 0) + 1);
}
const busiest = [...eventsPerThread].sort((a, b) => b[1] - a[1])[0];
if (!busiest) {
  console.error(`${file}: no renderer main thread in this trace`);
  process.exit(1);
}

// Complete events ('X') of that thread, outer before inner, so a stack finds each one's parent.
const events = traceEvents
  .filter((e) => threadOf(e) === busiest[0] && e.ph === 'X' && e.dur != null)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const nested = new Map();
const open = [];
for (const event of events) {
  while (open.length && open.at(-1).ts + open.at(-1).dur <= event.ts) open.pop();
  const parent = open.at(-1);
  if (parent) nested.set(parent, (nested.get(parent) || 0) + event.dur);
  open.push(event);
}
const byName = new Map();
for (const event of events) {
  const sum = byName.get(event.name) || { own: 0, total: 0, count: 0 };
  sum.own += event.dur - (nested.get(event) || 0);
  sum.total += event.dur;
  sum.count += 1;
  byName.set(event.name, sum);
}

const first = events[0]?.ts ?? 0;
// A loop, not `Math.max(...)`: a trace has more events than a call takes arguments.
const last = events.reduce((latest, e) => Math.max(latest, e.ts + e.dur), first);
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
console.log(`${file}: main thread, ${((last - first) / 1000).toFixed(0)} ms traced`);
console.log(`${'own ms'.padStart(8)} ${'total ms'.padStart(8)} ${'count'.padStart(6)}  event`);
for (const [name, sum] of [...byName].sort((a, b) => b[1].own - a[1].own).slice(0, Number(rows))) {
  console.log(`${ms(sum.own)} ${ms(sum.total)} ${String(sum.count).padStart(6)}  ${name}`);
}
