// The widget under a strict Content-Security-Policy with Trusted Types enforced, sent by the
// page server as a response header (pages/*.html.headers); and the fallback when the policy
// leaves out 'wasm-unsafe-eval'. pages/csp-watch.js counts violations from the first byte.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  fillContactForm, launch, openPage, pageUrl, resetSimulator, screenshot, seeded, settled, simUrl,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const violations = (page) => page.evaluate(() => window.cspViolations);

test('strict CSP and Trusted Types: contact, send, My tickets and a conversation without a violation', async () => {
  const page = await openPage(browser, { viewport: { width: 900, height: 900 } });
  const response = await page.goto(pageUrl('/pages/csp-strict.html'));
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/, 'the page really is served under the policy');
  assert.match(policy, /require-trusted-types-for 'script'/);

  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  await fillContactForm(dialog, { subject: 'password reset from a strict page' });
  // Suggestions come from a Help Center search: one more call under connect-src.
  await dialog.locator('.sw-suggestions a').first().waitFor();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();

  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
  await dialog.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
  // The agent's HTML went through DOMParser (a Trusted Types sink) and came out as markup,
  // not as the plain-text fallback.
  await dialog.locator('.sw-rich-text strong', { hasText: 'Settings → Data' }).waitFor();
  await dialog.locator('.sw-rich-text code', { hasText: 'acme export --all' }).first().waitFor();
  await screenshot(page, 'csp-strict-conversation');

  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("without 'wasm-unsafe-eval' the launcher becomes a link to the Help Center, with one error", async () => {
  const page = await openPage(browser);
  const consoleErrors = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  await page.addInitScript(() => {
    window.widgetErrors = [];
    document.addEventListener('support-widget:error', (event) => window.widgetErrors.push(event.detail));
  });
  await page.goto(pageUrl('/pages/csp-no-wasm.html'));
  // Reaching for the launcher loads the widget (idle time may have done it already: then the
  // launcher is the link by now).
  await page.locator('.sw-launcher').hover();

  const link = page.getByRole('link', { name: 'Support' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `${simUrl()}/hc/requests/new`);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await page.getByRole('button', { name: 'Support' }).count(), 0);
  // More attempts (a command, another hover) don't report again.
  await page.evaluate(() => SupportWidget('open'));
  await link.hover();
  await settled(page);
  await screenshot(page, 'csp-no-wasm-fallback');

  const ours = consoleErrors.filter((text) => text.startsWith('support-widget:'));
  assert.equal(ours.length, 1, `one console error from the widget: ${JSON.stringify(consoleErrors)}`);
  assert.match(ours[0], /'wasm-unsafe-eval'/);
  const events = await page.evaluate(() => window.widgetErrors);
  assert.deepEqual(events.map((e) => e.code), ['wasm_blocked']);
  // Nothing thrown into the host page; the browser's own report of the refused compile is the
  // only other line in the console.
  assert.deepEqual(page.errors.filter((e) => !consoleErrors.includes(e)), []);
  const others = consoleErrors.filter((text) => !text.startsWith('support-widget:'));
  assert.ok(others.every((text) => /wasm-unsafe-eval|WebAssembly/.test(text)), JSON.stringify(others));
  const blocked = await violations(page);
  assert.ok(blocked.length > 0 && blocked.every((v) => v.startsWith('script-src')), JSON.stringify(blocked));
  await page.context().close();
});
