// The element's life in a single-page app: mounted and unmounted with routes, moved while the
// wasm is loading, and nothing heavy fetched before the user reaches for the widget.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launch, openPage, pageUrl, resetSimulator, seeded, settled, simUrl, wasmFetchedOnce } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/**
 * Runs before any page script: keeps the set of timers (timeouts, intervals, idle callbacks)
 * that are scheduled and have neither run nor been cleared.
 */
function trackTimers() {
  const pending = new Map();
  window.pendingTimers = () => [...pending.values()].sort();
  const wrapSchedule = (name, key, once) => {
    const schedule = window[name];
    window[name] = function (callback, delay, ...rest) {
      const id = schedule.call(window, function (...args) {
        if (once) pending.delete(key + id);
        return typeof callback === 'function' ? callback.apply(this, args) : undefined;
      }, delay, ...rest);
      pending.set(key + id, `${name} ${typeof delay === 'object' ? JSON.stringify(delay) : delay}`);
      return id;
    };
  };
  const wrapCancel = (names, key) => {
    const cancel = window[names[0]];
    for (const name of names) {
      window[name] = function (id) {
        pending.delete(key + id);
        return cancel.call(window, id);
      };
    }
  };
  // Timeouts and intervals share one id space, and either clear function clears both.
  wrapSchedule('setTimeout', 'timer', true);
  wrapSchedule('setInterval', 'timer', false);
  wrapCancel(['clearTimeout', 'clearInterval'], 'timer');
  wrapSchedule('requestIdleCallback', 'idle', true);
  wrapCancel(['cancelIdleCallback'], 'idle');
}

/** Event listeners on window, document and visualViewport, as `target type` lines, sorted. */
async function globalListeners(cdp) {
  const lines = [];
  for (const target of ['window', 'document', 'window.visualViewport']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    if (!result.objectId) continue;
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    for (const listener of listeners) lines.push(`${target} ${listener.type}${listener.useCapture ? ' (capture)' : ''}`);
  }
  return lines.sort();
}

const simRequests = (page) => page.requests.filter((url) => url.startsWith(simUrl()));
const shadowCount = (page, selector) =>
  page.evaluate((selector) => [...document.querySelectorAll('support-widget')]
    .reduce((n, element) => n + element.shadowRoot.querySelectorAll(selector).length, 0), selector);

test('an SPA mounts and unmounts the element five times: no duplicates, leaks or late requests', async () => {
  const page = await openPage(browser, { viewport: { width: 1000, height: 900 } });
  await page.addInitScript(trackTimers);
  await page.goto(pageUrl('/pages/spa.html'));
  const cdp = await page.context().newCDPSession(page);
  const listenersBefore = await globalListeners(cdp);
  const timersBefore = await page.evaluate(() => pendingTimers());

  for (let round = 1; round <= 5; round++) {
    await page.evaluate((token) => spa.mount({ getAccessToken: () => token }), seeded.ADA_TOKEN);
    await page.getByRole('button', { name: 'Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await dialog.waitFor();
    // Work that starts timers and calls: a suggestion search, the list, a conversation that
    // polls while it is visible.
    await dialog.getByLabel('Subject').fill('password reset');
    await dialog.locator('.sw-suggestions').waitFor();
    await dialog.getByRole('tab', { name: 'My tickets' }).click();
    await dialog.getByRole('tab', { name: 'All' }).click();
    await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
    await dialog.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
    assert.equal(await page.locator('support-widget').count(), 1, `round ${round}: one element`);
    assert.equal(await shadowCount(page, '.sw-launcher'), 1, `round ${round}: one launcher`);
    assert.equal(await shadowCount(page, '.sw-panel'), 1, `round ${round}: one panel`);
    // The instruments do see the widget's own: the conversation's poll timer and its
    // visibility listener, while it is mounted.
    assert.ok((await page.evaluate(() => pendingTimers())).includes('setTimeout 30000'), 'the poll timer is seen');
    assert.ok((await globalListeners(cdp)).includes('window visibilitychange'), 'the visibility listener is seen');
    await page.evaluate(() => spa.unmount());
  }

  const requestsAtUnmount = simRequests(page).length;
  // Unmounted: the widget's timers are gone (so no poll can fire any more). Polled with
  // evaluate, frame by frame: waitForFunction would leave Playwright's own listeners on window.
  while (JSON.stringify(await page.evaluate(() => pendingTimers())) !== JSON.stringify(timersBefore)) {
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  assert.deepEqual(simRequests(page).slice(requestsAtUnmount), [], 'no requests after unmount');
  assert.deepEqual(await page.evaluate(() => pendingTimers()), timersBefore, 'no timers left behind');
  assert.deepEqual(await globalListeners(cdp), listenersBefore, 'no listeners left on window or document');
  assert.equal(wasmFetchedOnce(page).length, 2, 'the main module and the My tickets chunk, once each over five mounts');

  // And the route can come back once more.
  await page.evaluate(() => spa.mount());
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('moved while the wasm is loading, the element mounts once; removed, it mounts nothing', async () => {
  const page = await openPage(browser);
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
  let wasmRequested;
  const wasmAsked = new Promise((resolve) => (wasmRequested = resolve));
  await page.route('**/*.wasm', async (route) => {
    wasmRequested();
    await wasmHeld;
    await route.continue();
  });
  await page.goto(pageUrl('/pages/spa.html'));
  await page.evaluate(() => { window.moved = spa.mount(); window.removed = spa.mount(); });
  // Both launchers sit in the same corner: focus reaches the one underneath as well.
  await page.locator('.sw-launcher').first().focus();
  await wasmAsked;

  // While the wasm is on its way: one element is taken out and put back (a framework moving
  // it), the other is taken out for good.
  await page.evaluate(() => {
    moved.remove();
    removed.remove();
    document.getElementById('app').append(moved);
  });
  await page.locator('.sw-launcher').focus();
  releaseWasm();

  await page.waitForFunction(() => moved.shadowRoot.querySelector('.sw-root'));
  // Counted once the widget is in use, long after any second mount would have happened.
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
  assert.equal(await page.evaluate(() => moved.shadowRoot.querySelectorAll('.sw-root').length), 1, 'mounted once');
  assert.equal(await page.evaluate(() => removed.shadowRoot.childElementCount), 0, 'the removed element mounted nothing');
  assert.equal(await page.getByRole('dialog').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('no wasm before the first interaction, even when the browser is never idle; then exactly one', async () => {
  for (const reach of ['hover', 'focus']) {
    const page = await openPage(browser);
    // A busy page: the idle callback never comes.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 1;
      window.cancelIdleCallback = () => {};
    });
    await page.goto(pageUrl('/pages/basic.html'));
    const launcher = page.getByRole('button', { name: 'Support' });
    await launcher.waitFor();
    await page.waitForLoadState('load');
    await settled(page);
    const widgetFiles = () => page.requests.filter((url) => /support-widget-core\.\w+\.(js|wasm)$/.test(url));
    assert.deepEqual(widgetFiles(), [], `${reach}: nothing but the loader before the user reaches for it`);

    await launcher[reach]();
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
    await launcher.click();
    await page.getByRole('dialog', { name: 'Support' }).waitFor();
    assert.equal(widgetFiles().filter((url) => url.endsWith('.wasm')).length, 1, `${reach}: one wasm`);
    assert.equal(widgetFiles().filter((url) => url.endsWith('.js')).length, 1, `${reach}: one glue`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
