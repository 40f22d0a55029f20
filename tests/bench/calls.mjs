// The call-count benchmark: how many Zendesk calls one visitor costs, per kind of session,
// counted by the simulator. Each session runs in headless Chromium against the built dist/
// with Playwright's fake clock, so ten minutes of an open panel take seconds: the page's
// timers (polls, retries, idle callbacks) fire as the clock is moved on, and after each step
// the script waits until no request is in flight. Prints one JSON line per session for
// `cargo xtask bench`; run it through that command (it serves dist/ and starts the simulator).
import { launch, openPage, pageUrl, resetSimulator, simUrl, simulatorCalls, fillContactForm } from '../e2e/support.mjs';

/** How long each session's panel stays open (the budget is averaged over it). */
const WINDOW_MS = 10 * 60 * 1000;
/** The fake clock moves on by this much at a time. */
const STEP_MS = 1000;

/** Counts requests in flight, so the clock only moves on when the page is waiting on timers. */
function trackInflight(page) {
  let inflight = 0;
  page.on('request', () => inflight++);
  page.on('requestfinished', () => inflight--);
  page.on('requestfailed', () => inflight--);
  return async () => {
    for (let i = 0; i < 500 && inflight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  };
}

/** The page's (fake) time. */
const now = (page) => page.evaluate(() => Date.now());

/** Moves the fake clock on until `WINDOW_MS` after `since` (page time), a step at a time. */
async function runUntilWindowEnds(page, settle, since) {
  while ((await now(page)) - since < WINDOW_MS) {
    try {
      await page.clock.runFor(STEP_MS);
    } catch (error) {
      // Playwright's fake clock can call a timer the widget has already cleared; the wasm
      // then refuses the dropped callback. A real browser never calls it: count and go on.
      if (!String(error).includes('closure invoked recursively or after being dropped')) throw error;
      page.clockArtifacts = (page.clockArtifacts || 0) + 1;
    }
    await settle();
  }
}

/** A fresh page with the fake clock installed before any of its scripts run. */
async function freshPage(browser) {
  await resetSimulator();
  const page = await openPage(browser);
  await page.addInitScript(() => {
    window.benchReadyEvents = 0;
    document.addEventListener('support-widget:ready', () => window.benchReadyEvents++, true);
  });
  await page.clock.install();
  return { page, settle: trackInflight(page) };
}

const sessions = {
  /** An anonymous visitor opens the panel, fills the form with two attachments and sends it. */
  async 'anonymous contact with attachments'(browser) {
    const { page, settle } = await freshPage(browser);
    await page.goto(pageUrl('/pages/basic.html'));
    const opened = await now(page);
    await page.getByRole('button', { name: 'Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await fillContactForm(dialog, { subject: 'The lathe grinds at low speed' });
    await page.locator('input[type=file]').setInputFiles([
      { name: 'noise.txt', mimeType: 'text/plain', buffer: Buffer.from('grrrrr') },
      { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') },
    ]);
    await dialog.getByText('photo.png').waitFor();
    await page.locator('.sw-file progress').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText(/Request #\d+ sent/).waitFor();
    await runUntilWindowEnds(page, settle, opened);
    return page;
  },

  /** A signed-in visitor opens the panel, goes to "My tickets" and reads one thread. */
  async 'signed in: list, then one thread open'(browser) {
    const { page, settle } = await freshPage(browser);
    await page.goto(pageUrl('/pages/basic.html'));
    await page.getByRole('button', { name: 'Support' }).waitFor();
    const opened = await now(page);
    await page.evaluate(() => {
      SupportWidget('identify', { getAccessToken: () => 'ada-token' });
      SupportWidget('open');
    });
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await dialog.getByLabel('Subject').waitFor();
    await dialog.getByRole('tab', { name: 'My tickets' }).click();
    await dialog.locator('.sw-row[data-id="105"] button').click();
    await dialog.getByRole('textbox', { name: 'Reply' }).waitFor();
    await runUntilWindowEnds(page, settle, opened);
    return page;
  },

  /** A visitor reads a Help Center page with the widget in its theme and never opens it. */
  async 'Help Center page view, panel never opened'(browser) {
    const { page, settle } = await freshPage(browser);
    await page.goto(`${simUrl()}/hc/signin?user_id=1001&return_to=/hc/en-us`);
    await page.getByRole('button', { name: 'Support' }).waitFor();
    const loaded = await now(page);
    // The loader prefetches the widget when the browser is idle; it must mount and wait. The
    // ready event is counted from before the page's scripts run (it may come before this line).
    await runUntilWindowEnds(page, settle, loaded);
    if (!(await page.evaluate(() => window.benchReadyEvents > 0))) {
      throw new Error('the widget never mounted at idle time');
    }
    return page;
  },
};

/** The simulator's log, reduced to what the account's limits count. */
function tally(calls) {
  const api = calls.filter((c) => c.path.startsWith('/api/') && c.method !== 'OPTIONS');
  const helpCenter = api.filter((c) => c.path.startsWith('/api/v2/help_center/'));
  const endpoints = {};
  for (const c of api) {
    const key = `${c.method} ${c.path.replace(/\/\d+(?=\/|\.json|$)/g, '/{id}').replace(/\.json$/, '')}`;
    endpoints[key] = (endpoints[key] || 0) + 1;
  }
  return {
    support_api: api.length - helpCenter.length,
    help_center_api: helpCenter.length,
    preflights: calls.filter((c) => c.method === 'OPTIONS').length,
    endpoints,
  };
}

/** Real time a session may take (ten fake minutes take well under a minute on loopback). */
const SESSION_TIMEOUT_MS = 180_000;

/** `run(browser)`, or an error naming the session when it takes longer than it should. */
function withTimeout(kind, run, browser) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${kind}: no end after ${SESSION_TIMEOUT_MS / 1000} s`)), SESSION_TIMEOUT_MS);
  });
  return Promise.race([run(browser), timeout]).finally(() => clearTimeout(timer));
}

const browser = await launch();
try {
  for (const [kind, run] of Object.entries(sessions)) {
    console.error(`session: ${kind}`);
    const page = await withTimeout(kind, run, browser);
    const errors = page.errors.filter((e) => !e.includes('404 (Not Found)') && !e.includes('closure invoked recursively'));
    await page.context().close();
    if (errors.length) throw new Error(`${kind}: ${errors.join('; ')}`);
    console.log(JSON.stringify({ kind, minutes: WINDOW_MS / 60000, ...tally(await simulatorCalls()) }));
  }
} finally {
  await browser.close();
}
