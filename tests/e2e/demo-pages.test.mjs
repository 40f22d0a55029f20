// The demo's other two pages: a Help Center article page with the widget inline under the
// article (`mode="inline" view="tickets"`, embedded as a theme template would), and a
// single-page app whose router mounts <support-widget> on its support route and removes it on
// the others.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launch, openNotingNotFound, pageErrorsBesidesFavicon, pageUrl, resetSimulator, screenshot } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const errors = pageErrorsBesidesFavicon;
const open = (options) => openNotingNotFound(browser, options);

/** Signs in through the page's own button as Ada, back on the same page. */
async function signInAsAda(page) {
  const here = page.url();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^Sign in as Ada Lovelace/ }).click();
  await page.waitForURL(here);
  await page.getByText('Signed in as Ada Lovelace').waitFor();
}

test('the Help Center article page shows the requests inline, anonymous and signed in', async () => {
  const page = await open({ viewport: { width: 1200, height: 1000 } });
  await page.goto(pageUrl('/help-center.html'));
  await page.getByRole('heading', { name: 'Tracking your order' }).waitFor();
  const widget = page.locator('support-widget');
  assert.equal(await widget.getAttribute('mode'), 'inline');
  assert.equal(await widget.getAttribute('view'), 'tickets');
  const region = widget.getByRole('region', { name: 'Support' });
  await region.waitFor();
  await region.getByRole('tab', { name: 'My tickets', selected: true }).waitFor();
  await region.getByText('These are the requests you sent from this device.', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Support' }).count(), 0, 'inline: no launcher');
  await screenshot(page, 'demo-help-center-anonymous');

  await signInAsAda(page);
  const signedIn = page.locator('support-widget').getByRole('region', { name: 'Support' });
  await signedIn.getByRole('tab', { name: 'All' }).click();
  await signedIn.locator('.sw-row[data-id="101"]').waitFor();
  await page.locator('.hc-support').scrollIntoViewIfNeeded();
  await screenshot(page, 'demo-help-center-signed-in');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const anonymous = page.locator('support-widget').getByRole('region', { name: 'Support' });
  await anonymous.getByText('These are the requests you sent from this device.', { exact: false }).waitFor();
  assert.equal(await anonymous.locator('.sw-row[data-id="101"]').count(), 0);
  assert.deepEqual(errors(page), []);
  await page.context().close();
});

test('the single-page app mounts the widget on its support route and removes it elsewhere', async () => {
  const page = await open({ viewport: { width: 1100, height: 860 } });
  await page.goto(pageUrl('/spa.html'));
  await page.getByRole('heading', { name: 'Welcome to Acme' }).waitFor();
  assert.equal(await page.locator('support-widget').count(), 0);

  const nav = page.getByRole('navigation', { name: 'App' });
  await nav.getByRole('link', { name: 'Support' }).click();
  const region = page.locator('support-widget').getByRole('region', { name: 'Support' });
  await region.getByLabel('Subject').fill('Where is order A-1042?');
  await screenshot(page, 'demo-spa-support');

  await nav.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('heading', { name: 'Orders' }).waitFor();
  assert.equal(await page.locator('support-widget').count(), 0, 'unmounted with its route');

  // Back again: a new element, with what the visitor typed restored from the draft.
  await page.goBack();
  const again = page.locator('support-widget').getByRole('region', { name: 'Support' });
  await again.getByLabel('Subject').waitFor();
  assert.equal(await again.getByLabel('Subject').inputValue(), 'Where is order A-1042?');

  // Signed in, the support route shows the user's requests.
  await signInAsAda(page);
  assert.equal(new URL(page.url()).hash, '#/support', 'back on the same route');
  const mine = page.locator('support-widget').getByRole('region', { name: 'Support' });
  await mine.getByRole('tab', { name: 'All' }).click();
  await mine.locator('.sw-row[data-id="101"]').waitFor();
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Welcome back, Ada Lovelace' }).waitFor();
  assert.equal(await page.locator('support-widget').count(), 0);
  assert.deepEqual(errors(page), []);
  await page.context().close();
});
