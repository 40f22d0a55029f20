// The split build carries English only; each other language is a file of its own beside the
// wasm (dist/size-report.json lists them), fetched at the tap while the wasm downloads, once
// per page. The panel is drawn in the visitor's language from its first frame; when the file
// can't be had, the widget works in English and says why in the console.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, test } from 'node:test';
import { launch, openPage, pageUrl, resetSimulator, screenshot } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const languageFiles = () => JSON.parse(readFileSync('dist/size-report.json', 'utf8'))
  .artifacts.filter((a) => a.fetched === 'in_one_language').map((a) => a.file);
const isLanguageFile = (url) => /\/support-widget-[\w-]+\.\w+\.txt$/.test(new URL(url).pathname);
const languageReads = (page) => page.requests.filter(isLanguageFile).map((url) => new URL(url).pathname.slice(1));

/** Notes the panel's first drawn tab label, so a first frame in English would show. */
const noteFirstFrame = (page) => page.addInitScript(() => {
  const look = () => {
    const tab = document.querySelector('support-widget')?.shadowRoot?.querySelector('[role=tab]');
    if (tab?.textContent) window.firstTab = tab.textContent.trim();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
});

test('every language but English ships as its own file, named by its contents', () => {
  const files = languageFiles();
  assert.deepEqual(files.map((f) => f.split('.')[0]).sort(),
    ['ar', 'de', 'es', 'fr', 'he', 'ja', 'pt-BR'].map((tag) => `support-widget-${tag}`).sort());
  for (const file of files) assert.match(file, /^support-widget-[\w-]+\.[0-9a-f]{10}\.txt$/);
});

test('a French visitor: the file is read at the tap, once, and the panel is French from its first frame', async () => {
  const page = await openPage(browser, { locale: 'fr-FR' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 200_000, uploadThroughput: 200_000,
  });
  await noteFirstFrame(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.locator('support-widget .sw-launcher').click();
  const dialog = page.getByRole('dialog', { name: 'Assistance' });
  await dialog.getByRole('button', { name: 'Envoyer' }).waitFor();
  assert.equal(await page.evaluate(() => window.firstTab), 'Contacter l’assistance');
  assert.deepEqual(languageReads(page), languageFiles().filter((f) => f.startsWith('support-widget-fr.')));
  const { file, wasmEnd } = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    return {
      file: entries.find((e) => /support-widget-fr\.\w+\.txt$/.test(e.name))?.startTime,
      wasmEnd: entries.find((e) => /support-widget-core\.\w+\.wasm$/.test(e.name))?.responseEnd,
    };
  });
  assert.ok(file < wasmEnd, `the file started before the wasm had arrived (${file} < ${wasmEnd})`);
  // Another language at run time is its own file; coming back reads nothing again.
  await page.evaluate(() => SupportWidget('setLocale', 'ja'));
  await page.getByRole('button', { name: '送信' }).waitFor();
  await page.evaluate(() => SupportWidget('setLocale', 'fr'));
  await dialog.getByRole('button', { name: 'Envoyer' }).waitFor();
  assert.equal(languageReads(page).length, 2, 'fr once, ja once');
  await screenshot(page, 'language-file-french');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an English visitor reads no language file', async () => {
  const page = await openPage(browser, { locale: 'en-GB' });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByRole('button', { name: 'Send' }).waitFor();
  assert.deepEqual(languageReads(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [fault, answer, said] of [
  ['a 404', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }), 'could not be loaded'],
  ['a network error', (route) => route.abort('failed'), 'could not be loaded'],
  ["another release's file", (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'de\u001e\u001eHilfe\u001e' }),
    "is unusable: the language file doesn't match this build"],
  ["another language's file", async (route) => {
    const french = languageFiles().find((f) => f.startsWith('support-widget-fr.'));
    route.fulfill({ status: 200, contentType: 'text/plain', body: readFileSync(`dist/${french}`, 'utf8') });
  }, "is unusable: the language file is another language's"],
]) {
  test(`the language file meets ${fault}: the widget works in English and says why`, async () => {
    const page = await openPage(browser, { locale: 'de-DE' });
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.route('**/support-widget-de.*.txt', answer);
    await page.goto(pageUrl('/pages/basic.html'));
    await page.locator('support-widget .sw-launcher').click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await dialog.getByLabel('Your name').fill('Grete Besucher');
    await dialog.getByRole('button', { name: 'Send' }).waitFor();
    assert.ok(warnings.some((w) => w.startsWith(`support-widget: the \`de\` language file ${said}`) && w.endsWith('; showing English')),
      warnings.join('\n'));
    assert.equal(await dialog.getByLabel('Your name').inputValue(), 'Grete Besucher');
    assert.deepEqual(page.errors.filter((e) => !/404|ERR_FAILED|Failed to load resource/.test(e)), []);
    await page.context().close();
  });
}

test('a language file that never comes: after 10 s the panel is drawn in English', async () => {
  const page = await openPage(browser, { locale: 'fr-FR' });
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.route('**/support-widget-fr.*.txt', () => {}); // held: no answer, no error
  // No loading ahead at idle time: the file is asked for at the tap, where the wait starts.
  await page.addInitScript(() => { window.requestIdleCallback = () => 1; });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.locator('support-widget .sw-launcher').click();
  const started = Date.now();
  await page.getByRole('dialog', { name: 'Support' }).getByRole('button', { name: 'Send' }).waitFor({ timeout: 20_000 });
  const waited = Date.now() - started;
  assert.ok(waited >= 9_000 && waited < 15_000, `drawn after ${waited} ms`);
  assert.ok(warnings.some((w) => /the `fr` language file could not be loaded; showing English/.test(w)), warnings.join('\n'));
  await page.context().close();
});

