// The widget shell end to end: the built dist/ on one origin, the simulator on another.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage, pageUrl, screenshot, wasmFetchedOnce } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('the script tag draws a launcher that opens and closes the panel', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  await launcher.waitFor();
  await screenshot(page, 'shell-closed');

  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  await page.getByRole('tab', { name: 'My tickets' }).click();
  assert.equal(await page.getByRole('tab', { name: 'My tickets' }).getAttribute('aria-selected'), 'true');
  await screenshot(page, 'shell-open');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  assert.ok(wasmFetchedOnce(page).some((f) => /support-widget-tickets\./.test(f)), 'My tickets came as its chunk');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('commands queued before the loader arrives are replayed in order', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/queued.html'));
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  assert.equal(await page.getByRole('tab', { name: 'My tickets' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), ['open']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
