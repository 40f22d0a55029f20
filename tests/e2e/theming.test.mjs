// Theming end to end: light, dark and `auto` themes on every screen (screenshots in
// artifacts/e2e/ and an axe-core scan of each state), Arabic right-to-left, readable text on
// any primary colour the host picks, and the `::part()` names a host can style.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  axeViolations, installColourTools, launch, openPage, pageUrl, resetSimulator, screenshot, seeded,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

/** The host page with the widget configured by `config` (as query parameters). */
async function openHost(config, options = {}) {
  const page = await openPage(browser, options);
  await installColourTools(page);
  await page.goto(pageUrl(`/pages/configured.html?${new URLSearchParams(config)}`));
  await page.locator('.sw-launcher').waitFor();
  return page;
}

/** Waits until every image in the widget has loaded (or failed), so screenshots are complete. */
function imagesSettled(page) {
  return page.waitForFunction(() =>
    [...document.querySelector('support-widget').shadowRoot.querySelectorAll('img')].every((i) => i.complete));
}

/** Luminance of what is behind the panel's body: near 0 on a dark theme, near 1 on a light one. */
function panelLuminance(page) {
  return page.evaluate(() => {
    const body = document.querySelector('support-widget').shadowRoot.querySelector('.sw-body:not([hidden])');
    return window.swColours.luminance(window.swColours.background(body));
  });
}

/**
 * Every screen a visitor and then a signed-in user meet, in English: closed, contact form,
 * its errors, the receipt, the list, a conversation, a closed request offering a follow-up and
 * a solved one asking for a rating. Saves `NAME-STATE.png` for each and returns the axe
 * violations per state.
 */
async function tour(page, name) {
  const violations = {};
  const visit = async (state) => {
    await screenshot(page, `${name}-${state}`);
    violations[state] = await axeViolations(page);
  };
  // A conversation is taller than the panel: its end (reply box, follow-up, rating) too.
  const visitEnd = async (state) => {
    await page.locator('.sw-body:not([hidden])').evaluate((body) => { body.scrollTop = body.scrollHeight; });
    await screenshot(page, `${name}-${state}-end`);
  };
  await visit('closed');

  await page.locator('.sw-launcher').click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('What is it about?').waitFor();
  await visit('contact');

  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText('Please check the highlighted fields.').waitFor();
  await visit('contact-errors');

  await dialog.getByLabel('Your name').fill('Grace Visitor');
  await dialog.getByLabel('Email').fill('grace.visitor@example.com');
  await dialog.getByLabel('Subject').fill('The lathe makes a grinding noise');
  await dialog.getByLabel('How can we help?').fill('Since yesterday the lathe grinds at low speed.');
  await dialog.getByLabel('What is it about?').selectOption('technical');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();
  await visit('contact-sent');

  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.CLOSED}"]`).waitFor();
  await visit('tickets-list');

  const openRequest = async (id, ready) => {
    await dialog.locator(`.sw-row[data-id="${id}"] button`).click();
    await ready.waitFor();
    await imagesSettled(page);
  };
  const back = () => dialog.locator('.sw-back').click();
  await openRequest(101, dialog.locator('.sw-comment-file').first());
  await visit('conversation');
  await visitEnd('conversation');
  await back();
  await openRequest(104, dialog.getByRole('button', { name: 'Create a follow-up' }));
  await visit('closed-request');
  await back();
  await openRequest(103, dialog.getByText('How would you rate the support you received?'));
  await visit('solved-request');
  await visitEnd('solved-request');
  return violations;
}

/** `{ state: [] }` for every state: what `tour` returns when axe found nothing. */
const clean = (violations) => Object.fromEntries(Object.keys(violations).map((state) => [state, []]));

