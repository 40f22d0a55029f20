/*
 * support-widget loader: the only script a host page loads up front (budget: 3 KB gzip).
 *
 * It defines the `SupportWidget(command, ...args)` function (replaying calls queued before it
 * arrived), the <support-widget> element, and draws the launcher with CSS alone. The wasm
 * module is imported only on first interaction (hover, focus or click on the launcher, an
 * `open` command, an inline widget scrolling into view) or when the browser is idle; hover,
 * focus and idle time load nothing under Save-Data or on 2g/slow-2g (the tap does).
 * Asset URLs resolve against this script's own URL, so it works from any CDN path.
 */
(() => {
  const TAG = 'support-widget';
  const doc = document;
  // Loaded twice (an SPA injecting the script per route): the first copy already runs the page.
  if (customElements.get(TAG)) return;
  // Replaced by `cargo xtask dist` with the content-hashed file names.
  const GLUE = '__SW_GLUE__';
  const WASM = '__SW_WASM__';
  const ATTRIBUTES = ['subdomain', 'base-url', 'locale', 'mode', 'view', 'theme', 'position'];
  const script = doc.currentScript;
  const base = script ? script.src : location.href;
  let modulePromise;
  // The glue's import while the wasm loads: its `early` starts the first Zendesk reads.
  let glue;
  let globalElement;

  /**
   * Whether the wasm can't run on this page at all: no WebAssembly (e.g. a locked-down
   * browser), or a compile refused by a Content-Security-Policy without 'wasm-unsafe-eval'.
   */
  const isBlocked = (error) => !window.WebAssembly || error instanceof WebAssembly.CompileError;

  /**
   * Imports and instantiates the wasm module once; later calls share the promise. A failed
   * load is forgotten so the next attempt starts over, unless the wasm is blocked. The wasm's
   * download starts with the glue's, not after it: one round trip less before the form. A
   * host's own module (`SupportWidgetModule`, a bundler's) is used as it is.
   */
  const loadModule = () =>
    (modulePromise ||= (
      window.SupportWidgetModule
        ? Promise.resolve(window.SupportWidgetModule)
        : ((wasm) =>
            (glue = import(new URL(GLUE, base).href)).then((m) =>
              m.default({ module_or_path: wasm }).then(() => m),
            ))(fetch(new URL(WASM, base)))
    )
      .catch((error) => {
        if (!isBlocked(error)) modulePromise = null;
        throw error;
      }));

  /**
   * Removes everything the widget stored on this origin: every localStorage key starting with
   * "support-widget:" (storage may be blocked: then there is nothing to remove).
   */
  const wipe = () => {
    try {
      for (const key of Object.keys(localStorage)) key.startsWith(TAG + ':') && localStorage.removeItem(key);
    } catch {}
  };

  /** One clear console error and a `support-widget:error` event; never a throw into host code. */
  const report = (target, code, error) => {
    const message = String(error?.message || error);
    console.error(TAG + ': ' + message);
    target.dispatchEvent(
      new CustomEvent(TAG + ':error', { bubbles: true, composed: true, detail: { code, message } }),
    );
  };

  const LAUNCHER_CSS =
    ':host{display:block}:host([data-mode=launcher]){display:contents}' +
    '.sw-launcher{all:initial;position:fixed;z-index:var(--sw-z-index,2147483000);' +
    'bottom:calc(16px + env(safe-area-inset-bottom));' +
    'right:calc(16px + env(safe-area-inset-right));width:56px;height:56px;' +
    'border-radius:50%;display:grid;place-items:center;cursor:pointer;' +
    'background:var(--_primary);box-shadow:0 4px 16px #00000040;' +
    // Unless the host sets it, the icon is black or white, whichever reads better on the
    // primary (as in the panel's stylesheet), and the ring keeps the primary's hue at a
    // lightness that shows on a light page.
    '--_primary:var(--sw-color-primary,#1f73b7);' +
    'color:var(--sw-color-on-primary,lch(from var(--_primary) calc((49.44 - l)*infinity) 0 0))}' +
    '@supports not (color:lch(from red l c h)){.sw-launcher{color:var(--sw-color-on-primary,#fff)}}' +
    ':host([data-position=bottom-left]) .sw-launcher{right:auto;' +
    'left:calc(16px + env(safe-area-inset-left))}' +
    '.sw-launcher:focus-visible{outline:3px solid var(--_primary);' +
    'outline-color:lch(from var(--_primary) min(l,43) c h);outline-offset:3px}' +
    '.sw-launcher svg{width:28px;height:28px;fill:currentColor}';
  let launcherSheet;

  class SupportWidgetElement extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    // What the element keeps to itself: the launcher button, the wasm `Widget` once mounted
    // and the promise of it while mounting, the connection's AbortController, whether the
    // fallback link was drawn (`#linked`), and the wait for the next connection with its resolver.
    #launcher;
    #widget;
    #mounting;
    #abort;
    #linked;
    #onConnect;
    #nextConnection;

    /**
     * Host configuration: attributes, overlaid by an `init` object (which may hold functions).
     * An absent attribute reads as null, which the widget takes as not set.
     */
    get settings() {
      const settings = {};
      // The one attribute whose setting name differs: `base-url` is `baseUrl`.
      for (const name of ATTRIBUTES) settings[name == 'base-url' ? 'baseUrl' : name] = this.getAttribute(name);
      return { ...settings, ...this.config };
    }

    connectedCallback() {
      const settings = this.settings;
      const inline = settings.mode === 'inline';
      this.dataset.mode = inline ? 'inline' : 'launcher';
      this.dataset.theme = settings.theme || 'auto';
      this.dataset.position = settings.position || 'bottom-right';
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      if (!launcherSheet) {
        launcherSheet = new CSSStyleSheet();
        launcherSheet.replaceSync(LAUNCHER_CSS);
      }
      root.adoptedStyleSheets = [launcherSheet];
      this.#abort = new AbortController();
      const signal = this.#abort.signal;
      // Loading ahead is best effort: ready() reports a failure, the next action retries.
      const load = (early) => this.#ready(early).catch(() => {});
      // A launcher's is a guess (the visitor may never open it), so it waits for the tap when
      // they asked the browser to save data or are on a 2G-class link.
      const warm = () =>
        navigator.connection?.saveData || /2g/.test(navigator.connection?.effectiveType) || load();
      if (!inline) {
        const launcher = (this.#launcher = launcherLike(root.appendChild(doc.createElement('button'))));
        launcher.type = 'button';
        // setAttribute writes booleans as text ('false'), a few bytes shorter gzipped. The
        // wasm keeps it current as the panel opens and closes.
        launcher.setAttribute('aria-expanded', false);
        launcher.addEventListener('pointerenter', warm, { signal });
        launcher.addEventListener('focus', warm, { signal });
        launcher.addEventListener('click', () => this.command('toggle'), { signal });
        const idle = (window.requestIdleCallback || setTimeout)(warm, { timeout: 4000 });
        signal.addEventListener('abort', () => (window.cancelIdleCallback || clearTimeout)(idle));
      } else {
        const seen = new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) load(1);
        });
        seen.observe(this);
        signal.addEventListener('abort', () => seen.disconnect());
      }
      // Commands given while the element was off the page go ahead now.
      this.#onConnect?.();
      this.#nextConnection = this.#onConnect = null;
    }

    disconnectedCallback() {
      this.#abort.abort();
      this.#widget?.destroy();
      this.#widget = this.#mounting = this.#linked = null;
      this.shadowRoot.replaceChildren();
    }

    /** Any attribute (mode, theme, corner, view, account, language): drawn afresh, as if added
     *  again; a loaded panel is mounted again at once and stays open (on the new `view`). */
    attributeChangedCallback(name) {
      if (!this.#abort || !this.isConnected) return;
      const widget = this.#widget;
      const open = widget?.isOpen;
      const view = name == 'view' ? this.settings.view : widget?.view;
      this.disconnectedCallback();
      this.connectedCallback();
      if (widget) this.#ready().then((w) => open && w.open(view), () => {});
    }

    /**
     * Mounts the panel again with the current settings (new locale, user or prefill), keeping
     * it open on the same tab; what the user typed comes back from the saved draft.
     */
    #remount() {
      const old = this.#widget;
      if (!old) return;
      const open = old.isOpen;
      const view = old.view;
      old.destroy();
      this.#widget = this.#mounting = null;
      return this.#ready().then((widget) => open && widget.open(view));
    }

    /**
     * `forget`: removes what the widget stored on this origin and, when loaded, mounts the panel
     * again, anonymous, so nothing it held in memory is written back. Wiped again after.
     */
    forget() {
      wipe();
      return Promise.resolve(this.update({ getAccessToken: undefined })).then(wipe);
    }

    /** Changes settings at run time: `identify`, `logout`, `setLocale`, `prefill`. */
    update(changes) {
      this.config = { ...this.config, ...changes };
      return this.#remount();
    }

    /**
     * Loads the module and mounts the panel once per connection; resolves with the wasm
     * `Widget`. Off the page (before init finds <body>, or removed), it waits to be connected.
     * A failure is reported once here; callers only decide whether to retry. `early`: the
     * panel is about to show, so while the wasm is still on its way the glue starts the first
     * Zendesk reads (the wasm takes them over).
     */
    #ready(early) {
      if (!this.isConnected) {
        return (this.#nextConnection ||= new Promise((resolve) => (this.#onConnect = resolve))).then(
          () => this.#ready(),
        );
      }
      const { signal } = this.#abort;
      // (`isBlocked` as the rejection handler: a failed load was reported already.)
      if (early && !this.#widget) loadModule(), glue?.then((m) => m.early(this.settings), isBlocked);
      return (this.#mounting ||= loadModule()
        .then((m) => {
          // Removed (and maybe added again) while loading: only the current connection mounts.
          if (signal.aborted) return this.#ready();
          const { getAccessToken, ...settings } = this.settings;
          return (this.#widget = m.mount(this, this.shadowRoot, settings, getAccessToken));
        })
        .catch((error) => {
          if (!signal.aborted) {
            this.#mounting = null;
            if (isBlocked(error)) this.#fallBack();
            else report(this, 'load_failed', error);
          }
          throw error;
        }));
    }

    /** Runs a panel command once loaded; a failure was already reported by ready(). */
    command(name, ...args) {
      return this.#ready(name != 'close' && name != 'forgetUser').then(
        (widget) => widget[name](...args),
        () => {},
      );
    }

    /**
     * The wasm can't run here, so the launcher becomes a link to the Help Center's request
     * form (inline: a link in the page flow), reported once per connection.
     */
    #fallBack() {
      if (this.#linked) return;
      this.#linked = true;
      report(
        this,
        'wasm_blocked',
        "WebAssembly is blocked (the page's CSP needs 'wasm-unsafe-eval' in script-src); " +
          'linking to the Help Center',
      );
      const link = doc.createElement('a');
      const { baseUrl, subdomain } = this.settings;
      // A javascript: or data: URL can't be a base, so this is always a web address.
      link.href = new URL('/hc/requests/new', baseUrl || 'https://' + subdomain + '.zendesk.com');
      // A new tab without `window.opener` (what `_blank` means in every browser that runs this).
      link.target = '_blank';
      if (this.#launcher) {
        launcherLike(link);
        const hadFocus = this.shadowRoot.activeElement === this.#launcher;
        this.#launcher.replaceWith(link);
        this.#launcher = null;
        if (hadFocus) link.focus();
      } else {
        link.textContent = 'Contact support';
        this.shadowRoot.append(link);
      }
    }
  }

  /** Makes `element` the launcher: its class, part, accessible name and icon. */
  function launcherLike(element) {
    element.className = 'sw-launcher';
    element.part = 'launcher';
    element.setAttribute('aria-label', 'Support');
    element.append(icon());
    return element;
  }

  function icon() {
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', true);
    const path = svg.appendChild(doc.createElementNS(svg.namespaceURI, 'path'));
    path.setAttribute(
      'd',
      'M12 2C6.5 2 2 5.9 2 10.7c0 2.6 1.3 4.9 3.4 6.5L4.6 22l5-2.6c.8.2 1.6.3 2.4.3 5.5 0 10-3.9 10-8.7S17.5 2 12 2z',
    );
    return svg;
  }

  // [type, fn, wrapped] per `on` call, so `off` removes the one registration for that event.
  const handlers = [];
  const handlerIndex = (type, fn) => handlers.findIndex((h) => h[0] === type && h[1] === fn);
  const commands = {
    // Draws the launcher; the wasm still waits for first interaction or idle time.
    init(config) {
      if (globalElement) throw Error('init was already called; use destroy first');
      const element = (globalElement = doc.createElement(TAG));
      element.config = config;
      const attach = () => globalElement === element && doc.body.append(element);
      if (doc.body) attach();
      else doc.addEventListener('DOMContentLoaded', attach, { once: true });
    },
    identify(user) {
      if (!user || typeof user.getAccessToken !== 'function') {
        throw Error('identify: pass {getAccessToken: function}');
      }
      return globalElement.update({ getAccessToken: user.getAccessToken });
    },
    // Clears this user's drafts and receipts from the device, then mounts anonymously.
    logout: () =>
      globalElement.command('forgetUser').then(() => globalElement.update({ getAccessToken: undefined })),
    setLocale(locale) {
      if (typeof locale !== 'string') throw Error('setLocale: pass a language tag ("de")');
      return globalElement.update({ locale });
    },
    prefill: (values) => globalElement.update({ prefill: values }),
    // Works before init too (a "delete my data" page need not show the widget).
    forget: () => (globalElement ? globalElement.forget() : wipe()),
    // Like addEventListener: the same function twice for one event is registered once.
    on(type, fn) {
      if (typeof fn != 'function') throw Error('on: pass an event name and function');
      if (handlerIndex(type, fn) >= 0) return;
      const wrapped = (event) => fn(event.detail, event);
      handlers.push([type, fn, wrapped]);
      doc.addEventListener(TAG + ':' + type, wrapped);
    },
    off(type, fn) {
      const index = handlerIndex(type, fn);
      if (index >= 0) doc.removeEventListener(TAG + ':' + type, handlers.splice(index, 1)[0][2]);
    },
    destroy() {
      globalElement?.remove();
      globalElement = null;
    },
  };

  // Panel commands: they wait for the wasm (loading it now if needed).
  for (const name of ['open', 'close', 'toggle']) {
    commands[name] = (...args) => globalElement.command(name, ...args);
  }

  /** The public command function: `SupportWidget('open', 'tickets')`. Always returns a Promise. */
  function SupportWidget(name, ...args) {
    const fail = (error) => report(globalElement || doc, 'bad_command', error);
    try {
      if (!Object.hasOwn(commands, name)) throw Error('unknown command ' + JSON.stringify(name));
      if (!globalElement && !/^(init|on|off|destroy|forget)$/.test(name)) {
        throw Error(name + ': call init first');
      }
      return Promise.resolve(commands[name](...args)).then(
        () => undefined,
        fail,
      );
    } catch (error) {
      fail(error);
      return Promise.resolve();
    }
  }

  const queued = window.SupportWidget?.q || [];
  window.SupportWidget = SupportWidget;
  customElements.define(TAG, SupportWidgetElement);
  const data = script?.dataset || {};
  if (data.subdomain || data.baseUrl) SupportWidget('init', { ...data });
  for (const args of queued) SupportWidget(...args);
})();
