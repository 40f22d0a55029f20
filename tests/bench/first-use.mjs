// The first-use benchmark, driven by `cargo xtask bench` (not a test: it measures and prints,
// it never fails on a number). Real Chromium (Debian's, through playwright-core) loads a host
// page that embeds the widget from each build's own page server, against the simulator, with
// a network and CPU profile applied through the DevTools protocol, every run in a fresh
// browser context (a cold HTTP cache, no compiled-wasm cache).
//
// Each run has three visits:
//   1. "reads the page": loads it and waits until the page and the widget's idle-time
//      prefetch are quiet; the bytes on the wire by then are what a visitor who never opens
//      the widget pays; then taps the launcher and waits for the contact form to be usable
//      (what a visitor who reads before tapping waits for);
//   2. "taps at once": loads it with idle callbacks held back (no prefetch), taps the launcher
//      as soon as it is drawn, waits for the contact form to be usable, then taps "My tickets"
//      and waits for the list;
//   3. "My tickets first": the same tap on a page whose widget opens on "My tickets"
//      (`view: "tickets"`), waiting for the list.
//
// Input (environment): SW_BENCH_BUILDS = JSON [{ "name", "url" }] (each build's page URL),
// SW_SIM_URL, SW_BENCH_RUNS, SW_BENCH_PROFILES (comma-separated names, default all),
// SW_BENCH_OUT (where the JSON samples go); SW_BENCH_CPU_PROFILE (optional: a path prefix; each
// tap then writes the main thread's CPU profile from the tap to the usable form,
// `<prefix>-<profile>-<build>-<run>-<visit>.cpuprofile`, which Chromium's DevTools open);
// SW_BENCH_TRACE (optional: the same, as a Chromium trace, `<prefix>-….json`, instead); SW_BENCH_JS_FLAGS
// (optional: V8 flags, to measure what the engine's choices cost; a page can't set them).
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the benchmark through \`cargo xtask bench\``);
  return value;
};

/**
 * The profiles. Slow 4G is Lighthouse's mobile preset as the issue states it (150 ms RTT,
 * 1.6 Mbps down, 750 kbps up); DevTools' emulation adds the latency once per request, not per
 * TCP round trip, so it flatters connection set-up a little. Both profiles slow the CPU 4×.
 */
export const PROFILES = {
  'slow-4g': { latency: 150, down: 1_600_000 / 8, up: 750_000 / 8, cpu: 4 },
  loopback: { latency: 0, down: -1, up: -1, cpu: 4 },
};

const builds = JSON.parse(env('SW_BENCH_BUILDS'));
const runs = Number(env('SW_BENCH_RUNS'));
const simUrl = env('SW_SIM_URL');
const chosen = (process.env.SW_BENCH_PROFILES || Object.keys(PROFILES).join(',')).split(',');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage',
    ...(process.env.SW_BENCH_JS_FLAGS ? [`--js-flags=${process.env.SW_BENCH_JS_FLAGS}`] : []),
  ],
});
const cpuProfile = process.env.SW_BENCH_CPU_PROFILE;
const trace = process.env.SW_BENCH_TRACE;
/** What a trace records: DevTools' timeline, V8's script and wasm compilation, Blink's work. */
const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'v8.wasm',
  'disabled-by-default-v8.compile', 'disabled-by-default-v8.gc', 'blink', 'loading',
];

/** A fresh context and page with `profile` applied and every response's bytes counted. */
async function openProfiled(profile) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: false });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down,
    uploadThroughput: profile.up,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  await cdp.send('Performance.enable');
  const wire = { bytes: 0, inFlight: new Map(), urls: new Map() };
  cdp.on('Network.requestWillBeSent', (e) => {
    wire.inFlight.set(e.requestId, e.request.url);
    wire.urls.set(e.requestId, e.request.url);
  });
  cdp.on('Network.loadingFinished', (e) => {
    wire.inFlight.delete(e.requestId);
    // The host page itself is the host's, not the widget's.
    if (!new URL(wire.urls.get(e.requestId) || 'about:blank', 'http://x').pathname.startsWith('/bench/')) {
      wire.bytes += e.encodedDataLength;
    }
  });
  cdp.on('Network.loadingFailed', (e) => wire.inFlight.delete(e.requestId));
  return { context, page, cdp, wire };
}