test('removed while its language file is on its way: nothing is drawn afterwards, nothing fails', async () => {
  const page = await openPage(browser, { locale: 'ja-JP' });
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/support-widget-ja.*.txt', async (route) => { await held; await route.continue(); });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.locator('support-widget .sw-launcher').click();
  // Mounted (its container is there), the panel not drawn: it waits for the file.
  const container = await page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot?.querySelector('.sw-root'));
  assert.equal(await container.evaluate((root) => root.childElementCount), 0, 'nothing drawn before the texts');
  await page.evaluate(() => SupportWidget('destroy'));
  release();
  await page.waitForResponse((r) => /support-widget-ja\.\w+\.txt$/.test(r.url()));
  await page.waitForTimeout(300);
  assert.equal(await container.evaluate((root) => root.childElementCount), 0, 'the removed widget drew nothing');
  assert.deepEqual(warnings.filter((w) => w.startsWith('support-widget')), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('mounted again while its language file is on its way: the host hears `open` once, and no `close` before it', async () => {
  const page = await openPage(browser, { locale: 'ja-JP' });
  await page.addInitScript(() => {
    window.announced = [];
    for (const name of ['open', 'close']) document.addEventListener(`support-widget:${name}`, () => window.announced.push(name));
  });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/support-widget-ja.*.txt', async (route) => { await held; await route.continue(); });
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.locator('support-widget .sw-launcher');
  await launcher.click();
  await page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot?.querySelector('.sw-root'));
  // Tapped open, not drawn yet; the host changes a setting, which mounts the widget again.
  await page.evaluate(() => SupportWidget('prefill', { subject: 'Order 1234' }));
  release();
  await page.getByRole('tab', { name: 'サポートに問い合わせる' }).waitFor();
  await page.waitForFunction(() => window.announced.length > 0);
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => window.announced), ['open']);
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a visitor in another language: the panel opens as an English one does (event, aria-expanded, focus)', async () => {
  const page = await openPage(browser, { locale: 'de-DE' });
  await page.addInitScript(() => {
    window.opened = 0;
    document.addEventListener('support-widget:open', () => window.opened++);
  });
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.locator('support-widget .sw-launcher');
  await launcher.click();
  const tab = page.getByRole('tab', { name: 'Support kontaktieren' });
  await tab.waitFor();
  await page.waitForFunction(() => window.opened === 1);
  await page.waitForFunction(() => document.querySelector('support-widget').shadowRoot.activeElement?.getAttribute('role') === 'tab');
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  // Another language not yet read: the panel is drawn again, open, and says so once more.
  await page.evaluate(() => SupportWidget('setLocale', 'ja'));
  await page.getByRole('tab', { name: 'サポートに問い合わせる' }).waitFor();
  await page.waitForFunction(() => window.opened === 2);
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.opened), 2, 'one open per drawing, no more');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Counts `support-widget:ready` and `:open`, from the page's first script on. */
const countEvents = (page) => page.addInitScript(() => {
  window.readies = 0;
  window.opened = 0;
  document.addEventListener('support-widget:ready', () => window.readies++);
  document.addEventListener('support-widget:open', () => window.opened++);
});

for (const [outcome, secondAnswer, tabName, send] of [
  ['comes', (route) => route.continue(), 'Support kontaktieren', 'Senden'],
  ['fails again', (route) => route.abort('failed'), 'Contact support', 'Send'],
  ["doesn't come: English after 2 s", () => {}, 'Contact support', 'Send'],
]) {
  test(`a language file that fails while the widget loads ahead is fetched again at the first open, and ${outcome}`, async () => {
    const page = await openPage(browser, { locale: 'de-DE' });
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    let answered = 0;
    await page.route('**/support-widget-de.*.txt', (route) => (answered++ === 0 ? route.abort('failed') : secondAnswer(route)));
    await countEvents(page);
    await page.goto(pageUrl('/pages/basic.html'));
    // Loaded ahead at idle time: drawn, closed, in English.
    await page.waitForFunction(() => window.readies === 1);
    assert.equal(answered, 1);
    assert.ok(warnings.some((w) => /the `de` language file could not be loaded; showing English/.test(w)), warnings.join('\n'));
    const launcher = page.locator('support-widget .sw-launcher');
    await launcher.click();
    const tapped = Date.now();
    const tab = page.getByRole('tab', { name: tabName });
    await tab.waitFor();
    const waited = Date.now() - tapped;
    if (outcome.startsWith("doesn't")) assert.ok(waited >= 1_800 && waited < 5_000, `drawn after ${waited} ms`);
    await page.getByRole('button', { name: send }).waitFor();
    assert.equal(answered, 2, 'fetched once more, at the open');
    await page.waitForFunction(() => window.opened === 1);
    await page.waitForFunction(() => document.querySelector('support-widget').shadowRoot.activeElement?.getAttribute('role') === 'tab');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => window.readies), 1, 'ready once: commands acted all along');
    if (outcome === 'comes') await screenshot(page, 'language-file-fetched-again');
    // Only once: closing and opening again fetches nothing more.
    await launcher.click();
    await page.waitForFunction(() => document.querySelector('support-widget').shadowRoot.querySelector('.sw-launcher').getAttribute('aria-expanded') === 'false');
    await launcher.click();
    await page.waitForFunction(() => window.opened === 2);
    assert.equal(answered, 2);
    assert.equal(await page.locator('support-widget [role=dialog]').count(), 1);
    assert.deepEqual(page.errors.filter((e) => !/ERR_FAILED|Failed to load resource/.test(e)), []);
    await page.context().close();
  });
}
