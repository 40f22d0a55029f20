/*
 * What the first screen needs besides the wasm, started at the tap while the wasm is still
 * downloading: its first Zendesk reads, handed to the wasm when it asks for the same URL, the
 * visitor's language file when the split build carries that language apart (`texts`), and
 * the "My tickets" chunk when that is the first screen (`takeChunk`).
 *
 * `cargo xtask dist` bundles this module into the wasm-bindgen glue; the loader calls `early`
 * when the visitor opens a panel whose wasm is not mounted yet, and the browser transport
 * (`src/api/browser.rs`) calls `take` before each GET without cookies. Nothing here decides what
 * the widget shows: a read the wasm doesn't ask for within `KEPT_MS` is dropped, and a guess
 * that differs from the wasm's URL by one byte is simply not taken (the wasm reads afresh).
 * The contact form's reads go without a token, signed in or not, as the wasm sends them
 * (Zendesk shows the forms alike to anyone, and a read without `Authorization` needs no CORS
 * preflight). "My tickets"' first page starts here with the token the host's
 * `getAccessToken` gives at the tap, sent only to the configured Zendesk origin and only when
 * it is a plain bearer token the wasm would send unchanged; the wasm then takes that same
 * answer of the host (`token`) rather than asking twice, and takes a read only when its own
 * `Authorization` is the one the read was sent with. Help Center reads (the session cookie)
 * never start here.
 */

/** The languages the wasm ships, in `i18n::TAGS` order (a native test keeps them equal). */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar', 'he'];
/** How long a read started here waits to be taken: the wasm's own read deadline. */
const KEPT_MS = 30000;
/** How long the panel waits for its language file before it is drawn in English. */
const TEXTS_MS = 10000;
const FORMS = '/api/v2/ticket_forms';
const LIST = FORMS + '.json?active=true&end_user_visible=true&associated_to_brand=true';
/** "My tickets"' first page: the open tab, newest activity first (`Services::list_page`). */
const TICKETS = '/api/v2/requests/open.json?page=1&per_page=100&sort_by=updated_at&sort_order=desc';
/** RFC 6750's token68 without `/`: what `identity::check_token` passes through unchanged. */
const PLAIN_TOKEN = /^[\w.~+-]+=*$/;

/** A read's `key` → { response: Promise<Response>, abort } of reads not taken yet. */
const started = new Map();
/** A read's key: its `Authorization` (empty without one), a space, its URL. */
const key = (url, authorization) => (authorization || '') + ' ' + url;
/** The host's `getAccessToken` and its answer at the tap, until the wasm asks for a token. */
let tokenAtTap;
/** Chunk name → URL, and the chunk downloads started at the tap, until the wasm takes them. */
let chunkFiles = {};
const chunkReads = new Map();
/** Language tag → URL (beside the glue) of the languages the split build carries apart. */
let textFiles = {};
/** Language tag → Promise of its file's text, read once (again after a failure). */
const textReads = new Map();

/** `i18n::negotiate`: an exact tag, then the same primary language, else English. */
const language = (preferred) => {
  const lower = (tag) => String(tag).trim().replace(/_/g, '-').toLowerCase();
  for (const wanted of preferred.filter(Boolean).map(lower)) {
    const found =
      LANGUAGES.find((tag) => tag.toLowerCase() == wanted) ||
      LANGUAGES.find((tag) => lower(tag).split('-')[0] == wanted.split('-')[0]);
    if (found) return found;
  }
  return LANGUAGES[0];
};

/**
 * Starts a GET of `url` once, as the wasm's transport would send it: anonymous, or with
 * `authorization` (then, like the wasm's credentialed calls, refusing to follow a redirect).
 */
