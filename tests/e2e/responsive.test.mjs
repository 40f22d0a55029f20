// Phones, keyboards and motion: the panel fills a 375×667 screen and follows the visual
// viewport when an on-screen keyboard takes space; every control is a 24 px target and every
// input at least 16 px; keyboard focus is always visible; `prefers-reduced-motion` stops
// animation. Phone screenshots land in artifacts/e2e/.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  axeViolations, installColourTools, launch, openPage, pageUrl, resetSimulator, screenshot, seeded, settled, simUrl,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

async function openHost(config, options = {}) {
  const page = await openPage(browser, options);
  await installColourTools(page);
  await page.goto(pageUrl(`/pages/configured.html?${new URLSearchParams(config)}`));
  await page.locator('.sw-launcher').waitFor();
  return page;
}

async function signInOnTickets(page) {
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"]`).waitFor();
  return dialog;
}

/**
 * Controls on screen that are smaller than a 24×24 px target (WCAG 2.5.8), and inputs whose
 * text is under 16 px (phones zoom into those). Links inside a sentence of agent text are
 * exempt from the size rule, as WCAG exempts inline targets; a checkbox is toggled by its whole
 * label and a visually hidden file input is operated through its label, so the label is what
 * is measured.
 */
function layoutProblems(page) {
  return page.evaluate(() => {
    const root = document.querySelector('support-widget').shadowRoot;
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
    const problems = [];
    for (const control of [root.querySelector('.sw-launcher'), ...root.querySelectorAll('.sw-panel :is(button, input, select, textarea, a[href], [tabindex="0"])')]) {
      if (!control || control.getClientRects().length === 0) continue;
      if (control.matches('a') && control.closest('.sw-rich-text')) continue;
      const target = control.matches('.sw-visually-hidden, [type=checkbox]') ? control.closest('label') || control : control;
      const box = target.getBoundingClientRect();
      if (box.width < 24 || box.height < 24) problems.push(`${name(target)} is ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
      if (control.matches('input:not([type=checkbox], [type=file]), select, textarea')) {
        const size = parseFloat(getComputedStyle(control).fontSize);
        if (size < 16) problems.push(`${name(control)} text is ${size}px`);
      }
    }
    return problems;
  });
}

test('on a 375×667 phone the panel fills the screen with big enough targets and text', async () => {
  const page = await openHost({}, PHONE);
  const problems = { closed: await layoutProblems(page) };
  await screenshot(page, 'phone-closed');
  await page.locator('.sw-launcher').click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('What is it about?').waitFor();
  const box = await page.locator('.sw-panel').boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 375, 667], 'full screen');
  await dialog.getByLabel('What is it about?').selectOption('technical');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText('Please check the highlighted fields.').waitFor();
  await screenshot(page, 'phone-contact-errors');
  problems.contact = await layoutProblems(page);
  await dialog.getByLabel('Subject').fill('password reset');
  await dialog.locator('.sw-suggestions a').first().waitFor();
  problems.suggestions = await layoutProblems(page);

  await signInOnTickets(page);
  await screenshot(page, 'phone-tickets-list');
  problems.list = await layoutProblems(page);
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
  await dialog.locator('.sw-comment-file').first().waitFor();
  await screenshot(page, 'phone-conversation');
  problems.conversation = await layoutProblems(page);
  await dialog.locator('.sw-back').click();
  await dialog.locator(`.sw-row[data-id="${seeded.SOLVABLE}"] button`).click();
  await dialog.getByRole('button', { name: 'Mark as solved' }).click();
  await dialog.getByRole('button', { name: "Yes, it's solved" }).waitFor();
  problems.solve = await layoutProblems(page);
  await dialog.getByRole('button', { name: "Yes, it's solved" }).click();
  await dialog.getByText('How would you rate the support you received?').waitFor();
  await dialog.getByRole('button', { name: "Good, I'm satisfied" }).click();
  await screenshot(page, 'phone-rating');
  problems.rating = await layoutProblems(page);
  assert.deepEqual(problems, { closed: [], contact: [], suggestions: [], list: [], conversation: [], solve: [], rating: [] });
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a phone the panel follows the visual viewport when the keyboard takes space', async () => {
  const page = await openPage(browser, PHONE);
  // Playwright can't pop an on-screen keyboard. What one does to the page is shrink
  // `window.visualViewport` (and scroll it: `offsetTop`) while the layout viewport, and so a
  // `position: fixed; inset: 0` panel, stays 667 px tall under the keyboard. This stand-in
  // for `visualViewport` does the same and fires the same events, and counts listeners.
  await page.addInitScript(() => {
    // Reads through to the real visual viewport, except for the values a test sets.
    const real = window.visualViewport;
    const fake = new EventTarget();
    const set = {};
    for (const key of ['width', 'height', 'offsetLeft', 'offsetTop', 'pageLeft', 'pageTop', 'scale']) {
      Object.defineProperty(fake, key, { get: () => (key in set ? set[key] : real[key]) });
    }
    const listening = new Map(); // event type → its listeners
    const add = fake.addEventListener.bind(fake);
    const remove = fake.removeEventListener.bind(fake);
    fake.addEventListener = (type, fn, options) => {
      if (!listening.has(type)) listening.set(type, new Set());
      listening.get(type).add(fn);
      add(type, fn, options);
    };
    fake.removeEventListener = (type, fn, options) => {
      listening.get(type)?.delete(fn);
      remove(type, fn, options);
    };
    Object.defineProperty(window, 'visualViewport', { configurable: true, get: () => fake });
    window.fakeViewport = {
      set(values) {
        Object.assign(set, values);
        fake.dispatchEvent(new Event('resize'));
        fake.dispatchEvent(new Event('scroll'));
      },
      listeners: () => [...listening.values()].reduce((count, fns) => count + fns.size, 0),
    };
  });
  await page.goto(pageUrl('/pages/configured.html'));
  await page.locator('.sw-launcher').click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByLabel('How can we help?').waitFor();
  const panel = async () => {
    const box = await page.locator('.sw-panel').boundingBox();
    return [box.y, box.height];
  };
  assert.deepEqual(await panel(), [0, 667], 'full screen without a keyboard');
  assert.ok(await page.evaluate(() => fakeViewport.listeners()) > 0, 'the widget listens to visualViewport');

  await dialog.getByLabel('How can we help?').focus();
  await page.evaluate(() => fakeViewport.set({ height: 360 }));
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.querySelector('.sw-panel').getBoundingClientRect().height === 360);
  assert.deepEqual(await panel(), [0, 360], 'the panel ends where the keyboard begins');
  const field = await dialog.getByLabel('How can we help?').boundingBox();
  assert.ok(field.y >= 115 && field.y + field.height <= 360, `the focused field is scrolled into view (${JSON.stringify(field)})`);
  await screenshot(page, 'phone-keyboard');

  // iOS scrolls the visual viewport to keep the caret in view: the panel moves with it.
  await page.evaluate(() => fakeViewport.set({ offsetTop: 120 }));
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.querySelector('.sw-panel').getBoundingClientRect().top === 120);
  assert.deepEqual(await panel(), [120, 360]);

  await page.evaluate(() => fakeViewport.set({ height: 667, offsetTop: 0 }));
  await page.waitForFunction(() =>
    document.querySelector('support-widget').shadowRoot.querySelector('.sw-panel').getBoundingClientRect().height === 667);

  // A pinch zoom also shrinks the visual viewport; the panel must not chase it, or the user
  // could never zoom into it.
  await page.evaluate(() => fakeViewport.set({ scale: 2, height: 333.5, offsetTop: 100 }));
  await settled(page);
  assert.deepEqual(await panel(), [0, 667], 'zooming is not a keyboard');
  await page.evaluate(() => fakeViewport.set({ scale: 1, height: 667, offsetTop: 0 }));

  // Re-mounting (a user signs in) and destroying leave no listener behind.
  const before = await page.evaluate(() => fakeViewport.listeners());
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await dialog.getByLabel('How can we help?').waitFor();
  assert.equal(await page.evaluate(() => fakeViewport.listeners()), before, 're-mount: same listeners');
  await page.evaluate(() => SupportWidget('destroy'));
  assert.equal(await page.evaluate(() => fakeViewport.listeners()), 0, 'destroy removes the listeners');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Animations and transitions still running anywhere in the widget, as `element: what`. */
function moving(page) {
  return page.evaluate(() => {
    const root = document.querySelector('support-widget').shadowRoot;
    const seconds = (list) => Math.max(...list.split(',').map((s) => parseFloat(s)));
    const found = [];
    for (const element of root.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      if (style.animationName !== 'none' && seconds(style.animationDuration) > 0) {
        found.push(`${element.className}: animation ${style.animationName}`);
      }
      if (seconds(style.transitionDuration) > 0) found.push(`${element.className}: transition ${style.transitionProperty}`);
    }
    return found;
  });
}

test('prefers-reduced-motion: reduce stops every animation and transition', async () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    // A slow first page of requests keeps the loading placeholders (which pulse) on screen.
    await fetch(`${simUrl()}/__sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/v2/requests', count: 5, kind: 'delay', ms: 4000 }),
    });
    const page = await openHost({}, { reducedMotion });
    await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
    await page.evaluate(() => SupportWidget('open', 'tickets'));
    await page.locator('.sw-bone').first().waitFor();
    const found = await moving(page);
    if (reducedMotion === 'reduce') {
      assert.deepEqual(found, []);
    } else {
      assert.ok(found.some((f) => f.includes('sw-pulse')), `the placeholders pulse by default: ${found}`);
    }
    await page.context().close();
    await fetch(`${simUrl()}/__sim/reset`, { method: 'POST' });
  }
});

