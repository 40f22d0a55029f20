// On the Help Center's own pages: the simulator's Help Center home page embeds the widget the
// way a theme would (queue, `init` with the page's own origin, the loader from another origin
// as from a CDN). A visitor signed in to the Help Center is served through the session cookie
// and its CSRF token, with no token from the host; a visitor who isn't is anonymous.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launch, openPage, resetSimulator, screenshot, simUrl, simulatorCalls } from './support.mjs';

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
  await dialog.locator('.sw-row[data-id="105"] button').click();
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