const read = (url, authorization) => {
  const id = key(url, authorization);
  if (!started.has(id)) {
    const abort = new AbortController();
    const headers = { Accept: 'application/json' };
    if (authorization) headers.Authorization = authorization;
    const entry = {
      abort,
      response: fetch(url, {
        headers,
        credentials: 'omit',
        redirect: authorization ? 'manual' : 'follow',
        signal: abort.signal,
      }),
    };
    // Not taken in time: the wasm went another way (or never loaded), so the read is dropped.
    setTimeout(() => {
      if (started.get(id) === entry) {
        started.delete(id);
        abort.abort();
      }
    }, KEPT_MS);
    started.set(id, entry);
  }
  return started.get(id).response;
};

/**
 * The Zendesk origin exactly as the wasm's `Config::from_options` and `ZendeskOrigin` would
 * build it, else none: one of `subdomain` and `baseUrl`, a string (a missing, doubled or
 * mistyped account reads nothing early, as the wasm refuses it), https or http on loopback,
 * nothing but scheme, host and port. Stricter where unsure: only ASCII blanks are trimmed and
 * the host is plain letters, digits, `-` and `.`, so whatever passes here passes there too.
 */
const zendeskOrigin = ({ subdomain, baseUrl }) => {
  const text = (value) => (typeof value == 'string' ? value.replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, '') : value == null ? '' : 0);
  const label = text(subdomain);
  const base = text(baseUrl);
  if (label === 0 || base === 0 || !label == !base) return;
  if (label) return /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/i.test(label) && 'https://' + label.toLowerCase() + '.zendesk.com';
  const [, scheme, host, port] = base.match(/^(https?):\/\/([a-z\d-]+(?:\.[a-z\d-]+)*)\.?(?::(\d{1,5}))?\/?$/i) || [];
  const secure = scheme?.toLowerCase() == 'https';
  const name = host?.toLowerCase();
  const number = port && +port;
  if (!host || number > 65535 || !(secure || /^(localhost|127\.0\.0\.1|.+\.localhost)$/.test(name))) return;
  return (secure ? 'https://' : 'http://') + name + (port && number != (secure ? 443 : 80) ? ':' + number : '');
};

/**
 * Names the wasm chunks: the split build's glue calls it once.
 *
 * @param {Record<string, string>} files chunk name → the chunk's URL
 */
export function knowChunks(files) {
  chunkFiles = files;
}

/**
 * The download of chunk `name` for the glue's chunk loader: the one started at the tap (once),
 * else a new one.
 *
 * @param {string} name
 * @returns {Promise<Response>}
 */
export function takeChunk(name) {
  const started = chunkReads.get(name);
  chunkReads.delete(name);
  return started || fetch(chunkFiles[name]);
}

/**
 * Names the language files: the split build's glue calls it once.
 *
 * @param {Record<string, string>} files language tag → the file's URL
 */
export function knowTexts(files) {
  textFiles = files;
}

/**
 * The text of `tag`'s language file, read once per page; `undefined` when this build has
 * none for it (English, and every language in a build that carries them all). With `within`,
 * the promise settles after at most that many milliseconds, with `undefined` if the file
 * hasn't come (its read goes on, for the next time it is asked for).
 *
 * @param {string} tag
 * @param {number} [within]
 * @returns {Promise<string | undefined> | undefined}
 */
export function texts(tag, within) {
  const file = textFiles[tag];
  if (!file) return;
  if (!textReads.has(tag)) {
    // The panel waits for it: a stalled connection must not keep it away for long.
    const text = fetch(file, { signal: AbortSignal.timeout?.(TEXTS_MS) }).then((r) =>
      r.ok ? r.text() : Promise.reject(Error(r.status)),
    );
    text.catch(() => textReads.delete(tag));
    textReads.set(tag, text);
  }
  const text = textReads.get(tag);
  return within == null ? text : Promise.race([text, new Promise((resolve) => setTimeout(resolve, within))]);
}

/**
 * Drops what the tap started with a credential: the host's answer to `getAccessToken` and the
 * reads sent with it. The wasm calls it when a widget goes, forgets its user, or mounts
 * without a signed-in user.
 */