/**
 * Presses Tab from the focused control until focus leaves the widget or comes back round,
 * and reports each control whose focus can't be seen: no outline or box-shadow while
 * `:focus-visible`, or an outline under 3:1 against what is behind the control (WCAG 1.4.11).
 * With `tabFirst`, the control focused now (by a script, after mouse clicks: not a keyboard
 * focus) is only the starting point.
 */
async function invisibleFocus(page, { tabFirst = false, limit = 80 } = {}) {
  const problems = [];
  const seen = new Set();
  if (tabFirst) await page.keyboard.press('Tab');
  for (let i = 0; i < limit; i++) {
    const state = await page.evaluate(() => {
      const root = document.querySelector('support-widget').shadowRoot;
      const focused = root.activeElement;
      if (!focused) return null;
      // The file input is visually hidden; its label draws the ring (:focus-within).
      const drawn = focused.classList.contains('sw-visually-hidden') ? focused.closest('label') : focused;
      const style = getComputedStyle(drawn);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const id = focused.id || [...root.querySelectorAll('*')].indexOf(focused);
      return {
        id: String(id),
        name: `${focused.tagName.toLowerCase()}.${[...focused.classList].join('.')} "${(focused.textContent || focused.getAttribute('aria-label') || '').trim().slice(0, 30)}"`,
        visible: focused.matches(':focus-visible'),
        outline,
        shadow: style.boxShadow !== 'none',
        ratio: outline ? window.swColours.contrastOn(style.outlineColor, drawn.parentElement) : null,
      };
    });
    if (!state || seen.has(state.id)) break;
    seen.add(state.id);
    if (!state.visible) problems.push(`${state.name}: not :focus-visible after Tab`);
    else if (!state.outline && !state.shadow) problems.push(`${state.name}: no focus ring`);
    else if (state.ratio !== null && state.ratio < 3) problems.push(`${state.name}: ring contrast ${state.ratio.toFixed(2)}:1`);
    await page.keyboard.press('Tab');
  }
  return { problems, count: seen.size };
}

