// "Contact support" end to end: a person opens the widget on the demo page, meets the
// validation, fills the form (with an attachment), sends it and sees the receipt. Screenshots
// of each state land in artifacts/e2e/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, fillContactForm, launch, openPage, pageUrl, screenshot, simUrl, seeded } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function control(method, path, body) {
  const response = await fetch(simUrl() + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${method} ${path} → ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/** A fresh simulator and a phone-sized page with the panel open, signed in as Ada. */
async function openSignedIn() {
  await control('POST', '/__sim/reset');
  const page = await openPage(browser, { viewport: { width: 480, height: 900 } });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate((token) => {
    SupportWidget('identify', { getAccessToken: () => token });
    SupportWidget('open');
  }, seeded.ADA_TOKEN);
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('What is it about?').waitFor();
  return { page, dialog };
}

test('a visitor fills and sends the contact form on the demo page', async () => {
  await control('POST', '/__sim/reset');
  const page = await openPage(browser);
  await page.goto(pageUrl('/'));
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  const topic = dialog.getByLabel('What is it about?');
  await topic.waitFor();
  await screenshot(page, 'contact-empty');
  assert.deepEqual(await axeViolations(page), [], 'contact form, empty');

  // Sending an empty form marks the fields and announces a summary; nothing is sent.
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText('Please check the highlighted fields.').waitFor();
  assert.equal(await dialog.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'contact-error');
  assert.deepEqual(await axeViolations(page), [], 'contact form with errors');

  await dialog.getByLabel('Your name').fill('Grace Visitor');
  await dialog.getByLabel('Email').fill('grace.visitor@example.com');
  await dialog.getByLabel('Subject').fill('The lathe makes a grinding noise');
  await dialog.getByLabel('How can we help?').fill('Since yesterday the lathe grinds at low speed.\nIt is the model L-200.');
  await topic.selectOption('technical');
  await page.locator('input[type=file]').setInputFiles({
    name: 'noise.txt', mimeType: 'text/plain', buffer: Buffer.from('grrrrr'),
  });
  await dialog.getByText('noise.txt').waitFor();
  await page.locator('.sw-file progress').waitFor({ state: 'detached' });
  await screenshot(page, 'contact-filled');

  // Slow Zendesk down so the sending state can be seen.
  await control('POST', '/__sim/faults', { method: 'POST', path: '/api/v2/requests', count: 1, kind: 'delay', ms: 1500 });
  const created = page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('support-widget:request-created', (event) => resolve(event.detail.id), { once: true });
  }));
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByRole('button', { name: 'Sending…' }).waitFor();
  await screenshot(page, 'contact-sending');

  const id = await created;
  await dialog.getByText(`Request #${id} sent`).waitFor();
  await dialog.getByText("We'll email you at grace.visitor@example.com").waitFor();
  await screenshot(page, 'contact-success');
  assert.deepEqual(await axeViolations(page), [], 'request sent');

  const { calls } = await control('GET', '/__sim/calls');
  const creates = calls.filter((c) => c.method === 'POST' && c.path.startsWith('/api/v2/requests'));
  assert.equal(creates.length, 1);
  const body = JSON.parse(creates[0].body).request;
  assert.equal(body.requester.email, 'grace.visitor@example.com');
  assert.equal(body.comment.uploads.length, 1);
  assert.deepEqual(body.custom_fields, [{ id: 21, value: 'technical' }]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a suggested article opens in a new tab; on a phone the form fills the screen', async () => {
  await control('POST', '/__sim/reset');
  const page = await openPage(browser, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  await page.goto(pageUrl('/'));
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('Subject').fill('password reset');
  const article = dialog.locator('.sw-suggestions a').first();
  await article.waitFor();
  const box = await page.locator('.sw-panel').boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 375, 667], 'full screen on a phone');
  const fontSize = await dialog.getByLabel('Subject').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 16, `inputs are at least 16 px (${fontSize}) so phones don't zoom`);
  await screenshot(page, 'contact-phone-suggestions');
  const [tab] = await Promise.all([page.context().waitForEvent('page'), article.click()]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /\/hc\/en-us\/articles\/\d+/);
  assert.equal(await tab.evaluate(() => window.opener), null, 'noopener');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an account that holds anonymous requests for review: "sent" stays true, the request waits as suspended', async () => {
  await control('POST', '/__sim/reset');
  await control('PATCH', '/__sim/settings', { suspend_anonymous_requests: true });
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await fillContactForm(dialog, { subject: 'Held for review', email: 'held.visitor@example.com' });
  await dialog.getByRole('button', { name: 'Send' }).click();
  const sent = dialog.getByText(/Request #(\d+) sent/);
  await sent.waitFor();
  const id = Number((await sent.textContent()).match(/#(\d+)/)[1]);
  // What the widget promises holds: the request exists and replies come by email.
  await dialog.getByText("We'll email you at held.visitor@example.com. Replies come to your inbox.").waitFor();
  const held = await control('PATCH', `/__sim/requests/${id}`, {});
  assert.equal(held.request.subject, 'Held for review');
  assert.equal(held.suspended, true, 'Zendesk holds it as a suspended ticket until an agent recovers it');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('signed in, a request the browser sent twice: both numbers named, the copy marked for the agents', async () => {
  const { page, dialog } = await openSignedIn();
  await dialog.getByLabel('Subject').fill('The lathe stops at low speed');
  await dialog.getByLabel('How can we help?').fill('It stops after a minute.');
  await dialog.getByLabel('What is it about?').selectOption('technical');
  // Zero bytes after commit on a kept-alive connection: Chromium re-sends the create itself.
  await control('POST', '/__sim/faults', { method: 'POST', path: '/api/v2/requests', count: 1, kind: 'drop_after_commit', response: 'none' });
  await dialog.getByRole('button', { name: 'Send' }).click();
  const found = dialog.getByText(/Zendesk received this request twice/);
  await found.waitFor();
  const [, a, b] = (await found.textContent()).match(/#(\d+) and #(\d+)/);
  const mark = dialog.getByRole('button', { name: /Mark #\d+ as a copy/ });
  const copy = (await mark.textContent()).match(/#(\d+)/)[1];
  assert.ok([a, b].includes(copy) && a !== b);
  await screenshot(page, 'contact-sent-twice');
  await mark.click();
  await dialog.getByText(`#${copy} is marked as a copy. An agent will close it.`).waitFor();
  await screenshot(page, 'contact-copy-marked');
  assert.deepEqual(await axeViolations(page), [], 'the copy note');
  assert.deepEqual(page.errors.filter((e) => !e.includes('ERR_EMPTY_RESPONSE')), []);
  await page.context().close();
});

test('signed in, others are copied on a new request: the box, its hint, a bad address named, the CCs sent', async () => {
  const { page, dialog } = await openSignedIn();
  await dialog.getByLabel('Subject').fill('Printer for the whole team');
  await dialog.getByLabel('How can we help?').fill('Please keep my colleagues posted.');
  await dialog.getByLabel('What is it about?').selectOption('technical');
  await dialog.getByRole('button', { name: 'Copy others' }).click();
  const box = dialog.getByLabel('Email addresses to copy');
  await box.fill('lin@example.com, bob');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await dialog.getByText('“bob” isn\'t an email address.').waitFor();
  assert.equal(await box.evaluate((input) => input === input.getRootNode().activeElement), true, 'the box has the focus');
  await screenshot(page, 'contact-cc-invalid');
  assert.deepEqual(await axeViolations(page), [], 'the CC box with a problem');
  await box.fill('lin@example.com, bob@example.com');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();
  const { calls } = await control('GET', '/__sim/calls');
  const create = calls.find((c) => c.method === 'POST' && c.path.startsWith('/api/v2/requests'));
  assert.deepEqual(JSON.parse(create.body).request.email_ccs.map((cc) => cc.user_email), ['lin@example.com', 'bob@example.com']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