test('light theme: every screen passes axe', async () => {
  const page = await openHost({ theme: 'light' }, { viewport: { width: 1000, height: 820 }, colorScheme: 'dark' });
  const violations = await tour(page, 'theme-light');
  assert.ok((await panelLuminance(page)) > 0.8, 'theme: light stays light when the system prefers dark');
  assert.deepEqual(violations, clean(violations));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('dark theme: every screen is dark and passes axe', async () => {
  const page = await openHost({ theme: 'dark' }, { viewport: { width: 1000, height: 820 }, colorScheme: 'light' });
  const violations = await tour(page, 'theme-dark');
  assert.ok((await panelLuminance(page)) < 0.05, 'theme: dark is dark when the system prefers light');
  assert.equal(
    await page.locator('.sw-panel').evaluate((panel) => getComputedStyle(panel).colorScheme),
    'dark',
    'native controls (select pop-ups, scrollbars, date pickers) are dark too',
  );
  assert.deepEqual(violations, clean(violations));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('auto theme follows prefers-color-scheme', async () => {
  const page = await openHost({ theme: 'auto' }, { viewport: { width: 1000, height: 820 }, colorScheme: 'dark' });
  const violations = await tour(page, 'theme-auto-dark');
  assert.ok((await panelLuminance(page)) < 0.05, 'auto + dark preference → dark');
  assert.deepEqual(violations, clean(violations));

  await page.emulateMedia({ colorScheme: 'light' });
  assert.ok((await panelLuminance(page)) > 0.8, 'auto + light preference → light, live');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/**
 * Whether `text` (inside the element `locator` finds) is drawn left to right: its last
 * character to the right of its first, as in "Hello," rather than ",Hello".
 */
function readsLeftToRight(locator, text) {
  return locator.evaluate((element, text) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode() && !walker.currentNode.data.includes(text));
    const node = walker.currentNode;
    const x = (i) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect().x;
    };
    const start = node.data.indexOf(text);
    return x(start + text.length - 1) > x(start);
  }, text);
}

test('Arabic right to left: list, conversation and form in both themes', async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openHost({ theme, locale: 'ar' }, { viewport: { width: 1000, height: 820 } });
    await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
    await page.evaluate(() => SupportWidget('open', 'tickets'));
    const panel = page.locator('.sw-panel');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('dir'), 'rtl');
    // The layout is mirrored: the first tab and the title on the right.
    const [contactTab, ticketsTab] = await Promise.all(['#sw-tab-contact', '#sw-tab-tickets'].map((s) => page.locator(s).boundingBox()));
    assert.ok(contactTab.x > ticketsTab.x, 'the first tab is on the right');
    await page.locator('.sw-ticket-tab[data-tab="all"]').click();
    await page.locator(`.sw-row[data-id="${seeded.RICH}"]`).waitFor();
    await screenshot(page, `rtl-${theme}-tickets-list`);
    const violations = { list: await axeViolations(page) };
    await page.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
    await page.locator('.sw-comment-file').first().waitFor();
    await imagesSettled(page);
    // What Ada wrote in English keeps its own direction inside the Arabic panel.
    assert.ok(await readsLeftToRight(page.locator('.sw-comment .sw-rich-text p', { hasText: 'Hello,' }).first(), 'Hello,'));
    await screenshot(page, `rtl-${theme}-conversation`);
    violations.conversation = await axeViolations(page);
    await page.locator('#sw-tab-contact').click();
    await page.locator('#sw-tabpanel-contact textarea').first().waitFor();
    // So does a field title that Zendesk sends untranslated.
    assert.ok(await readsLeftToRight(page.locator('.sw-label-text', { hasText: 'What is it about?' }), 'What is it about?'));
    await screenshot(page, `rtl-${theme}-contact`);
    violations.contact = await axeViolations(page);
    assert.deepEqual(violations, clean(violations), theme);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

/**
 * Contrast of the text and indicators that sit on (or are drawn in) the primary colour,
 * measured from computed styles in the page, for the open panel.
 */
function primaryContrasts(page) {
  return page.evaluate(() => {
    const root = document.querySelector('support-widget').shadowRoot;
    const one = (selector) => root.querySelector(selector);
    const { textContrast, contrastOn } = window.swColours;
    const subject = one('#sw-tabpanel-contact input[autocomplete=off]');
    // Where to type is shown by the field's outline alone: non-text contrast, 3:1.
    const fieldOutline = contrastOn(getComputedStyle(subject).borderTopColor, subject.parentElement);
    subject.focus();
    const tab = one('#sw-tab-contact');
    const result = {
      launcher: textContrast(one('.sw-launcher')),
      title: textContrast(one('.sw-title')),
      close: textContrast(one('.sw-close')),
      send: textContrast(one('.sw-primary')),
      'selected tab text': textContrast(tab),
      // Non-text contrast (WCAG 1.4.11): 3:1 is enough for the indicator and focus ring.
      'selected tab indicator': contrastOn(getComputedStyle(tab).borderBlockEndColor, tab.parentElement),
      'focus ring': contrastOn(getComputedStyle(subject).outlineColor, subject.parentElement),
      'field outline': fieldOutline,
    };
    subject.blur();
    return result;
  });
}

test('text on a custom primary colour stays readable (WCAG AA) unless the host sets it', async () => {
  const page = await openHost({}, { viewport: { width: 1000, height: 820 } });
  await page.addStyleTag({ content: '/* the host theme */' });
  const theme = (css) => page.evaluate((css) => { document.querySelector('head > style:last-of-type').textContent = css; }, css);
  await page.locator('.sw-launcher').click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Subject').waitFor();

  const onPrimary = (selector) =>
    page.evaluate((selector) => {
      const root = document.querySelector('support-widget').shadowRoot;
      const { r, g, b } = window.swColours.rgba(getComputedStyle(root.querySelector(selector)).color);
      return `${r},${g},${b}`;
    }, selector);
  const primaries = {
    'the default blue': null,
    'light yellow': '#fff59d',
    white: '#ffffff',
    'mid blue': '#3b82f6',
    'mid grey': '#777777',
    'dark navy': '#0b1f44',
    black: '#000000',
  };
  for (const [name, primary] of Object.entries(primaries)) {
    await theme(primary ? `support-widget { --sw-color-primary: ${primary}; }` : '');
    for (const [what, ratio] of Object.entries(await primaryContrasts(page))) {
      const needed = /indicator|ring|outline/.test(what) ? 3 : 4.5;
      assert.ok(ratio >= needed, `${name}: ${what} ${ratio.toFixed(2)}:1 (needs ${needed}:1)`);
    }
  }
  // Light primaries get dark text, dark ones white text, on the launcher and in the panel.
  await theme('support-widget { --sw-color-primary: #fff59d; }');
  assert.equal(await onPrimary('.sw-launcher'), '0,0,0');
  assert.equal(await onPrimary('.sw-primary'), '0,0,0');
  await theme('support-widget { --sw-color-primary: #0b1f44; }');
  assert.equal(await onPrimary('.sw-launcher'), '255,255,255');
  assert.equal(await onPrimary('.sw-primary'), '255,255,255');
  await theme('');
  assert.equal(await onPrimary('.sw-primary'), '255,255,255', 'white on the default blue');

  // The host's own choice wins, even a poor one.
  await theme('support-widget { --sw-color-primary: #fff59d; --sw-color-on-primary: #5a1000; }');
  assert.equal(await onPrimary('.sw-launcher'), '90,16,0');
  assert.equal(await onPrimary('.sw-primary'), '90,16,0');
  assert.equal(await onPrimary('.sw-title'), '90,16,0');

  // In the dark theme too (links and rings are drawn on a dark surface there).
  await page.evaluate(() => { document.querySelector('support-widget').dataset.theme = 'dark'; });
  for (const [name, primary] of Object.entries(primaries)) {
    await theme(primary ? `support-widget { --sw-color-primary: ${primary}; }` : '');
    for (const [what, ratio] of Object.entries(await primaryContrasts(page))) {
      const needed = /indicator|ring|outline/.test(what) ? 3 : 4.5;
      assert.ok(ratio >= needed, `dark, ${name}: ${what} ${ratio.toFixed(2)}:1 (needs ${needed}:1)`);
    }
  }
  await theme('support-widget { --sw-color-primary: #fff59d; }');
  await screenshot(page, 'theme-custom-light-yellow-dark');
  await page.evaluate(() => { document.querySelector('support-widget').dataset.theme = 'light'; });
  await screenshot(page, 'theme-custom-light-yellow');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('::part() names reach the launcher, panel, header, tabs, buttons and inputs', async () => {
  const page = await openHost({}, { viewport: { width: 1000, height: 820 } });
  // One distinctive, visible style per part; later rules win for elements with several names.
  await page.addStyleTag({
    content: `
      support-widget::part(launcher) { background-color: rgb(10, 20, 30); }
      support-widget::part(panel) { border-top-color: rgb(11, 0, 0); border-top-style: solid; }
      support-widget::part(header) { background-color: rgb(12, 0, 0); }
      support-widget::part(button) { background-color: rgb(13, 0, 0); border-radius: 0px; }
      support-widget::part(tab) { background-color: rgb(14, 0, 0); }
      support-widget::part(input) { background-color: rgb(15, 0, 0); }
    `,
  });
  const style = (selector, property) =>
    page.evaluate(([selector, property]) =>
      getComputedStyle(document.querySelector('support-widget').shadowRoot.querySelector(selector))[property], [selector, property]);
  assert.equal(await style('.sw-launcher', 'backgroundColor'), 'rgb(10, 20, 30)');
  await page.locator('.sw-launcher').click();
  await page.getByRole('dialog', { name: 'Support' }).getByLabel('Subject').waitFor();
  // The ticket form picker comes with the forms read, which may answer a moment after the
  // form is drawn.
  await page.locator('#sw-form-picker').waitFor();
  assert.equal(await style('.sw-panel', 'borderTopColor'), 'rgb(11, 0, 0)');
  assert.equal(await style('.sw-header', 'backgroundColor'), 'rgb(12, 0, 0)');
  assert.equal(await style('.sw-primary', 'backgroundColor'), 'rgb(13, 0, 0)', 'the Send button');
  assert.equal(await style('.sw-primary', 'borderTopLeftRadius'), '0px');
  assert.equal(await style('.sw-close', 'backgroundColor'), 'rgb(13, 0, 0)');
  assert.equal(await style('.sw-file-button', 'backgroundColor'), 'rgb(13, 0, 0)', '"Add files"');
  assert.equal(await style('#sw-tab-tickets', 'backgroundColor'), 'rgb(14, 0, 0)');
  assert.equal(await style('#sw-tabpanel-contact textarea', 'backgroundColor'), 'rgb(15, 0, 0)');
  assert.equal(await style('#sw-tabpanel-contact select', 'backgroundColor'), 'rgb(15, 0, 0)');

  // Every control on every screen carries a part, so none is left out of the host's styling.
  const unnamed = () =>
    page.evaluate(() => {
      const root = document.querySelector('support-widget').shadowRoot;
      // The file input is visually hidden: its label is the button people see and style.
      return [...root.querySelectorAll('button, input:not(.sw-visually-hidden), select, textarea')]
        .filter((e) => e.getClientRects().length > 0)
        .filter((e) => !['button', 'input', 'launcher', 'row'].some((name) => e.part.contains(name)))
        .map((e) => e.outerHTML.slice(0, 120));
    });
  const screens = { contact: await unnamed() };
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.CLOSED}"]`).waitFor();
  screens.list = await unnamed();
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
  await dialog.locator('.sw-comment-file').first().waitFor();
  screens.conversation = await unnamed();
  await dialog.locator('.sw-back').click();
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVED}"] button`).click();
  await dialog.getByRole('button', { name: "Good, I'm satisfied" }).click();
  await dialog.getByLabel('Tell us more (optional)').waitFor();
  screens.rating = await unnamed();
  assert.deepEqual(screens, { contact: [], list: [], conversation: [], rating: [] });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