test('every control shows a focus ring when reached by keyboard, light and dark', async () => {
  for (const theme of ['light', 'dark']) {
    const page = await openHost({ theme }, { viewport: { width: 1000, height: 900 } });
    const launcher = page.locator('.sw-launcher');
    await launcher.focus();
    const launcherRing = await launcher.evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.notEqual(launcherRing, 'none', 'launcher ring');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Support' });
    await dialog.getByLabel('What is it about?').waitFor();
    await page.waitForFunction(() => document.querySelector('support-widget').shadowRoot.activeElement?.id === 'sw-tab-contact');
    const contact = await invisibleFocus(page);
    assert.ok(contact.count >= 8, `Tab reached the form's controls (${contact.count})`);

    await signInOnTickets(page);
    await page.locator('#sw-tab-tickets').focus();
    const list = await invisibleFocus(page, { tabFirst: true });
    assert.ok(list.count >= 10, `Tab reached the list's controls (${list.count})`);

    await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
    await dialog.locator('.sw-comment-file').first().waitFor();
    await page.locator('#sw-tab-tickets').focus();
    const conversation = await invisibleFocus(page, { tabFirst: true });
    assert.ok(conversation.count >= 6, `Tab reached the conversation's controls (${conversation.count})`);
    assert.deepEqual(
      { contact: contact.problems, list: list.problems, conversation: conversation.problems },
      { contact: [], list: [], conversation: [] },
      theme,
    );
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