export function forget() {
  tokenAtTap = undefined;
  for (const [id, entry] of started) {
    if (id[0] != ' ') {
      started.delete(id);
      entry.abort.abort();
    }
  }
}

/**
 * The host's answer to `getAccessToken`: the one asked for at the tap (once, and only for
 * this same function), else a new call. What it returns, or throws, is the host's own.
 *
 * @param {Function} getAccessToken
 */
export function token(getAccessToken) {
  const kept = tokenAtTap;
  tokenAtTap = undefined;
  return kept?.from === getAccessToken ? kept.answer : getAccessToken();
}

/**
 * Starts what the first screen needs for these loader settings: the language file; for the
 * contact form the forms list, then the forms with their fields (`Services::contact_forms`),
 * or those of the host's `ticketFormIds`, read without a token; for "My tickets" its chunk
 * and, signed in, its first page, for which the host's `getAccessToken` is asked here, once.
 *
 * @param {Record<string, unknown>} settings the element's settings (attributes and `init`)
 */
export function early(settings) {
  const { locale, view, getAccessToken, ticketFormIds } = settings;
  const tag = language([locale, ...navigator.languages]);
  texts(tag);
  // "My tickets" first: its code is a chunk, needed as soon as the main module is running.
  if (view == 'tickets' && chunkFiles.tickets && !chunkReads.has('tickets')) {
    const download = fetch(chunkFiles.tickets);
    download.catch(() => {});
    chunkReads.set('tickets', download);
  }
  const origin = zendeskOrigin(settings);
  // On the Help Center's own origin the wasm may use the visitor's session instead.
  if (!origin || origin == location.origin) return;
  const signedIn = typeof getAccessToken == 'function';
  // Anything else the wasm refuses to mount with.
  if (!signedIn && getAccessToken != null) return;
  // The contact form's reads are Zendesk's alike for anyone: without a token (and so without
  // a CORS preflight), signed in or not, as the wasm sends them (`Client::get_public`).
  if (view != 'tickets') return formReads(origin, tag, ticketFormIds);
  if (signedIn) {
    if (tokenAtTap?.from !== getAccessToken) {
      const answer = new Promise((resolve) => resolve(getAccessToken()));
      tokenAtTap = { from: getAccessToken, answer };
      setTimeout(() => tokenAtTap?.answer === answer && (tokenAtTap = undefined), KEPT_MS);
    }
    const { answer } = tokenAtTap;
    // Read only while the answer is still the one to hand over (not after 30 s, not after
    // the wasm took it or the widget went).
    answer
      .then((token) => tokenAtTap?.answer === answer && typeof token == 'string' && PLAIN_TOKEN.test(token) && read(origin + TICKETS, 'Bearer ' + token))
      .catch(() => {});
  }
}

/** The contact form's two reads: the forms list, then those forms with their fields. */
function formReads(origin, tag, ticketFormIds) {
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
  const list = read(origin + LIST);
  list
    .then((response) => response.ok && response.clone().json())
    .then(
      (body) =>
        // Taken already (or dropped), the list is the wasm's: it reads the fields itself, and
        // a read started here now would be a second one.
        started.get(key(origin + LIST))?.response === list &&
        withFields(body.ticket_forms.filter((f) => f.active && f.end_user_visible).map((f) => f.id)),
    )
    .catch(() => {});
}

/**
 * The read started here for `url`, once, tied to `signal` (the wasm's deadline and
 * cancellation abort it as they would the wasm's own fetch); `undefined` when there is none.
 *
 * @param {string} url
 * @param {string | undefined} authorization the wasm's `Authorization` header, if any
 * @param {AbortSignal} signal
 * @returns {Promise<Response> | undefined}
 */
export function take(url, authorization, signal) {
  const id = key(url, authorization);
  const entry = started.get(id);
  if (!entry) return;
  started.delete(id);
  signal.addEventListener('abort', () => entry.abort.abort(), { once: true });
  return entry.response;
}
