/*
 * The first Zendesk reads of an anonymous contact form, started at the tap while the wasm is
 * still downloading, and handed to the wasm when it asks for the same URL.
 *
 * `cargo xtask dist` bundles this module into the wasm-bindgen glue; the loader calls `early`
 * when the visitor opens a panel whose wasm is not mounted yet, and the browser transport
 * (`src/api/browser.rs`) calls `take` before each anonymous GET. Nothing here decides what
 * the widget shows: a read the wasm doesn't ask for within `KEPT_MS` is dropped, and a guess
 * that differs from the wasm's URL by one byte is simply not taken (the wasm reads afresh).
 * Signed-in and Help Center reads are never started here: their credential comes from
 * `getAccessToken` or the session cookie, and only the wasm checks and sends it.
 */

/** The languages the wasm ships, in `i18n::LANGUAGES` order (a native test keeps them equal). */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar', 'he'];
/** How long a read started here waits to be taken: the wasm's own read deadline. */
const KEPT_MS = 30000;
const FORMS = '/api/v2/ticket_forms';
const LIST = FORMS + '.json?active=true&end_user_visible=true&associated_to_brand=true';

/** URL → { response: Promise<Response>, abort: AbortController } of reads not taken yet. */
const started = new Map();

/** `i18n::negotiate`: an exact tag, then the same primary language, else English. */
const language = (preferred) => {
  const lower = (tag) => tag.trim().replace(/_/g, '-').toLowerCase();
  for (const wanted of preferred.filter(Boolean).map(lower)) {
    const found =
      LANGUAGES.find((tag) => tag.toLowerCase() == wanted) ||
      LANGUAGES.find((tag) => lower(tag).split('-')[0] == wanted.split('-')[0]);
    if (found) return found;
  }
  return LANGUAGES[0];
};

/** Starts an anonymous GET of `url` once, as the wasm's transport would send it. */
const read = (url) => {
  if (!started.has(url)) {
    const abort = new AbortController();
    const entry = {
      abort,
      response: fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'omit',
        signal: abort.signal,
      }),
    };
    // Not taken in time: the wasm went another way (or never loaded), so the read is dropped.
    setTimeout(() => {
      if (started.get(url) === entry) {
        started.delete(url);
        abort.abort();
      }
    }, KEPT_MS);
    started.set(url, entry);
  }
  return started.get(url).response;
};

/**
 * Starts the contact form's reads for these loader settings: the forms list, then the forms
 * with their fields (`Services::contact_forms`), or those of the host's `ticketFormIds`.
 *
 * @param {Record<string, unknown>} settings the element's settings (attributes and `init`)
 */
export function early(settings) {
  const { subdomain, baseUrl, locale, view, getAccessToken, ticketFormIds } = settings;
  if (getAccessToken || view == 'tickets') return;
  let origin;
  try {
    origin = baseUrl ? new URL(baseUrl).origin : 'https://' + subdomain.trim().toLowerCase() + '.zendesk.com';
  } catch {
    return;
  }
  // On the Help Center's own origin the wasm may use the visitor's session instead.
  if (origin == location.origin) return;
  const tag = language([locale, ...navigator.languages]);
  const withFields = (ids) =>
    ids.length &&
    read(
      origin +
        FORMS +
        '/show_many.json?ids=' +
        encodeURIComponent(ids.join(',')) +
        '&include=ticket_fields&active=true&end_user_visible=true&locale=' +
        encodeURIComponent(tag),
    );
  if (ticketFormIds) return withFields(String(ticketFormIds).match(/\d+/g) || []);
  read(origin + LIST)
    .then((response) => response.ok && response.clone().json())
    .then((body) =>
      withFields(body.ticket_forms.filter((f) => f.active && f.end_user_visible).map((f) => f.id)),
    )
    .catch(() => {});
}

/**
 * The read started here for `url`, once, tied to `signal` (the wasm's deadline and
 * cancellation abort it as they would the wasm's own fetch); `undefined` when there is none.
 *
 * @param {string} url
 * @param {AbortSignal} signal
 * @returns {Promise<Response> | undefined}
 */
export function take(url, signal) {
  const entry = started.get(url);
  if (!entry) return;
  started.delete(url);
  signal.addEventListener('abort', () => entry.abort.abort(), { once: true });
  return entry.response;
}
