// What a visitor's first use costs on the wire: the widget's files arrive compressed as a CDN
// sends them (brotli, else gzip, with Vary), and a visitor who asked to save data, or is on a
// 2G-class connection, downloads nothing but the loader until they tap the launcher.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { after, before, beforeEach, test } from 'node:test';
import { idleTwice, launch, openPage, pageUrl, pretendConnection, resetSimulator } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/** dist/size-report.json of the build under test: file names and their byte counts. */
const report = () => JSON.parse(readFileSync('dist/size-report.json', 'utf8'));
const artifacts = (...fetched) => report().artifacts.filter((a) => fetched.includes(a.fetched));
const mainModule = () => artifacts('at_first_use').find((a) => a.file.endsWith('.wasm'));
const widgetFile = (url) => /support-widget-core\.\w+\.(js|wasm)$/.test(url);

/** Counts each response's bytes on the wire (headers and encoded body), by URL. */
async function wireBytes(page) {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map();
  const bytes = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(urls.get(e.requestId), e.encodedDataLength));
  await cdp.send('Network.enable');
  return { cdp, bytes };
}

/** One GET straight to the page server with this Accept-Encoding (none: no header at all). */
function fetchRaw(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    get(pageUrl(path), { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the loader, the glue, the wasm and its chunk arrive brotli-compressed, with Vary: Accept-Encoding', async () => {
  const page = await openPage(browser);
  const { bytes } = await wireBytes(page);
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
  await page.getByRole('tab', { name: 'My tickets' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByText(/requests you send from this device/i).waitFor();

  const shipped = artifacts('up_front', 'at_first_use', 'later');
  assert.ok(shipped.length >= 4, 'loader, glue, main module and a chunk');
  for (const { file, raw, brotli } of shipped) {
    const response = responses.find((r) => new URL(r.url()).pathname === `/${file}`);
    assert.ok(response, `${file} was fetched`);
    const headers = await response.allHeaders();
    assert.equal(headers['content-encoding'], 'br', `${file}: Content-Encoding`);
    assert.match(headers.vary, /accept-encoding/i, `${file}: Vary`);
    // The type is the file's own, not the compressed copy's.
    assert.match(headers['content-type'], file.endsWith('.wasm') ? /^application\/wasm/ : /^text\/javascript/);
    const onTheWire = bytes.get(response.url());
    assert.ok(onTheWire >= brotli && onTheWire < brotli + 1024,
      `${file}: ${onTheWire} bytes on the wire for ${brotli} bytes of brotli (${raw} raw)`);
  }
  // The host page is filled in per run, so it goes out as it is: no Vary needed.
  const pageResponse = responses.find((r) => r.url().endsWith('/pages/basic.html'));
  assert.equal((await pageResponse.allHeaders())['content-encoding'], undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('gzip for a client without brotli, the file as it is for one without either', async () => {
  const { file } = mainModule();
  const original = readFileSync(`dist/${file}`);

  const gzipped = await fetchRaw(`/${file}`, 'gzip, deflate');
  assert.equal(gzipped.headers['content-encoding'], 'gzip');
  assert.match(gzipped.headers.vary, /accept-encoding/i);
  assert.ok(gunzipSync(gzipped.body).equals(original), 'gzip body decodes to the wasm');

  const brotli = await fetchRaw(`/${file}`, 'br;q=1, gzip;q=0.5');
  assert.equal(brotli.headers['content-encoding'], 'br');
  assert.ok(brotliDecompressSync(brotli.body).equals(original), 'brotli body decodes to the wasm');

  for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
    const plain = await fetchRaw(`/${file}`, accept);
    assert.equal(plain.headers['content-encoding'], undefined, `Accept-Encoding ${accept}`);
    assert.match(plain.headers.vary, /accept-encoding/i);
    assert.ok(plain.body.equals(original), `Accept-Encoding ${accept}: the file as it is`);
  }
});


for (const connection of [{ saveData: true }, { effectiveType: 'slow-2g' }, { effectiveType: '2g' }]) {
  const name = JSON.stringify(connection);
  test(`${name}: no prefetch at idle, hover or focus; the tap downloads the widget once`, async () => {
    const page = await openPage(browser);
    await pretendConnection(page, connection);
    await page.goto(pageUrl('/pages/basic.html'));
    const launcher = page.getByRole('button', { name: 'Support' });
    await launcher.waitFor();
    await idleTwice(page);
    await launcher.hover();
    await launcher.focus();
    await idleTwice(page);
    assert.deepEqual(page.requests.filter(widgetFile), [], 'only the loader before the tap');

    await launcher.click();
    await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
    assert.equal(page.requests.filter((url) => url.endsWith('.wasm')).length, 1, 'one wasm');
    assert.equal(page.requests.filter(widgetFile).length, 2, 'the glue and the wasm, once each');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('Chromium emulating slow 2G (DevTools protocol) reports it, and nothing is prefetched', async () => {
  const page = await openPage(browser);
  const { cdp } = await wireBytes(page);
  // DevTools' own "2G"-class figures: Chromium derives effectiveType from them.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 2000, downloadThroughput: 50_000 / 8, uploadThroughput: 50_000 / 8,
  });
  await page.goto(pageUrl('/pages/basic.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  await launcher.waitFor({ timeout: 60_000 });
  assert.match(await page.evaluate(() => navigator.connection.effectiveType), /2g/);
  await idleTwice(page);
  assert.deepEqual(page.requests.filter(widgetFile), [], 'only the loader before the tap');

  // The visitor taps; the rest of the download runs at loopback speed to keep the test short.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
  await launcher.click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
  assert.equal(page.requests.filter(widgetFile).length, 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a fast connection without Save-Data the idle prefetch still loads the widget, once', async () => {
  const page = await openPage(browser);
  await pretendConnection(page, { effectiveType: '4g', saveData: false });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
  await page.getByRole('button', { name: 'Support' }).click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Your name').waitFor();
  assert.equal(page.requests.filter(widgetFile).length, 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
