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

test('a closed panel drawn ahead at idle time is out of sight, of the focus order and of the page\'s clicks', async () => {
  const page = await openPage(browser);
  await page.addInitScript(() => {
    window.widgetReady = new Promise((resolve) => addEventListener('support-widget:ready', resolve, { once: true }));
  });
  await page.goto(pageUrl('/pages/basic.html'));
  // A control of the host's where the closed panel's box lies (the panel keeps its layout).
  await page.evaluate(() => {
    const button = Object.assign(document.createElement('button'), { textContent: 'Host action' });
    button.style.cssText = 'position: fixed; right: 40px; bottom: 200px; width: 200px; height: 60px';
    button.addEventListener('click', () => { window.hostClicks = (window.hostClicks || 0) + 1; });
    document.body.append(button);
  });
  await page.evaluate(() => window.widgetReady);
  const panel = page.locator('support-widget .sw-panel');
  assert.equal(await panel.getAttribute('hidden'), '', 'drawn, closed');
  assert.equal(await panel.isVisible(), false);
  assert.equal(await page.getByRole('dialog').count(), 0, 'not in the accessibility tree');

  await page.getByRole('button', { name: 'Host action' }).click();
  assert.equal(await page.evaluate(() => window.hostClicks), 1, 'the click reached the host page');
  const hit = await page.evaluate(() => document.elementFromPoint(innerWidth - 140, innerHeight - 230)?.textContent);
  assert.equal(hit, 'Host action');

  // Tab from the host's control reaches the launcher and leaves the closed panel alone.
  const focused = [];
  for (let step = 0; step < 4; step++) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => {
      const inner = document.activeElement?.shadowRoot?.activeElement;
      return inner ? `widget:${inner.className}` : document.activeElement?.textContent || document.activeElement?.tagName;
    }));
  }
  assert.ok(focused.every((f) => !f.startsWith('widget:') || f.includes('sw-launcher')), `focus stayed out of the panel: ${focused}`);
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
