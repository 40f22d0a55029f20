// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, the
// page server and simulator URLs handed over by `cargo xtask test`, screenshots saved to
// artifacts/e2e/ on every run.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return value;
};

export const simUrl = () => env('SW_SIM_URL');

/**
 * The seeded account's users, tokens and requests, named as in the simulator's seed
 * (`sim/src/seed/users.rs`, `sim/src/seed/requests.rs`), so a test says which one it uses.
 */
export const seeded = Object.freeze({
  ADA: 1001, ADA_TOKEN: 'ada-token',
  GRACE: 1002, GRACE_TOKEN: 'grace-token',
  /** Ada's open request with a rich agent reply, an inline image and attachments. */
  RICH: 101,
  /** Ada's pending request. */
  PENDING: 102,
  /** Ada's solved request. */
  SOLVED: 103,
  /** Ada's closed request (follow-ups only). */
  CLOSED: 104,
  /** Ada's open request she may solve. */
  SOLVABLE: 105,
});


/** A URL on the page origin (not the simulator's: CORS is real). */
export const pageUrl = (path) => new URL(path, env('SW_PAGE_URL')).href;

/** Launches headless Chromium with the flags this closed, root-run machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A new page that records what matters to every test: page errors, console errors and the
 * URLs requested, so a test can assert that nothing went wrong quietly.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && page.errors.push(message.text()));
  page.on('request', (request) => page.requests.push(request.url()));
  return page;
}

/** A page that also notes, in `page.notFound`, the 404s its own requests got. */
export async function openNotingNotFound(browser, options) {
  const page = await openPage(browser, options);
  page.notFound = [];
  page.on('response', (r) => r.status() === 404 && page.notFound.push(r.url()));
  return page;
}

/**
 * A page's console errors, less a 404 that no request of the page got: the browser's own
 * favicon request on the simulator's sign-in page, which (like Zendesk's own pages) has none.
 * For pages opened with `openNotingNotFound`.
 */
export const pageErrorsBesidesFavicon = (page) =>
  page.errors.filter((e) => !(e.includes('404 (Not Found)') && page.notFound.length === 0));

/** Saves a screenshot as artifacts/e2e/NAME.png. */
export async function screenshot(page, name) {
  const dir = env('SW_ARTIFACTS');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Puts the simulator back to its seeded state. */
export async function resetSimulator() {
  const response = await fetch(`${simUrl()}/__sim/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`simulator reset → ${response.status}`);
}

/** The simulator's log of the Zendesk calls it answered. */
export async function simulatorCalls() {
  const response = await fetch(`${simUrl()}/__sim/calls`);
  return (await response.json()).calls;
}

/**
 * Fills the seeded account's contact form in `scope` (a dialog, or an inline widget) as an
 * anonymous visitor, leaving it ready to send.
 */
export async function fillContactForm(scope, { subject, name = 'Grace Visitor', email = 'grace.visitor@example.com' }) {
  await scope.getByLabel('What is it about?').waitFor();
  await scope.getByLabel('Your name').fill(name);
  await scope.getByLabel('Email').fill(email);
  await scope.getByLabel('Subject').fill(subject);
  await scope.getByLabel('How can we help?').fill(`Details about: ${subject}`);
  await scope.getByLabel('What is it about?').selectOption('technical');
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core (from npm, injected into the page) on the widget; returns its violations. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await window.axe.run({ include: [['support-widget']] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Colour arithmetic inside the page (WCAG 2 relative luminance and contrast), installed
 * before any page script as `window.swColours`. Colours are read back through a canvas, so
 * whatever syntax the computed style uses (`lch(…)`, `color(srgb …)`, `rgb(…)`) is resolved by
 * the browser itself; backgrounds are composited up the tree (through shadow hosts) until an
 * opaque one.
 */
export function installColourTools(page) {
  return page.addInitScript(() => {
    const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    const rgba = (css) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = '#000';
      context.fillStyle = css;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: a / 255 };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const parent = (node) => node.parentElement || node.getRootNode().host || null;
    const background = (element) => {
      const layers = [];
      for (let node = element; node; node = parent(node)) {
        const layer = rgba(getComputedStyle(node).backgroundColor);
        if (layer.a > 0) layers.push(layer);
        if (layer.a === 1) break;
      }
      return layers.reduceRight((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
    };
    const luminance = ({ r, g, b }) => {
      const channel = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const contrast = (a, b) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    window.swColours = {
      rgba,
      background,
      luminance,
      /** Contrast of `element`'s text (or another colour property) against what is behind it. */
      textContrast(element, property = 'color') {
        const style = getComputedStyle(element);
        const bg = background(element);
        return contrast(over(rgba(style[property]), bg), bg);
      },
      contrast: (a, b) => contrast(rgba(a), rgba(b)),
      contrastOn: (css, element) => {
        const bg = background(element);
        return contrast(over(rgba(css), bg), bg);
      },
    };
  });
}

/**
 * Waits until the page is quiet: two rendered frames in a row with no new resource asked
 * for. For checks that something did *not* happen (a request, a second report): a condition
 * to wait for instead of a fixed sleep.
 */
export async function settled(page) {
  await page.waitForFunction(() => new Promise((resolve) => {
    const count = () => performance.getEntriesByType('resource').length;
    const before = count();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(count() === before)));
  }));
}

/**
 * The widget's wasm files the page fetched, by path, asserting that each was fetched once
 * (the main module and every chunk: nothing loads twice) and that the main module is there.
 */
export function wasmFetchedOnce(page) {
  const files = page.requests.filter((url) => url.endsWith('.wasm')).map((url) => new URL(url).pathname);
  assert.deepEqual(files, [...new Set(files)], 'each wasm file is fetched once');
  assert.ok(files.some((file) => /^\/support-widget-core\.\w+\.wasm$/.test(file)), `the main module among ${files}`);
  return files;
}

/**
 * Before any page script: `navigator.connection` reports `connection`, as Chromium does for a
 * visitor with Save-Data on or on a 2G link (headless Chromium itself reports a fast link).
 */
export function pretendConnection(page, connection) {
  return page.addInitScript((connection) => {
    const info = Object.assign(new EventTarget(), { downlink: 10, rtt: 50, effectiveType: '4g', saveData: false }, connection);
    Object.defineProperty(Navigator.prototype, 'connection', { get: () => info, configurable: true });
  }, connection);
}

/** Resolves after two idle periods of the page (begun after whatever idle work it queued). */
export const idleTwice = (page) => page.evaluate(async () => {
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 }));
  }
});
