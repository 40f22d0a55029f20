// The JS API at run time: switching users with identify/logout and languages with setLocale,
// in place, without reloading the host page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage, pageUrl, screenshot } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('identify and logout switch users in place, keeping the panel open', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.evaluate(() => { window.notReloaded = true; });
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('Your name').waitFor();

  // Something typed anonymously stays with the anonymous identity.
  await dialog.getByLabel('Subject').fill('Typed while anonymous');
  await page.evaluate(() => SupportWidget('identify', { getAccessToken: () => 'ada-token' }));
  await dialog.getByLabel('Subject').waitFor();
  assert.equal(await dialog.getByLabel('Your name').count(), 0, 'signed in: no name field');
  assert.equal(await dialog.getByLabel('Subject').inputValue(), '', "the anonymous draft isn't shown to the user");
  await dialog.getByLabel('Subject').fill('Typed by Ada');
  await page.waitForTimeout(100);

  await page.evaluate(() => SupportWidget('logout'));
  await dialog.getByLabel('Your name').waitFor();
  assert.equal(await dialog.getByLabel('Subject').inputValue(), 'Typed while anonymous');
  const leftovers = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.includes(':user:')));
  assert.deepEqual(leftovers, [], "logout leaves nothing of the user's on the device");
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('setLocale changes the language and direction in place', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).waitFor();
  await page.evaluate(() => SupportWidget('setLocale', 'de'));
  await page.getByRole('tab', { name: 'Support kontaktieren' }).waitFor();
  await page.evaluate(() => SupportWidget('setLocale', 'ar'));
  await page.getByRole('tab', { name: 'اتصل بالدعم' }).waitFor();
  assert.equal(await page.locator('.sw-panel').getAttribute('dir'), 'rtl');
  await page.locator('select').first().waitFor();
  await screenshot(page, 'rtl-arabic');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('keyboard only: open, move between tabs, Escape returns focus to the launcher', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  await launcher.waitFor();
  // The widget loads at idle; until the panel is opened, no Zendesk call is made.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
  await page.waitForTimeout(300);
  assert.deepEqual(page.requests.filter((url) => url.includes('/api/v2/')), [], 'nothing asked of Zendesk before use');

  await launcher.focus();
  await page.keyboard.press('Enter');
  const contactTab = page.getByRole('tab', { name: 'Contact support' });
  await page.waitForFunction(() => {
    const host = document.querySelector('support-widget');
    return host.shadowRoot.activeElement && host.shadowRoot.activeElement.id === 'sw-tab-contact';
  });
  assert.equal(await contactTab.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  const ticketsTab = page.getByRole('tab', { name: 'My tickets' });
  assert.equal(await ticketsTab.getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.querySelector('support-widget').shadowRoot.activeElement.id), 'sw-tab-tickets');
  await page.keyboard.press('Home');
  assert.equal(await contactTab.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Support' }).waitFor({ state: 'hidden' });
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.activeElement?.classList.contains('sw-launcher'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
