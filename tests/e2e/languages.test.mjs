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

for (const [fault, answer] of [
  ['a 404', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' })],
  ['a network error', (route) => route.abort('failed')],
  ["another release's file", (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'de\u001e\u001eHilfe\u001e' })],
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
    assert.ok(warnings.some((w) => /support-widget: the `de` language file (could not be loaded|is unusable).*; showing English/.test(w)),
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
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/support-widget-ja.*.txt', async (route) => { await held; await route.continue(); });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.locator('support-widget .sw-launcher').click();
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => /support-widget-core\.\w+\.wasm$/.test(e.name) && e.responseEnd > 0));
  await page.evaluate(() => SupportWidget('destroy'));
  release();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.querySelector('support-widget')?.shadowRoot?.querySelector('.sw-root [role=tab]') ?? null), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
