// What the widget keeps on the device, end to end through the loader: `forget` removes every
// key the widget wrote on this origin (anonymous receipts and drafts, a signed-in user's saved
// reads, last-seen marks and owner) and leaves the host's own keys alone; it works before the
// widget has loaded, and a loaded panel starts over without writing anything back.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { fillContactForm, launch, openPage, pageUrl, resetSimulator, seeded } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const widgetKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('support-widget:')));

/** Resolves on the next `support-widget:ready` (a mount or re-mount finished). */
const nextReady = (page) => page.evaluate(() => new Promise((resolve) => {
  document.addEventListener('support-widget:ready', () => resolve(), { once: true });
}));

test('forget leaves no key of the widget behind, and the host\'s keys in place', async () => {
  const page = await openPage(browser, { viewport: { width: 900, height: 900 } });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.evaluate(() => localStorage.setItem('host-app:cart', '3 items'));
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });

  // Anonymous: a request sent (a receipt), then a new draft typed.
  await fillContactForm(dialog, { subject: 'The lathe grinds' });
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();
  // Signed in: the list and a conversation (saved reads, last-seen marks, the owner), and a
  // reply draft.
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  await dialog.locator('.sw-row[data-id="105"] button').click();
  await dialog.getByRole('textbox', { name: 'Reply' }).fill('Half a thought');
  const kinds = await widgetKeys(page);
  for (const kind of [':anonymous:receipts', ':user:owner', ':user:read:', ':user:seen:']) {
    assert.ok(kinds.some((k) => k.includes(kind)), `${kind} was stored: ${kinds.join(', ')}`);
  }

  const ready = nextReady(page);
  await page.evaluate(() => SupportWidget('forget'));
  await ready;
  assert.deepEqual(await widgetKeys(page), [], 'nothing of the widget left');
  assert.equal(await page.evaluate(() => localStorage.getItem('host-app:cart')), '3 items', 'the host\'s own key stays');
  // Mounted again, anonymous: it asks who the visitor is and lists no receipt.
  await page.evaluate(() => SupportWidget('open', 'contact'));
  await dialog.getByLabel('Your name').waitFor();
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByText('These are the requests you sent from this device.', { exact: false }).waitFor();
  assert.equal(await dialog.locator('.sw-receipt').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('forget works before init and before the widget has loaded', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.evaluate(() => {
    localStorage.setItem('support-widget:v1:https://acme.zendesk.com:anonymous:receipts', '[]');
    localStorage.setItem('support-widget:v2:from-a-newer-version', 'x');
    SupportWidget('destroy');
  });
  assert.equal(await page.evaluate(() => SupportWidget('forget')), undefined);
  assert.deepEqual(await widgetKeys(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
