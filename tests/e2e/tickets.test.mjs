// "My tickets" end to end: the built dist/ on the page origin, signed in as Ada through
// `getAccessToken`, the simulator on another origin. Screenshots of the list, a conversation,
// a reply and a solved request are saved to artifacts/e2e/ for a person to look at.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  launch, openPage, pageUrl, resetSimulator, screenshot, seeded, simUrl,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/**
 * The plain script-tag page (served from the page origin: Chromium only lets a loopback page
 * call the loopback simulator), then the host signs the user in with `identify`.
 */
async function openTickets(token) {
  const page = await openPage(browser, { viewport: { width: 900, height: 900 } });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate((token) => {
    window.widgetEvents = [];
    SupportWidget('on', 'comment-added', (detail) => window.widgetEvents.push(['comment-added', detail]));
    SupportWidget('identify', { getAccessToken: () => token });
    SupportWidget('open', 'tickets');
  }, token);
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  return { page, dialog };
}

test('the list shows statuses, filters by tab and opens a conversation', async () => {
  const { page, dialog } = await openTickets(seeded.ADA_TOKEN);
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"]`).waitFor();
  for (const label of ['Awaiting your reply', 'Solved', 'Closed', 'On hold', 'New']) {
    assert.ok(await dialog.locator('.sw-badge', { hasText: label }).count() > 0, label);
  }
  await screenshot(page, 'tickets-list');

  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
  await dialog.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
  await dialog.locator('.sw-comment-file').first().waitFor();
  assert.ok(await dialog.getByRole('link', { name: /invoice-2026-10\.pdf/ }).count() === 1);
  await screenshot(page, 'tickets-conversation');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a reply appears in the thread and fires comment-added', async () => {
  const { page, dialog } = await openTickets(seeded.ADA_TOKEN);
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.PENDING}"] button`).click();
  const reply = dialog.getByRole('textbox', { name: 'Reply' });
  await reply.fill('We use version 4.2 on macOS.');
  await dialog.getByRole('button', { name: 'Send reply' }).click();
  await dialog.locator('.sw-comment', { hasText: 'We use version 4.2 on macOS.' }).waitFor();
  assert.equal(await reply.inputValue(), '');
  await page.waitForFunction(() => window.widgetEvents.length > 0);
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), [['comment-added', { requestId: 102 }]]);
  await screenshot(page, 'tickets-reply');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The reply box lives in the My tickets chunk and uploads through code the contact form (in
// the main module) shares: calls across the two modules, with a progress callback from the
// upload, the kind of path a split build can get wrong.
test('a reply with a file, from the My tickets chunk: uploaded, sent and listed in the thread', async () => {
  const { page, dialog } = await openTickets(seeded.ADA_TOKEN);
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.PENDING}"] button`).click();
  await dialog.getByRole('textbox', { name: 'Reply' }).fill('The log from this morning.');
  await dialog.locator('.sw-reply input[type=file]').setInputFiles({
    name: 'morning.log', mimeType: 'text/plain', buffer: Buffer.from('12:01 export started\n12:02 failed'),
  });
  await dialog.locator('.sw-reply').getByText('morning.log').waitFor();
  await dialog.locator('.sw-reply .sw-file progress').waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Send reply' }).click();
  const comment = dialog.locator('.sw-comment', { hasText: 'The log from this morning.' });
  await comment.locator('.sw-comment-file', { hasText: 'morning.log' }).waitFor();
  assert.ok(page.requests.some((url) => new URL(url).pathname.startsWith('/support-widget-tickets.')),
    'the conversation came from its chunk');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('mark as solved asks first, then shows the solved state and the rating', async () => {
  const { page, dialog } = await openTickets(seeded.ADA_TOKEN);
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVABLE}"] button`).click();
  await dialog.getByRole('button', { name: 'Mark as solved' }).click();
  await dialog.getByRole('button', { name: "Yes, it's solved" }).click();
  await dialog.getByText('Marked as solved').waitFor();
  await dialog.locator('.sw-conversation .sw-badge', { hasText: 'Solved' }).waitFor();
  await dialog.getByText('How would you rate the support you received?').waitFor();
  await screenshot(page, 'tickets-solved');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('copying others on a reply, and the saved copy when Zendesk cannot be reached', async () => {
  const { page, dialog } = await openTickets(seeded.ADA_TOKEN);
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVABLE}"] button`).click();
  await dialog.getByRole('button', { name: 'Copy others' }).click();
  await dialog.getByRole('textbox', { name: 'Reply' }).fill('Adding Lin, who handles our billing.');
  await dialog.getByRole('textbox', { name: 'Email addresses to copy' }).fill('lin@example.com, bob');
  await dialog.getByRole('button', { name: 'Send reply' }).click();
  await dialog.getByText('“bob” isn\'t an email address.').waitFor();
  await screenshot(page, 'tickets-cc');
  assert.deepEqual(page.errors, []);

  // Every read now gets a 429, which a page sees only as a failed fetch.
  const armed = await fetch(`${simUrl()}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'GET', path: '/api/v2/requests', count: 500, kind: 'status', status: 429 }),
  });
  assert.equal(armed.status, 201);
  await page.reload();
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate((token) => {
    SupportWidget('identify', { getAccessToken: () => token });
    SupportWidget('open', 'tickets');
  }, seeded.ADA_TOKEN);
  await dialog.locator('.sw-saved').first().waitFor({ timeout: 60_000 });
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVABLE}"] button`).click();
  await dialog.locator('.sw-conversation .sw-saved').waitFor({ timeout: 60_000 });
  assert.equal(await dialog.getByRole('textbox', { name: 'Reply' }).count(), 0, 'read-only');
  await screenshot(page, 'tickets-saved-copy');
  await page.context().close();
});
