// The widget and the host page leave each other alone: hostile global CSS can't break the
// widget and the widget's CSS doesn't leak out; two widgets on one page don't share state.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  fillContactForm, launch, openPage, pageUrl, resetSimulator, screenshot, simulatorCalls,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/** The subjects of the requests the simulator received, in order. */
async function createdSubjects() {
  return (await simulatorCalls())
    .filter((call) => call.method === 'POST' && call.path.startsWith('/api/v2/requests'))
    .map((call) => JSON.parse(call.body).request.subject);
}

test('hostile global CSS: the widget still opens, fills and sends, and its CSS stays inside', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/hostile-css.html'));
  const launcher = page.getByRole('button', { name: 'Support' });
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  await fillContactForm(dialog, { subject: 'Sent through hostile CSS' });

  // The host's inherited text styles stop at the widget's root.
  const subjectStyle = await dialog.getByLabel('Subject').evaluate((input) => {
    const style = getComputedStyle(input);
    return { fontStyle: style.fontStyle, textTransform: style.textTransform, letterSpacing: style.letterSpacing };
  });
  assert.deepEqual(subjectStyle, { fontStyle: 'normal', textTransform: 'none', letterSpacing: 'normal' });
  const box = await page.locator('.sw-panel').boundingBox();
  assert.ok(box.width >= 300 && box.height >= 400, `the panel keeps its size: ${JSON.stringify(box)}`);
  const launcherBox = await page.locator('.sw-launcher').boundingBox();
  assert.deepEqual([launcherBox.width, launcherBox.height], [56, 56]);
  await screenshot(page, 'hostile-css-open');

  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();
  assert.deepEqual(await createdSubjects(), ['Sent through hostile CSS']);

  // Nothing of the widget reached the host: its elements compute exactly as before it came,
  // and the document has no new stylesheet.
  const changed = await page.evaluate(() => {
    const now = computedStyles();
    const differences = [];
    for (const [id, before] of Object.entries(stylesBefore)) {
      for (const [name, value] of Object.entries(before)) {
        if (now[id][name] !== value) differences.push(`${id} ${name}: ${value} → ${now[id][name]}`);
      }
    }
    return differences;
  });
  assert.deepEqual(changed, []);
  assert.equal(await page.evaluate(() => document.head.innerHTML === headBefore), true, 'nothing added to <head>');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[style]').length), 0, 'no style attributes in the page');
  assert.equal(
    await page.evaluate(() => document.querySelector('support-widget').shadowRoot.querySelectorAll('[style]').length),
    0,
    'no style attributes in the widget',
  );
  await screenshot(page, 'hostile-css-sent');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('two widgets on a page: an inline one and a launcher work independently', async () => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 1000 } });
  await page.goto(pageUrl('/pages/two-widgets.html'));
  await page.evaluate(() => {
    window.created = [];
    // Events leave the shadow root with the widget's element as their target.
    document.addEventListener('support-widget:request-created', (event) =>
      window.created.push([event.target.id || 'launcher', event.detail.id]));
  });
  const inline = page.getByRole('region', { name: 'Support' });
  await inline.getByLabel('Subject').waitFor();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.locator('support-widget').count(), 2);

  // Opening the launcher's panel leaves the inline one as it was.
  await inline.getByLabel('Subject').fill('Typed inline');
  await page.getByRole('button', { name: 'Support' }).click();
  await dialog.waitFor();
  await dialog.getByLabel('Subject').waitFor();
  assert.equal(await inline.getByLabel('Subject').inputValue(), 'Typed inline');
  assert.equal(await inline.isVisible(), true);

  // Each sends its own request; the other keeps what was typed in it.
  await fillContactForm(dialog, { subject: 'Sent from the launcher' });
  await fillContactForm(inline, { subject: 'Sent from the inline widget' });
  await inline.getByRole('button', { name: 'Send' }).click();
  await inline.getByText(/Request #\d+ sent/).waitFor();
  assert.equal(await dialog.getByLabel('Subject').inputValue(), 'Sent from the launcher');
  assert.equal(await dialog.getByText(/Request #\d+ sent/).count(), 0);
  await screenshot(page, 'two-widgets');

  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();
  assert.deepEqual(await createdSubjects(), ['Sent from the inline widget', 'Sent from the launcher']);
  const created = await page.evaluate(() => window.created);
  assert.deepEqual(created.map(([from]) => from), ['inline-widget', 'launcher']);
  assert.notEqual(created[0][1], created[1][1]);

  // Closing the launcher's panel doesn't touch the inline widget.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await inline.isVisible(), true);
  await inline.getByText(/Request #\d+ sent/).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
