// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, the
// page server and simulator URLs handed over by `cargo xtask test`, screenshots saved to
// artifacts/e2e/ on every run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return value;
};

export const simUrl = () => env('SW_SIM_URL');

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
