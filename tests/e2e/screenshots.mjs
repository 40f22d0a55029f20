// `cargo xtask screenshots`: the pictures in docs/screenshots/, taken from the current build on
// the demo page against the simulator, so the README shows the widget as it is. Not a test file
// (node --test runs *.test.mjs only); it fails when a screen doesn't come up.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, pageUrl, resetSimulator, seeded } from './support.mjs';

const out = process.env.SW_SCREENSHOTS;
if (!out) throw new Error('SW_SCREENSHOTS is not set: run `cargo xtask screenshots`');
mkdirSync(out, { recursive: true });

const browser = await launch();
const taken = [];

/** The demo page with the launcher panel open; `signedIn` hands the widget Ada's token. */
async function openDemo({ viewport = { width: 1040, height: 820 }, colorScheme = 'light', signedIn = false, locale, phone = false } = {}) {
  await resetSimulator();
  const context = await browser.newContext({
    viewport, colorScheme, deviceScaleFactor: 1, reducedMotion: 'reduce',
    ...(phone && { isMobile: true, hasTouch: true }),
  });
  const page = await context.newPage();
  await page.goto(pageUrl('/'));
  await page.getByRole('button', { name: 'Support' }).waitFor();
  await page.evaluate(async ({ signedIn, locale, token }) => {
    if (signedIn) await SupportWidget('identify', { getAccessToken: () => token });
    if (locale) await SupportWidget('setLocale', locale);
    await SupportWidget('open', signedIn ? 'tickets' : 'contact');
  }, { signedIn, locale, token: seeded.ADA_TOKEN });
  const panel = page.locator('.sw-panel');
  await panel.waitFor();
  return { page, panel };
}

/** Saves the viewport (the page with the open panel) as docs/screenshots/NAME.png. */
async function save(page, name) {
  // Let caret blinks and font swaps settle out of the picture: wait for fonts, hide the caret.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${name}.png`), caret: 'hide', animations: 'disabled' });
  taken.push(name);
  await page.context().close();
}

const ready = (panel) => panel.getByLabel('What is it about?').waitFor();

{
  const { page, panel } = await openDemo();
  await ready(panel);
  await save(page, 'contact-form');
}
{
  const { page, panel } = await openDemo();
  await ready(panel);
  await panel.getByLabel('Subject').fill('password reset');
  await panel.locator('.sw-suggestions a').first().waitFor();
  await save(page, 'suggestions');
}
{
  const { page, panel } = await openDemo();
  await ready(panel);
  await panel.getByLabel('Your name').fill('Grace Visitor');
  await panel.getByLabel('Email').fill('grace.visitor@example.com');
  await panel.getByLabel('Subject').fill('The lathe makes a grinding noise');
  await panel.getByLabel('How can we help?').fill('Since yesterday the lathe grinds at low speed.');
  await panel.getByLabel('What is it about?').selectOption('technical');
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByText(/Request #\d+ sent/).waitFor();
  await save(page, 'sent');
}
{
  const { page, panel } = await openDemo({ signedIn: true });
  await panel.locator('.sw-row[data-id="101"]').waitFor();
  await save(page, 'my-tickets');
}
{
  const { page, panel } = await openDemo({ signedIn: true });
  await panel.getByRole('tab', { name: 'All' }).click();
  await panel.locator('.sw-row[data-id="101"] button').click();
  await panel.getByRole('heading', { name: 'Export fails with an error' }).waitFor();
  await panel.locator('.sw-comment-file').first().waitFor();
  await save(page, 'conversation');
}
{
  const { page, panel } = await openDemo({ signedIn: true, colorScheme: 'dark' });
  await panel.locator('.sw-row[data-id="101"]').waitFor();
  await save(page, 'dark');
}
{
  const { page, panel } = await openDemo({ locale: 'ar' });
  await page.waitForFunction((element) => getComputedStyle(element).direction === 'rtl', await panel.elementHandle());
  await panel.locator('select').first().waitFor();
  await save(page, 'right-to-left');
}
{
  const { page, panel } = await openDemo({ viewport: { width: 390, height: 760 }, phone: true });
  await ready(panel);
  await save(page, 'phone');
}

await browser.close();
console.log(`docs/screenshots: ${taken.map((name) => `${name}.png`).join(', ')}`);
