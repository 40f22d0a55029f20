// The widget under a strict Content-Security-Policy with Trusted Types enforced, sent by the
// page server as a response header (pages/*.html.headers); and the fallback when the policy
// leaves out 'wasm-unsafe-eval'. pages/csp-watch.js counts violations from the first byte.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  fillContactForm, launch, openPage, pageUrl, resetSimulator, screenshot, seeded, settled, simUrl,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });
beforeEach(resetSimulator);

const violations = (page) => page.evaluate(() => window.cspViolations);

test('strict CSP and Trusted Types: contact, send, My tickets and a conversation without a violation', async () => {
  const page = await openPage(browser, { viewport: { width: 900, height: 900 } });
  const response = await page.goto(pageUrl('/pages/csp-strict.html'));
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/, 'the page really is served under the policy');
  assert.match(policy, /require-trusted-types-for 'script'/);

  await page.getByRole('button', { name: 'Support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.waitFor();
  await fillContactForm(dialog, { subject: 'password reset from a strict page' });
  // Suggestions come from a Help Center search: one more call under connect-src.
  await dialog.locator('.sw-suggestions a').first().waitFor();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText(/Request #\d+ sent/).waitFor();

  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator(`.sw-row[data-id="${seeded.RICH}"] button`).click();
  await dialog.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
  // The agent's HTML went through DOMParser (a Trusted Types sink) and came out as markup,
  // not as the plain-text fallback.
  await dialog.locator('.sw-rich-text strong', { hasText: 'Settings → Data' }).waitFor();
  await dialog.locator('.sw-rich-text code', { hasText: 'acme export --all' }).first().waitFor();
  await screenshot(page, 'csp-strict-conversation');

  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('strict CSP and Trusted Types: a German visitor, whose texts are a file of their own, without a violation', async () => {
  const page = await openPage(browser, { locale: 'de-DE' });
  await page.goto(pageUrl('/pages/csp-strict.html'));
  await page.locator('support-widget .sw-launcher').click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'Support kontaktieren' }).waitFor();
  assert.ok(page.requests.some((url) => /\/support-widget-de\.\w+\.txt$/.test(url)), 'the German file was read');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("without 'wasm-unsafe-eval' the launcher becomes a link to the Help Center, with one error", async () => {
  const page = await openPage(browser);
  const consoleErrors = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  await page.addInitScript(() => {
    window.widgetErrors = [];
    document.addEventListener('support-widget:error', (event) => window.widgetErrors.push(event.detail));
  });
  await page.goto(pageUrl('/pages/csp-no-wasm.html'));
  // Reaching for the launcher loads the widget (idle time may have done it already: then the
  // launcher is the link by now).
  await page.locator('.sw-launcher').hover();

  const link = page.getByRole('link', { name: 'Support' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `${simUrl()}/hc/requests/new`);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await page.getByRole('button', { name: 'Support' }).count(), 0);
  // More attempts (a command, another hover) don't report again.
  await page.evaluate(() => SupportWidget('open'));
  await link.hover();
  await settled(page);
  await screenshot(page, 'csp-no-wasm-fallback');

  const ours = consoleErrors.filter((text) => text.startsWith('support-widget:'));
  assert.equal(ours.length, 1, `one console error from the widget: ${JSON.stringify(consoleErrors)}`);
  assert.match(ours[0], /'wasm-unsafe-eval'/);
  const events = await page.evaluate(() => window.widgetErrors);
  assert.deepEqual(events.map((e) => e.code), ['wasm_blocked']);
  // Nothing thrown into the host page; the browser's own report of the refused compile is the
  // only other line in the console.
  assert.deepEqual(page.errors.filter((e) => !consoleErrors.includes(e)), []);
  const others = consoleErrors.filter((text) => !text.startsWith('support-widget:'));
  assert.ok(others.every((text) => /wasm-unsafe-eval|WebAssembly/.test(text)), JSON.stringify(others));
  const blocked = await violations(page);
  assert.ok(blocked.length > 0 && blocked.every((v) => v.startsWith('script-src')), JSON.stringify(blocked));
  await page.context().close();
});

// Agent comments as email and hostile senders write them: handlers, style attributes and
// <style>, javascript: URLs, <svg>, <iframe>, <form>, <base>, <meta http-equiv>, CSS url().
const HOSTILE_COMMENT = [
  '<div class="zd-comment" dir="auto" style="font-family:Arial;color:#333">',
  '<p style="margin:0 0 10px">Hostile reply: <b style="font-weight:bold">bold survives</b></p>',
  '<img src="x" onerror="window.__xss=1"><img src="https://example.invalid/p.png" onload="window.__xss=1" alt="pixel alt">',
  '<a href="javascript:window.__xss=1" onclick="window.__xss=1">script link text</a> ',
  '<a href="https://example.com/help" onmouseover="window.__xss=1" style="color:red">safe link</a>',
  '<svg onload="window.__xss=1"><script>window.__xss=1</script><a href="javascript:window.__xss=1"><text>svg text</text></a></svg>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe><iframe src="javascript:parent.__xss=1"></iframe>',
  '<form action="javascript:window.__xss=1"><button formaction="javascript:window.__xss=1">go</button><input autofocus onfocus="window.__xss=1"></form>',
  '<base href="javascript:window.__xss=1//"><meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<meta http-equiv="Content-Security-Policy" content="default-src *">',
  '<p style="background:url(javascript:window.__xss=1)">css url paragraph</p>',
  '<style>@import "https://example.invalid/x.css"; *{background:url(https://example.invalid/t.png)}</style>',
  '<script>window.__xss=1</script></div>',
].join('');
const EMAIL_COMMENT = [
  '<table width="100%" cellpadding="0" style="border-collapse:collapse;font-family:Helvetica">',
  '<tr><td style="padding:12px;background:#f4f4f4"><font face="Arial" color="#555">Dear customer,</font></td></tr>',
  '<tr><td style="padding:12px"><span style="font-size:14px">Your order <strong style="color:#c00">#4711</strong> shipped today.</span><br>',
  '<span style="font-size:12px;color:#999">Track it in your account.</span></td></tr></table>',
  '<div style="border-top:1px solid #ddd;margin-top:8px"><center style="font-size:11px">Acme Support</center></div>',
].join('');

test('strict CSP: hostile and inline-styled agent HTML raises no violation, runs nothing, reads well', async () => {
  const page = await openPage(browser, { viewport: { width: 900, height: 1000 } });
  for (const html_body of [HOSTILE_COMMENT, EMAIL_COMMENT]) {
    const response = await fetch(`${simUrl()}/__sim/requests/107/agent_comment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: 'plain fallback', html_body }),
    });
    assert.equal(response.status, 201);
  }
  await page.goto(pageUrl('/pages/csp-strict.html'));
  await page.evaluate((token) => SupportWidget('identify', { getAccessToken: () => token }), seeded.ADA_TOKEN);
  await page.evaluate(() => SupportWidget('open', 'tickets'));
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await dialog.getByRole('tab', { name: 'All' }).click();
  await dialog.locator('.sw-row[data-id="107"] button').click();
  const hostile = dialog.locator('.sw-rich-text', { hasText: 'Hostile reply' });
  await hostile.waitFor();
  const email = dialog.locator('.sw-rich-text', { hasText: 'Dear customer' });
  await email.waitFor();

  // Readable: the text is there, formatting kept where it is safe, nothing of the styles.
  await hostile.locator('strong', { hasText: 'bold survives' }).waitFor();
  for (const text of ['script link text', 'safe link', 'css url paragraph', 'pixel alt']) {
    assert.ok((await hostile.innerText()).includes(text), text);
  }
  assert.equal(await hostile.locator('a[href="https://example.com/help"]').count(), 1);
  assert.equal(await hostile.locator('a[href^="javascript"]').count(), 0);
  const emailText = await email.innerText();
  for (const text of ['Dear customer,', 'Your order #4711 shipped today.', 'Track it in your account.', 'Acme Support']) {
    assert.ok(emailText.includes(text), `${text} in ${JSON.stringify(emailText)}`);
  }
  assert.equal(await email.locator('strong', { hasText: '#4711' }).count(), 1);
  const styled = await dialog.locator('.sw-rich-text [style], .sw-rich-text style, .sw-rich-text [onerror], .sw-rich-text svg, .sw-rich-text iframe, .sw-rich-text form').count();
  assert.equal(styled, 0, 'no style, handler or active element reached the page');
  await email.scrollIntoViewIfNeeded();
  await screenshot(page, 'csp-strict-hostile-html');

  assert.deepEqual(page.errors, [], 'nothing logged before the fence (which logs its own)');
  // A violation of the test's own, raised now, is a fence: reports are delivered in order, so
  // once it has arrived every report the widget's parsing raised has arrived before it.
  await page.evaluate(() => {
    const fence = document.createElement('div');
    fence.setAttribute('style', 'outline: 0');
    document.body.append(fence);
  });
  await page.waitForFunction(() => window.cspViolations.length > 0);
  const reported = await violations(page);
  assert.equal(reported.length, 1, `only the fence, no report from the widget: ${JSON.stringify(reported)}`);
  assert.match(reported[0], /^style-src-attr /);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing ran');
  await page.context().close();
});
