// The tap starts the first screen's Zendesk reads while the wasm is still downloading
// (loader/early.js, bundled into the glue), and the wasm takes them over instead of reading
// again. The contact form's reads go without a token, signed in or not, as the wasm sends them
// (Zendesk shows the forms alike to anyone; no token, no CORS preflight). "My tickets"' first
// page starts with the token the host's getAccessToken gave at the tap (the host is asked once;
// the wasm takes that same answer), and only when it is a plain bearer token the wasm would
// send unchanged. A read that fails early is the wasm's first attempt failing: it tries again,
// as it would have.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { idleTwice, launch, openPage, pageUrl, resetSimulator, seeded, simUrl, simulatorCalls } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const FORMS_LIST = '/api/v2/ticket_forms.json';
const WITH_FIELDS = '/api/v2/ticket_forms/show_many.json';

/** A link slow enough that the wasm is still arriving when the first reads come back. */
async function slowLink(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 200_000, uploadThroughput: 200_000,
  });
}

/** The page's requests to the simulator whose path is `path`. */
const asked = (page, path) => page.requests.filter((url) => url.startsWith(simUrl()) && new URL(url).pathname === path);

/** The contact form is usable: the form picker holds the account's forms, it can be sent. */
const formShown = (page) => page.waitForFunction(() => {
  const form = document.querySelector('support-widget')?.shadowRoot?.querySelector('form.sw-form');
  return form?.querySelectorAll('select option').length > 1 && form.querySelector('button[type=submit]:not([disabled])');
});

/** The simulator's log of the page's reads of ticket forms (not preflights, not this test's own). */
const formCalls = async () => (await simulatorCalls()).filter((c) => c.origin && c.method === 'GET' && c.path.startsWith('/api/v2/ticket_forms'));

/** When (performance.now) each of these resources started, and when the main wasm ended. */
const timings = (page) => page.evaluate(() => {
  const entries = performance.getEntriesByType('resource');
  const wasm = entries.find((e) => /support-widget-core\.\w+\.wasm$/.test(e.name));
  const started = (path) => entries.filter((e) => new URL(e.name).pathname === path).map((e) => e.startTime);
  return {
    wasmEnd: wasm?.responseEnd,
    list: started('/api/v2/ticket_forms.json'),
    withFields: started('/api/v2/ticket_forms/show_many.json'),
  };
});