/** Resolves once no request has been in flight for `quietMs`. */
async function networkQuiet(wire, quietMs = 500) {
  let quietSince = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (wire.inFlight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
  }
}

/**
 * A fresh simulator for the next visit, its CORS preflights answered `profile.latency` ms late:
 * DevTools' network emulation delays the page's requests but not the preflights the browser
 * sends ahead of them (measured: at 150 ms emulated latency, a fetch with `Authorization` took
 * 177 ms, one without 184), so without this a signed-in read would cost one round trip where
 * a real link costs two.
 */
const resetSimulator = async (profile) => {
  const response = await fetch(`${simUrl}/__sim/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`simulator reset → ${response.status}`);
  if (!profile?.latency) return;
  const armed = await fetch(`${simUrl}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'OPTIONS', kind: 'delay', ms: profile.latency, count: 1_000_000 }),
  });
  if (armed.status !== 201) throw new Error(`simulator preflight delay → ${armed.status}`);
};

/** Visit 1: what the page costs a visitor who only reads it. */
async function readsThePage(build, profile, profileName) {
  const { context, page, cdp, wire } = await openProfiled(profile);
  await noteTheTap(page);
  await page.goto(`${build.url}/bench/first-use.html`, { waitUntil: 'load' });
  await page.locator('support-widget .sw-launcher').waitFor();
  // Two idle periods after load (the loader asked for its own first), then a quiet network.
  for (let round = 0; round < 2; round++) {
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
  }
  await networkQuiet(wire);
  const bytes = wire.bytes;
  const formAt = await profiled(cdp, profileName, async () => {
    await page.locator('support-widget .sw-launcher').click();
    return formUsable(page);
  });
  const tap = await page.evaluate(() => window.benchTap);
  await context.close();
  return { bytes_before_tap: bytes, tap_after_reading_to_form_ms: formAt - tap };
}

/** The time of the first tap on the launcher, as `window.benchTap`. */
const noteTheTap = (page) =>
  page.addInitScript(() => {
    addEventListener('pointerdown', (event) => {
      if (event.composedPath().some((node) => node.classList?.contains('sw-launcher'))) {
        window.benchTap ??= performance.now();
      }
    }, true);
  });

/** Idle callbacks held back: the tap, not a prefetch, starts the download. */
const holdIdle = (page) =>
  page.addInitScript(() => {
    window.requestIdleCallback = () => 1;
    window.cancelIdleCallback = () => {};
  });

/** Usable: the form picker holds the account's forms and the send button is there. */
const formUsable = async (page) =>
  (await page.waitForFunction(() => {
    const root = document.querySelector('support-widget')?.shadowRoot;
    const form = root?.querySelector('form.sw-form');
    const ready = form && form.querySelectorAll('select option').length > 1 && form.querySelector('button[type=submit]:not([disabled])');
    return ready ? performance.now() : null;
  }, null, { polling: 'raf', timeout: 120_000 })).jsonValue();

/**
 * Runs `action`, recording what SW_BENCH_CPU_PROFILE or SW_BENCH_TRACE ask for: the main
 * thread's CPU profile, or a Chromium trace (every thread's events: lazy wasm compilation,
 * script compilation, style, layout, paint), which `tests/bench/trace-summary.mjs` sums.
 */
