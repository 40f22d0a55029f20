// The split build as a host serves it: "My tickets" and the conversation are a wasm chunk of
// their own, fetched after the first screen is drawn (or when the visitor points at the tab,
// when they asked to save data), never twice; a chunk that can't be fetched says so, with
// "Try again", and nothing typed is lost.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, test } from 'node:test';
import {
  idleTwice, launch, openPage, pageUrl, pretendConnection, resetSimulator, screenshot, wasmFetchedOnce,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/** The chunks of the build under test (dist/size-report.json), by file name. */
const chunkFiles = () => JSON.parse(readFileSync('dist/size-report.json', 'utf8'))
  .artifacts.filter((a) => a.fetched === 'later').map((a) => a.file);
const ticketsChunk = () => {
  const file = chunkFiles().find((f) => f.startsWith('support-widget-tickets.'));
  assert.ok(file, 'the build has a My tickets chunk');
  return file;
};
const fetched = (page, file) => page.requests.filter((url) => new URL(url).pathname === `/${file}`).length;

/** Opens the form of a fresh visit and waits for the My tickets chunk fetched ahead meanwhile. */
async function formWithChunkFetchedAhead() {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  const file = ticketsChunk();
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('Your name').waitFor();
  // Fetched ahead, while the visitor reads the form: no tap on the tab needed.
  await page.waitForFunction((file) => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith(`/${file}`) && e.responseEnd > 0), file);
  return { page, file, dialog };
}

test('My tickets is fetched once the form is drawn, and only once however often it is shown', async () => {
  const { page, file, dialog } = await formWithChunkFetchedAhead();

  for (let round = 0; round < 3; round++) {
    await dialog.getByRole('tab', { name: 'My tickets' }).click();
    await dialog.getByText(/requests you send from this device/i).waitFor();
    await dialog.getByRole('tab', { name: 'Contact support' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Support' }).click();
  }
  assert.equal(fetched(page, file), 1, 'the chunk is fetched once');
  wasmFetchedOnce(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Rules of the widget's shared sheet whose selector names `className`, and how `selector` is drawn. */
const styled = (page, className, selector) => page.evaluate(([className, selector]) => {
  const root = document.querySelector('support-widget').shadowRoot;
  const rules = root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules])
    .filter((rule) => rule.selectorText?.includes(className)).length;
  const element = root.querySelector(selector);
  return { rules, display: element && getComputedStyle(element).display };
}, [className, selector]);

test('the rules of My tickets come with its chunk: none before it is drawn, there and applied after', async () => {
  const { page, dialog } = await formWithChunkFetchedAhead();
  assert.equal((await styled(page, 'sw-ticket-list', '.sw-ticket-list')).rules, 0,
    'fetched ahead, not drawn: the form is styled without them');
  assert.equal((await styled(page, 'sw-form', 'form.sw-form')).display, 'flex', 'the form is styled');

  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByText(/requests you send from this device/i).waitFor();
  const drawn = await styled(page, 'sw-ticket-list', '.sw-tickets');
  assert.ok(drawn.rules > 0, 'drawn: its rules are there');
  assert.equal(drawn.display, 'flex', 'and they apply');
  await screenshot(page, 'chunks-tickets-styled');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('saving data: My tickets is fetched when the visitor points at its tab, not ahead', async () => {
  const page = await openPage(browser);
  await pretendConnection(page, { saveData: true });
  await page.goto(pageUrl('/pages/basic.html'));
  const file = ticketsChunk();
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('Your name').waitFor();
  await idleTwice(page);
  assert.equal(fetched(page, file), 0, 'nothing fetched ahead');

  const loaded = page.waitForResponse((r) => r.url().endsWith(`/${file}`));
  await dialog.getByRole('tab', { name: 'My tickets' }).hover();
  assert.equal((await loaded).status(), 200, 'pointing at the tab fetches it');
  await dialog.getByRole('tab', { name: 'My tickets' }).click();
  await dialog.getByText(/requests you send from this device/i).waitFor();
  assert.equal(fetched(page, file), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [fault, answer] of [
  ['a 404', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' })],
  ['a network error', (route) => route.abort('failed')],
]) {
  test(`a chunk that meets ${fault} says so with "Try again", keeps what was typed, and loads on the next try`, async () => {
    const page = await openPage(browser);
    const file = ticketsChunk();
    let failing = true;
    await page.route(`**/${file}`, (route) => (failing ? answer(route) : route.continue()));
    await page.goto(pageUrl('/pages/basic.html'));
    await page.getByRole('button', { name: 'Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await dialog.getByLabel('Subject').fill('My order never arrived');
    await dialog.getByLabel('How can we help?').fill('Ordered on Monday, tracking says nothing.');

    await dialog.getByRole('tab', { name: 'My tickets' }).click();
    const alert = dialog.getByRole('alert').filter({ hasText: "We couldn't load this. Please try again." });
    await alert.waitFor();
    await screenshot(page, `chunk-failed-${fault.replace(/\W+/g, '-')}`);

    // What was typed is where it was.
    await dialog.getByRole('tab', { name: 'Contact support' }).click();
    assert.equal(await dialog.getByLabel('Subject').inputValue(), 'My order never arrived');
    assert.equal(await dialog.getByLabel('How can we help?').inputValue(), 'Ordered on Monday, tracking says nothing.');

    // The connection is back: "Try again" fetches the chunk anew and draws the screen.
    failing = false;
    await dialog.getByRole('tab', { name: 'My tickets' }).click();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByText(/requests you send from this device/i).waitFor();
    assert.equal(await alert.count(), 0, 'the message is gone');
    await dialog.getByRole('tab', { name: 'Contact support' }).click();
    assert.equal(await dialog.getByLabel('Subject').inputValue(), 'My order never arrived');
    // The failed fetches are logged by the chunk loader; nothing else went wrong.
    assert.deepEqual(page.errors.filter((e) => !/Failed to fetch|404|WebAssembly|ERR_FAILED|TypeError/.test(e)), []);
    await page.context().close();
  });
}