test('the tap reads the forms while the wasm downloads, and the wasm uses those answers', async () => {
  const page = await openPage(browser);
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await formShown(page);

  const { wasmEnd, list, withFields } = await timings(page);
  assert.equal(list.length, 1, 'the forms are listed once');
  assert.equal(withFields.length, 1, 'their fields are read once');
  assert.ok(list[0] < wasmEnd && withFields[0] < wasmEnd,
    `both reads start before the wasm has arrived (${list[0]}, ${withFields[0]} < ${wasmEnd} ms)`);
  const calls = await formCalls();
  assert.deepEqual(calls.map((c) => [c.path, c.authorization, c.status]),
    [[FORMS_LIST, null, 200], [WITH_FIELDS, null, 200]]);
  assert.match(calls[1].query, /^ids=[\d%C]+&include=ticket_fields&active=true&end_user_visible=true&locale=en$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the browser's language and the host's forms are the ones read early", async () => {
  const forms = (await (await fetch(`${simUrl()}${FORMS_LIST}?active=true&end_user_visible=true`)).json()).ticket_forms;
  const form = forms.find((f) => !f.default) || forms[0];
  const page = await openPage(browser, { locale: 'fr-CA' });
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  // Configured through the public API: the forms to offer, no language (the browser's).
  await page.evaluate(({ baseUrl, id }) => {
    SupportWidget('destroy');
    SupportWidget('init', { baseUrl, ticketFormIds: [id] });
  }, { baseUrl: simUrl(), id: form.id });
  await page.getByRole('button', { name: 'Support' }).click();
  await page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot
    ?.querySelector('form.sw-form button[type=submit]:not([disabled])'));

  const calls = await formCalls();
  assert.deepEqual(calls.map((c) => [c.path, c.query]),
    [[WITH_FIELDS, `ids=${form.id}&include=ticket_fields&active=true&end_user_visible=true&locale=fr`]]);
  assert.equal(asked(page, WITH_FIELDS).length, 1, 'read once, early, and taken by the wasm');
  const { wasmEnd, withFields } = await timings(page);
  assert.ok(withFields[0] < wasmEnd, 'started before the wasm had arrived');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Signs the page's visitor in with `token`, counting the host's getAccessToken calls. */
const signIn = (page, token, view) => page.evaluate(({ token, view, baseUrl }) => {
  window.tokenCalls = 0;
  SupportWidget('destroy');
  SupportWidget('init', { baseUrl, view, getAccessToken: () => (window.tokenCalls++, Promise.resolve(token)) });
}, { token, view, baseUrl: simUrl() });

/** A page on a slow link whose visitor is signed in as Ada and has tapped the launcher. */
async function tapSignedIn(view) {
  const page = await openPage(browser);
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await signIn(page, seeded.ADA_TOKEN, view);
  await page.getByRole('button', { name: 'Support' }).click();
  return page;
}

/** The simulator's log of CORS preflights for the ticket forms. */
const formPreflights = async () => (await simulatorCalls()).filter((c) => c.method === 'OPTIONS' && c.path.startsWith('/api/v2/ticket_forms'));

test('signed in, the contact form\'s reads start at the tap without a token: no preflight, and the host is not asked', async () => {
  const page = await tapSignedIn();
  await formShown(page);
  const calls = await formCalls();
  assert.deepEqual(calls.map((c) => [c.path, c.authorization, c.status]),
    [[FORMS_LIST, null, 200], [WITH_FIELDS, null, 200]]);
  assert.deepEqual(await formPreflights(), [], 'a read without Authorization needs no preflight');
  const { wasmEnd, list, withFields } = await timings(page);
  assert.equal(list.length, 1, 'listed once');
  assert.equal(withFields.length, 1, 'their fields read once');
  assert.ok(list[0] < wasmEnd && withFields[0] < wasmEnd, 'both started before the wasm had arrived');
  // Nothing is kept on this device for a signed-in user, so there is nobody's data to check
  // the user against (tests/contact_browser.rs has the device that keeps another's draft).
  assert.equal(await page.evaluate(() => window.tokenCalls), 0, 'no token was needed to show the form');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('signed in, on an account that refuses the forms to anonymous callers: the wasm reads them again with the token', async () => {
  // Whether an account can show its forms to signed-in users only is not documented; if one
  // does, Zendesk's 403 carries no CORS headers and the browser sees a network error.
  const armed = await fetch(`${simUrl()}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'GET', path: FORMS_LIST, count: 1, kind: 'status', status: 403 }),
  });
  assert.ok(armed.ok);
  const page = await tapSignedIn();
  await formShown(page);
  const lists = (await formCalls()).filter((c) => c.path === FORMS_LIST);
  assert.deepEqual(lists.map((c) => [c.authorization, c.status]), [[null, 403], ['bearer', 200]],
    'refused without a token at the tap, read with it by the wasm');
  assert.equal(await page.evaluate(() => window.tokenCalls), 1);
  assert.deepEqual(page.errors.filter((e) => !/CORS|Failed to load resource|ERR_FAILED/.test(e)), []);
  await page.context().close();
});

test('"My tickets" as the first screen: its first page and its chunk are fetched at the tap, and taken', async () => {
  const page = await openPage(browser);
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await signIn(page, seeded.ADA_TOKEN, 'tickets');
  await page.getByRole('button', { name: 'Support' }).click();
  await page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot
    ?.querySelector('.sw-row:not(.sw-row-skeleton)'));
  const lists = (await simulatorCalls()).filter((c) => c.origin && c.method === 'GET' && c.path.startsWith('/api/v2/requests'));
  assert.deepEqual(lists.map((c) => [c.path, c.query, c.authorization]),
    [['/api/v2/requests/open.json', 'page=1&per_page=100&sort_by=updated_at&sort_order=desc', 'bearer']]);
  const started = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    return {
      list: entries.find((e) => new URL(e.name).pathname === '/api/v2/requests/open.json')?.startTime,
      chunks: entries.filter((e) => /support-widget-tickets\.\w+\.wasm$/.test(e.name)).map((e) => e.startTime),
      wasmEnd: entries.find((e) => /support-widget-core\.\w+\.wasm$/.test(e.name))?.responseEnd,
    };
  });
  assert.ok(started.list < started.wasmEnd, `the list started before the wasm had arrived (${started.list} < ${started.wasmEnd})`);
  // Its code too: the chunk downloads beside the main module, once.
  assert.equal(started.chunks.length, 1, 'the chunk is fetched once');
  assert.ok(started.chunks[0] < started.wasmEnd, `the chunk started before the main module had arrived (${started.chunks[0]} < ${started.wasmEnd})`);
  assert.equal(await page.evaluate(() => window.tokenCalls), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** The page's reads of "My tickets"' first page, from the simulator's log. */
const ticketCalls = async () => (await simulatorCalls()).filter((c) => c.origin && c.method === 'GET' && c.path === '/api/v2/requests/open.json');
const TICKETS_PAGE = '/api/v2/requests/open.json';
const listShown = (page) => page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot
  ?.querySelector('.sw-row:not(.sw-row-skeleton)'));

test('a token the wasm would change or refuse is never sent early: the wasm reads, once', async () => {
  for (const [token, expected] of [[`Bearer ${seeded.ADA_TOKEN}`, 'bearer'], ['ada@example.com/token:secret', null]]) {
    await resetSimulator();
    const page = await openPage(browser);
    // Slow enough that a read sent at the tap would go out long before the wasm's own.
    await slowLink(page);
    await page.goto(pageUrl('/pages/basic.html'));
    await signIn(page, token, 'tickets');
    await page.getByRole('button', { name: 'Support' }).click();
    if (expected) {
      await listShown(page);
    } else {
      await page.waitForFunction(() => document.querySelector('support-widget')?.shadowRoot?.querySelector('[role=alert]'));
    }
    const calls = await ticketCalls();
    assert.deepEqual(calls.map((c) => c.authorization), expected ? [expected] : [],
      `${token}: only the wasm's own read, with the token it checked`);
    assert.equal(asked(page, TICKETS_PAGE).length, expected ? 1 : 0);
    if (expected) {
      const read = await page.evaluate((path) => performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path)?.startTime, TICKETS_PAGE);
      const { wasmEnd } = await timings(page);
      assert.ok(read > wasmEnd, `read by the wasm, after it arrived (${read} > ${wasmEnd})`);
    }
    await page.context().close();
  }
});

test('an early read that meets a dropped connection is retried by the wasm, and the form comes', async () => {
  const armed = await fetch(`${simUrl()}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'GET', path: FORMS_LIST, count: 1, kind: 'drop' }),
  });
  assert.ok(armed.ok);
  const page = await openPage(browser);
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await formShown(page);
  const lists = (await formCalls()).filter((c) => c.path === FORMS_LIST);
  assert.deepEqual(lists.map((c) => c.status), [null, 200], 'dropped early, read again by the wasm');
  // The browser logs the failed fetch itself; nothing else went wrong.
  assert.deepEqual(page.errors.filter((e) => !/ERR_EMPTY_RESPONSE|Failed to load resource/.test(e)), []);
  await page.context().close();
});

test('no Zendesk read and no token before the tap, even with the wasm loaded ahead; after it, one each', async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await signIn(page, seeded.ADA_TOKEN);
  await page.getByRole('button', { name: 'Support' }).hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => /support-widget-core\.\w+\.wasm$/.test(e.name) && e.responseEnd > 0));
  await idleTwice(page);
  assert.deepEqual(await simulatorCalls(), [], 'hovering and idle time read nothing from Zendesk');
  assert.equal(await page.evaluate(() => window.tokenCalls), 0, 'nor ask the host for a token');
  await page.getByRole('button', { name: 'Support' }).click();
  await formShown(page);
  assert.equal(asked(page, FORMS_LIST).length, 1);
  assert.equal(asked(page, WITH_FIELDS).length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a token refused at the tap: the wasm asks the host again (not the tap's answer) and goes on", async () => {
  const page = await openPage(browser);
  await page.goto(pageUrl('/pages/basic.html'));
  await page.evaluate(({ token, baseUrl }) => {
    window.tokenCalls = 0;
    SupportWidget('destroy');
    // The first answer has expired; the next one is good.
    SupportWidget('init', { baseUrl, view: 'tickets', getAccessToken: () => (window.tokenCalls++ ? token : 'expired-token') });
  }, { token: seeded.ADA_TOKEN, baseUrl: simUrl() });
  await page.getByRole('button', { name: 'Support' }).click();
  await listShown(page);
  assert.equal(await page.evaluate(() => window.tokenCalls), 2, 'asked at the tap, then once after the 401');
  const lists = await ticketCalls();
  assert.deepEqual(lists.map((c) => c.status), [401, 200], 'the early read met the 401; the wasm read again');
  assert.deepEqual(page.errors.filter((e) => !/401|Failed to load resource/.test(e)), []);
  await page.context().close();
});

test('an account the wasm refuses (a mistyped key, both keys) gets no early read, and no token goes anywhere', async () => {
  for (const settings of [{ baseURL: 'x' }, { subdomain: 'acme', baseUrl: 'y' }, { subdomain: 12 }]) {
    const page = await openPage(browser);
    await page.goto(pageUrl('/pages/basic.html'));
    await page.evaluate((settings) => {
      window.tokenCalls = 0;
      SupportWidget('destroy');
      const fill = (value) => (value == 'y' || value == 'x' ? location.origin : value);
      SupportWidget('init', { ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, fill(v)])), getAccessToken: () => (window.tokenCalls++, 'a-token') });
    }, settings);
    const before = page.requests.length;
    await page.locator('support-widget .sw-launcher').click();
    await page.waitForFunction(() => performance.getEntriesByType('resource')
      .some((e) => /support-widget-core\.\w+\.wasm$/.test(e.name) && e.responseEnd > 0));
    await page.waitForTimeout(300);
    const sent = page.requests.slice(before).filter((url) => !new URL(url).pathname.startsWith('/support-widget'));
    assert.deepEqual(sent, [], `${JSON.stringify(settings)}: nothing but the widget's own files`);
    assert.equal(await page.evaluate(() => window.tokenCalls), 0, `${JSON.stringify(settings)}: the host was not asked`);
    await page.context().close();
  }
});

test('signed out between the tap and the wasm: the tap\'s bearer read is not used', async () => {
  const page = await openPage(browser);
  await slowLink(page);
  await page.goto(pageUrl('/pages/basic.html'));
  await signIn(page, seeded.ADA_TOKEN, 'tickets');
  await page.getByRole('button', { name: 'Support' }).click();
  // The tap's read went out with the token; the visitor signs out before the wasm is there.
  await page.waitForFunction((path) => performance.getEntriesByType('resource')
    .some((e) => new URL(e.name).pathname === path), TICKETS_PAGE);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource')
    .some((e) => /support-widget-core\.\w+\.wasm$/.test(e.name) && e.responseEnd > 0)), false, 'the wasm is still on its way');
  await page.evaluate(() => SupportWidget('logout'));
  await page.getByRole('dialog', { name: 'Support' }).getByText(/requests you send from this device/i).waitFor();
  await page.waitForTimeout(300);
  const lists = await ticketCalls();
  assert.deepEqual(lists.map((c) => c.authorization), ['bearer'], "the tap's read was left; signed out, nothing reads the user's requests");
  assert.equal(await page.evaluate(() => window.tokenCalls), 1, 'asked once, at the tap');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a phone's CPU: the forms with their fields are read once, whichever of the early code and the wasm gets there first", async () => {
  // Drawing the panel holds the main thread longer than the forms list takes to come back, so
  // the wasm may take the list before the early code has read it: then the wasm reads the
  // fields itself, and the early code must not read them a second time (benchmark runs saw two).
  const page = await openPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => { window.requestIdleCallback = () => 1; });
  await page.goto(pageUrl('/pages/basic.html'));
  await page.getByRole('button', { name: 'Support' }).click();
  await formShown(page);
  const { list, withFields } = await timings(page);
  assert.equal(list.length, 1, 'the forms are listed once');
  assert.equal(withFields.length, 1, 'their fields are read once');
  assert.deepEqual((await formCalls()).map((c) => c.path), [FORMS_LIST, WITH_FIELDS]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