async function profiled(cdp, name, action) {
  if (trace) {
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: TRACE_CATEGORIES },
      transferMode: 'ReportEvents',
    });
    const result = await action();
    await cdp.send('Tracing.end');
    await complete;
    writeFileSync(`${trace}-${name}.json`, JSON.stringify({ traceEvents: events }));
    return result;
  }
  if (!cpuProfile) return action();
  await cdp.send('Profiler.enable');
  // 100 µs: the first render is a few hundred ms of thousands of small functions.
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await action();
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(`${cpuProfile}-${name}.cpuprofile`, JSON.stringify(profile));
  return result;
}

/** The first row of "My tickets" (or its empty state) is shown: the time it was. */
const listShown = async (page) =>
  (await page.waitForFunction(() => {
    const root = document.querySelector('support-widget')?.shadowRoot;
    const shown = root?.querySelector('.sw-row:not(.sw-row-skeleton)') || root?.querySelector('.sw-empty');
    return shown ? performance.now() : null;
  }, null, { polling: 'raf', timeout: 120_000 })).jsonValue();

/** Visit 2: a tap as soon as the launcher is there, then "My tickets". */
async function tapsAtOnce(build, profile, profileName) {
  const { context, page, cdp, wire } = await openProfiled(profile);
  await holdIdle(page);
  await noteTheTap(page);
  await page.goto(`${build.url}/bench/first-use.html`, { waitUntil: 'load' });
  const launcher = page.locator('support-widget .sw-launcher');
  await launcher.waitFor();
  const before = wire.bytes;
  const formAt = await profiled(cdp, profileName, async () => {
    await launcher.click();
    return formUsable(page);
  });
  const atForm = wire.bytes;
  await page.getByRole('tab', { name: 'My tickets' }).click();
  const listAt = await listShown(page);
  const tap = await page.evaluate(() => window.benchTap);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const scriptSeconds = metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN;
  await context.close();
  return {
    bytes_at_first_use: atForm - before,
    tap_to_form_ms: formAt - tap,
    tap_to_tickets_ms: listAt - tap,
    script_ms: scriptSeconds * 1000,
  };
}

/** Visit 3: a tap on a page whose widget opens on "My tickets". */
async function ticketsFirst(build, profile) {
  const { context, page } = await openProfiled(profile);
  await holdIdle(page);
  await noteTheTap(page);
  await page.goto(`${build.url}/bench/tickets-first.html`, { waitUntil: 'load' });
  const launcher = page.locator('support-widget .sw-launcher');
  await launcher.waitFor();
  await launcher.click();
  const listAt = await listShown(page);
  const tap = await page.evaluate(() => window.benchTap);
  await context.close();
  return { tap_to_tickets_first_ms: listAt - tap };
}

// samples[profile][build][metric] = [one value per run]
const samples = {};
for (const name of chosen) {
  const profile = PROFILES[name];
  if (!profile) throw new Error(`unknown profile ${name}; known: ${Object.keys(PROFILES)}`);
  samples[name] = Object.fromEntries(builds.map((b) => [b.name, {}]));
  for (let run = 1; run <= runs; run++) {
    // Builds alternate within a run, so a busy moment of the machine hits both alike.
    for (const build of builds) {
      await resetSimulator(profile);
      const profileName = `${name}-${build.name.replace(/\W+/g, '_')}-${run}`;
      const figures = {
        ...(await readsThePage(build, profile, `${profileName}-after-reading`)),
        ...(await tapsAtOnce(build, profile, `${profileName}-at-once`)),
      };
      await resetSimulator(profile);
      Object.assign(figures, await ticketsFirst(build, profile));
      for (const [metric, value] of Object.entries(figures)) {
        (samples[name][build.name][metric] ||= []).push(Math.round(value));
      }
      console.log(`${name} run ${run}/${runs} ${build.name}: ${JSON.stringify(figures, (k, v) => (typeof v == 'number' ? Math.round(v) : v))}`);
    }
  }
}
await browser.close();
writeFileSync(env('SW_BENCH_OUT'), JSON.stringify({ runs, profiles: PROFILES, samples }, null, 2) + '\n');
