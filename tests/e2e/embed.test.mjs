// The JS API at run time: switching users with identify/logout and languages with setLocale,
// in place, without reloading the host page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launch, openPage, pageUrl, screenshot, seeded, settled, simUrl, simulatorCalls,
} from './support.mjs';

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
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await dialog.getByLabel('Subject').waitFor();
  assert.equal(await dialog.getByLabel('Your name').count(), 0, 'signed in: no name field');
  assert.equal(await dialog.getByLabel('Subject').inputValue(), '', "the anonymous draft isn't shown to the user");
  await dialog.getByLabel('Subject').fill('Typed by Ada');
  // Ada's draft is on the device before she logs out.
  await page.waitForFunction(() => Object.keys(localStorage).some((key) =>
    key.includes(':user:') && localStorage.getItem(key).includes('Typed by Ada')));

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
  await settled(page);
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

test('keyboard only: open, fill, send, then Escape returns focus to the launcher', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  await launcher.waitFor();
  await page.keyboard.press('Tab'); // the launcher is the page's only focusable control
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Support' }).waitFor();
  await page.getByRole('dialog').getByLabel('What is it about?').waitFor();
  /** Presses Tab until the focused control in the widget matches, as a keyboard user would. */
  const tabTo = async (what, matches) => {
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(matches)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  const focusedId = (id) => new Function(
    `return document.querySelector('support-widget').shadowRoot.activeElement?.id === '${id}'`);
  for (const [id, text] of [['sw-basic-0', 'Kay Board'], ['sw-basic-1', 'kay@example.com'],
    ['sw-basic-2', 'Sent without a mouse'], ['sw-basic-3', 'Only the keyboard was used.']]) {
    await tabTo(id, focusedId(id));
    await page.keyboard.type(text);
  }
  await tabTo('"What is it about?"', focusedId('sw-field-21'));
  await page.keyboard.type('Technical');
  await tabTo('Send', () => document.querySelector('support-widget').shadowRoot.activeElement?.type === 'submit');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByText(/Request #\d+ sent/).waitFor();
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.activeElement?.classList.contains('sw-success'));
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Support' }).waitFor({ state: 'hidden' });
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.activeElement?.classList.contains('sw-launcher'));
  const created = (await simulatorCalls()).filter((c) => c.method === 'POST'
    && c.path.startsWith('/api/v2/requests') && c.body.includes('Sent without a mouse'));
  assert.equal(created.length, 1, 'one request, filed from the keyboard');
  assert.equal(JSON.parse(created[0].body).request.custom_fields[0].value, 'technical');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the script tag configures the widget from its data attributes', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/data-attributes.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  const box = await launcher.boundingBox();
  assert.ok(box.x < 100, `data-position="bottom-left" puts the launcher on the left (x = ${box.x})`);
  assert.equal(await page.locator('support-widget').getAttribute('data-theme'), 'dark');
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('tab', { name: 'Meine Anfragen' }).getAttribute('aria-selected'), 'true',
    'data-locale="de" and data-view="tickets"');
  await screenshot(page, 'data-attributes-de-dark');
  // Options that aren't text in JavaScript work as attribute text too.
  await dialog.getByRole('tab', { name: 'Support kontaktieren' }).click();
  await dialog.locator('#sw-form-picker option[value="12"]').waitFor({ state: 'attached' });
  const forms = await dialog.locator('#sw-form-picker option').evaluateAll(
    (options) => options.map((o) => o.value).filter(Boolean));
  assert.deepEqual(forms, ['12', '11'], 'data-ticket-form-ids="12, 11", in that order');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('commands queued before a loader in <head> wait for <body>, then run in order', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/queued-head.html'));
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  assert.equal(await page.getByRole('tab', { name: 'My tickets' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), ['open']);
  assert.equal(await page.locator('support-widget').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('off removes one registration: the same function on two events, and on twice', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate(() => {
    window.heard = [];
    window.both = (detail, event) => heard.push(`both ${event.type}`);
    window.other = (detail, event) => heard.push(`other ${event.type}`);
    SupportWidget('on', 'open', both);
    SupportWidget('on', 'close', both);
    SupportWidget('on', 'open', both); // a second `on` of the same pair adds nothing
    SupportWidget('on', 'open', other);
    SupportWidget('off', 'open', both); // only `both` on open goes
  });
  await page.evaluate(() => SupportWidget('open'));
  await page.getByRole('dialog', { name: 'Support' }).waitFor();
  await page.evaluate(() => SupportWidget('close'));
  await page.getByRole('dialog', { name: 'Support' }).waitFor({ state: 'hidden' });
  assert.deepEqual(await page.evaluate(() => heard), ['other support-widget:open', 'both support-widget:close']);

  await page.evaluate(() => {
    SupportWidget('off', 'close', both);
    SupportWidget('off', 'open', other);
    SupportWidget('off', 'open', other); // nothing left to remove: no error
  });
  await page.evaluate(() => SupportWidget('toggle'));
  await page.getByRole('dialog', { name: 'Support' }).waitFor();
  await page.evaluate(() => SupportWidget('toggle'));
  await page.getByRole('dialog', { name: 'Support' }).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => heard.length), 2, 'nothing heard after off');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('attributes are reactive: theme, view, mode and position redraw the element', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate((sim) => {
    const element = document.createElement('support-widget');
    element.id = 'spa';
    for (const [name, value] of [['base-url', sim], ['mode', 'inline'], ['locale', 'en']]) {
      element.setAttribute(name, value);
    }
    window.readies = 0;
    element.addEventListener('support-widget:ready', () => window.readies++);
    document.body.append(element);
  }, simUrl());
  const element = page.locator('#spa');
  await element.getByRole('region', { name: 'Support' }).waitFor();
  assert.equal(await page.evaluate(() => window.readies), 1, 'support-widget:ready once mounted');
  await element.evaluate((e) => e.setAttribute('theme', 'dark'));
  assert.equal(await element.getAttribute('data-theme'), 'dark');
  await page.waitForFunction(() => window.readies === 2);
  await element.evaluate((e) => e.setAttribute('view', 'tickets'));
  await element.getByRole('tab', { name: 'My tickets', selected: true }).waitFor();
  await element.evaluate((e) => e.setAttribute('mode', 'launcher'));
  const launcher = element.getByRole('button', { name: 'Support' });
  await launcher.waitFor();
  assert.equal(await element.getByRole('region').count(), 0, 'no longer inline');
  await element.evaluate((e) => e.setAttribute('position', 'bottom-left'));
  assert.ok((await launcher.boundingBox()).x < 100, 'moved to the left corner');
  assert.equal(await page.locator('#spa').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
