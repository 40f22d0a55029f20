// The demo shop page as a newcomer uses it: "Sign in" goes through the simulator's authorize
// page (authorization code + PKCE), the demo's backend (xtask/src/demo_backend.rs) exchanges
// the code server to server, since the simulator's token endpoint doesn't answer pages (as
// Zendesk's CORS guide promises nothing for it), and the widget's getAccessToken gets fresh
// access tokens from that backend. The user sees their requests, opens one and signs out.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launch, openNotingNotFound, openPage, pageErrorsBesidesFavicon, pageUrl, resetSimulator, screenshot, simUrl, simulatorCalls } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const errors = pageErrorsBesidesFavicon;
const open = (options) => openNotingNotFound(browser, options);

async function settings(changes) {
  const response = await fetch(`${simUrl()}/__sim/settings`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(changes),
  });
  assert.equal(response.status, 200, 'PATCH /__sim/settings');
}

const tokenCalls = async () => (await simulatorCalls()).filter((c) => c.path === '/oauth/tokens');

test('sign in with the page button, see the requests, open one, sign out', async () => {
  // Tokens that live less than the backend's refresh margin: every hand-out refreshes first,
  // so the refresh grant runs in this test too.
  await settings({ access_token_ttl_secs: 30 });
  const page = await open({ viewport: { width: 1100, height: 860 } });
  await page.goto(pageUrl('/'));
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await signIn.waitFor();
  await page.getByRole('button', { name: 'Support' }).waitFor();

  // The page itself can't exchange a code: the token endpoint answers without CORS (tried on
  // a page of its own, whose console then reports the blocked call).
  const probe = await openPage(browser);
  await probe.goto(pageUrl('/'));
  const fromPage = await probe.evaluate(async (sim) => {
    try {
      await fetch(`${sim}/oauth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', client_id: 'support-widget-demo' }),
      });
      return 'answered';
    } catch (error) {
      return error.name;
    }
  }, simUrl());
  assert.equal(fromPage, 'TypeError', 'a cross-origin call to /oauth/tokens is blocked');
  await probe.context().close();
  const [preflight] = await tokenCalls();
  assert.equal(preflight.method, 'OPTIONS', 'the browser asked first, and was refused');

  await signIn.click();
  await page.waitForURL(`${simUrl()}/oauth/authorizations/new?**`);
  const authorize = new URL(page.url());
  assert.equal(authorize.searchParams.get('response_type'), 'code');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('code_challenge').length, 43);
  assert.equal(authorize.searchParams.get('redirect_uri'), pageUrl('/auth/callback'));
  await screenshot(page, 'demo-authorize');
  await page.getByRole('button', { name: /^Sign in as Ada Lovelace/ }).click();

  await page.waitForURL(pageUrl('/'));
  await page.getByText('Signed in as Ada Lovelace').waitFor();
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator('.sw-row[data-id="101"]').waitFor();
  await screenshot(page, 'demo-signed-in-tickets');
  await dialog.locator('.sw-row[data-id="101"] button').click();
  await dialog.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
  await screenshot(page, 'demo-signed-in-conversation');

  // The code and the refresh token went from the backend, never from the browser.
  const exchanges = (await tokenCalls()).filter((c) => c.method === 'POST');
  const grants = exchanges.map((c) => JSON.parse(c.body).grant_type);
  assert.equal(grants[0], 'authorization_code');
  assert.equal(grants.filter((g) => g === 'authorization_code').length, 1, 'one exchange');
  assert.ok(grants.includes('refresh_token'), 'the short-lived token was refreshed by the backend');
  for (const call of exchanges) {
    assert.equal(call.status, 200, `${JSON.parse(call.body).grant_type}`);
    assert.equal(call.origin, null, 'server to server: no Origin header');
  }
  const reads = (await simulatorCalls()).filter((c) => c.path.startsWith('/api/v2/requests') && c.method !== 'OPTIONS');
  assert.ok(reads.length > 0);
  for (const call of reads) {
    assert.equal(call.authorization, 'bearer', `${call.method} ${call.path}`);
    assert.equal(call.origin, new URL(pageUrl('/')).origin, 'the widget calls Zendesk from the page');
  }

  // Sign out: the backend forgets the tokens, the widget goes on anonymously.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  // `logout` mounts the panel again, anonymous, and keeps it open.
  await dialog.getByRole('tab', { name: 'Contact support' }).click();
  await dialog.getByLabel('Your name').waitFor();
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByText('These are the requests you sent from this device.', { exact: false }).waitFor();
  assert.equal(await dialog.locator('.sw-row[data-id="101"]').count(), 0, 'Ada\'s requests are gone');
  // With the context's cookies, as the page would ask (page.request: no console noise).
  const after = await page.request.post(pageUrl('/auth/token'));
  assert.equal(after.status(), 401, 'the backend hands out no token after sign-out');
  assert.deepEqual(errors(page), []);
  await page.context().close();
});

test('declining on the authorize page comes back signed out, with a message', async () => {
  const page = await open();
  await page.goto(pageUrl('/'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL(pageUrl('/?signin_error=access_denied'));
  await page.getByRole('alert').filter({ hasText: 'You declined the sign-in.' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await tokenCalls(), [], 'nothing to exchange');
  assert.deepEqual(errors(page), []);
  await page.context().close();
});

test('an OAuth client from before token expiry: expires_in is null, the backend keeps its one token', async () => {
  await settings({ legacy_oauth_client: true });
  const page = await open({ viewport: { width: 1100, height: 860 } });
  await page.goto(pageUrl('/'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^Sign in as Bulk Buyer/ }).click();
  await page.getByText('Signed in as Bulk Buyer').waitFor();
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.locator('.sw-row').first().waitFor();
  // Asked again: the same token, with no refresh (there is nothing to refresh it with).
  const again = await page.request.post(pageUrl('/auth/token'));
  assert.equal(again.status(), 200);
  const posts = (await tokenCalls()).filter((c) => c.method === 'POST');
  assert.deepEqual(posts.map((c) => JSON.parse(c.body).grant_type), ['authorization_code']);
  assert.deepEqual(errors(page), []);
  await page.context().close();
});
