// On the Help Center's own pages: the simulator's Help Center home page embeds the widget the
// way a theme would (queue, `init` with the page's own origin, the loader from another origin
// as from a CDN). A visitor signed in to the Help Center is served through the session cookie
// and its CSRF token, with no token from the host; a visitor who isn't is anonymous.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  launch, openPage, resetSimulator, screenshot, seeded, simUrl, simulatorCalls,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/** Opens the Help Center home page (signed in as `userId` first, when given) and the panel. */
async function openHelpCenter(userId) {
  const page = await openPage(browser);
  page.failed = [];
  page.on('response', (r) => r.status() === 404 && page.failed.push(r.url()));
  const home = userId ? `/hc/signin?user_id=${userId}&return_to=/hc/en-us` : '/hc/en-us';
  await page.goto(`${simUrl()}${home}`);
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  return { page, dialog };
}

/**
 * Console errors, less a 404 that no request of the page got: the browser's own favicon
 * request, which the simulator's Help Center doesn't answer.
 */
const errors = (page) => page.errors.filter((e) => !(e.includes('404 (Not Found)') && page.failed.length === 0));

test('a visitor signed in to the Help Center sees their tickets and replies through the session', async () => {
  const { page, dialog } = await openHelpCenter(1001);
  await dialog.getByLabel('Subject').waitFor();
  await dialog.getByLabel('Your name').waitFor({ state: 'detached' });

  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVABLE}"] button`).click();
  await dialog.getByRole('textbox', { name: 'Reply' }).fill('Sent from the Help Center.');
  await dialog.getByRole('button', { name: 'Send reply' }).click();
  await dialog.locator('.sw-comment', { hasText: 'Sent from the Help Center.' }).waitFor();
  await screenshot(page, 'help-center-signed-in');

  const calls = (await simulatorCalls()).filter((c) => c.path.startsWith('/api/v2/requests'));
  assert.ok(calls.length > 0);
  for (const call of calls) {
    assert.equal(call.authorization, null, `${call.method} ${call.path}: the session cookie, no token`);
  }
  const reply = calls.find((c) => c.method === 'PUT');
  assert.equal(reply.status, 200);
  assert.equal(reply.csrf_token, true, 'writes carry the session\'s CSRF token');
  assert.deepEqual(errors(page), []);
  await page.context().close();
});

test('a visitor not signed in to the Help Center is anonymous', async () => {
  const { page, dialog } = await openHelpCenter();
  await dialog.getByLabel('Your name').waitFor();
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByText('These are the requests you sent from this device.', { exact: false }).waitFor();
  const reads = (await simulatorCalls()).filter((c) => c.path.startsWith('/api/v2/requests'));
  assert.deepEqual(reads, [], 'nothing asked of Zendesk that an anonymous visitor cannot do');
  assert.deepEqual(errors(page), []);
  await page.context().close();
});

test('a Help Center page view costs Zendesk nothing until the panel opens, idle-time loading included', async () => {
  const page = await openPage(browser);
  page.failed = [];
  page.on('response', (r) => r.status() === 404 && page.failed.push(r.url()));
  // The listener is in place before any of the page's scripts run, so the idle-time mount
  // (the loader prefetching the widget when the browser is idle) can't be missed.
  await page.addInitScript(() => {
    window.widgetMounted = new Promise((resolve) => {
      document.addEventListener('support-widget:ready', () => resolve(true), { once: true });
    });
  });
  await page.goto(`${simUrl()}/hc/signin?user_id=1001&return_to=/hc/en-us`);
  assert.equal(await page.evaluate(() => window.widgetMounted), true, 'mounted at idle time');
  await page.waitForLoadState('networkidle');
  const api = async () => (await simulatorCalls()).filter((c) => c.path.startsWith('/api/'));
  assert.deepEqual(await api(), [], 'mounted, not yet used: no Zendesk call');

  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  // Signed in through the session, so the form doesn't ask who the visitor is.
  await dialog.getByLabel('Subject').waitFor();
  await dialog.getByLabel('Your name').waitFor({ state: 'detached' });
  // The session lookup starts when the panel opens, alongside the form's first read (the
  // form starts over once the session names the visitor), so the log, which records calls
  // as they finish, may hold either first.
  const paths = (await api()).map((c) => c.path);
  assert.ok(paths.includes('/api/v2/help_center/sessions.json'), `the session lookup is made on opening: ${paths}`);
  assert.deepEqual(errors(page), []);
  await page.context().close();
});
