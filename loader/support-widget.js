/*
 * support-widget loader: the only script a host page loads up front (budget: 3 KB gzip).
 *
 * It defines the `SupportWidget(command, ...args)` function (replaying calls queued before it
 * arrived), the <support-widget> element, and draws the launcher with CSS alone. The wasm
 * module is imported only on first interaction (hover, focus or click on the launcher, an
 * `open` command, an inline widget scrolling into view) or when the browser is idle.
 * Asset URLs resolve against this script's own URL, so it works from any CDN path.
 */
(() => {
  const TAG = 'support-widget';
  // Replaced by `cargo xtask dist` with the content-hashed file names.
  const GLUE = '__SW_GLUE__';
  const WASM = '__SW_WASM__';
  const ATTRIBUTES = ['subdomain', 'base-url', 'locale', 'mode', 'view', 'theme', 'position'];
  const script = document.currentScript;
  const base = script ? script.src : location.href;
  let modulePromise;
  let globalElement;

  /** Imports and instantiates the wasm module once; later calls share the promise. */
  const loadModule = () =>
    (modulePromise ||= Promise.resolve(window.SupportWidgetModule).then(
      (preloaded) =>
        preloaded ||
        import(new URL(GLUE, base).href).then((m) =>
          m.default({ module_or_path: new URL(WASM, base) }).then(() => m),
        ),
    ));

  const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());

  /** One clear console error and a `support-widget:error` event; never a throw into host code. */
  const report = (target, code, error) => {
    const message = String((error && error.message) || error);
    console.error('support-widget: ' + message);
    target.dispatchEvent(
      new CustomEvent(TAG + ':error', { bubbles: true, composed: true, detail: { code, message } }),
    );
  };

  const LAUNCHER_CSS =
    ':host{display:block}:host([data-mode=launcher]){display:contents}' +
    '.sw-launcher{all:initial;position:fixed;z-index:var(--sw-z-index,2147483000);' +
    'bottom:calc(16px + env(safe-area-inset-bottom,0px));' +
    'right:calc(16px + env(safe-area-inset-right,0px));width:56px;height:56px;' +
    'border-radius:50%;display:grid;place-items:center;cursor:pointer;' +
    'background:var(--_primary);box-shadow:0 4px 16px rgb(0 0 0/.25);' +
    // Unless the host sets it, the icon is black or white, whichever reads better on the
    // primary (as in the panel's stylesheet), and the ring keeps the primary's hue at a
    // lightness that shows on a light page.
    '--_primary:var(--sw-color-primary,#1f73b7);' +
    'color:var(--sw-color-on-primary,lch(from var(--_primary) calc((49.44 - l)*infinity) 0 0))}' +
    '@supports not (color:lch(from red l c h)){.sw-launcher{color:var(--sw-color-on-primary,#fff)}}' +
    ':host([data-position=bottom-left]) .sw-launcher{right:auto;' +
    'left:calc(16px + env(safe-area-inset-left,0px))}' +
    '.sw-launcher:focus-visible{outline:3px solid var(--_primary);' +
    'outline-color:lch(from var(--_primary) min(l,43) c h);outline-offset:3px}' +
    '.sw-launcher svg{width:28px;height:28px;fill:currentColor}';
  let launcherSheet;

  class SupportWidgetElement extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    /** Host configuration: attributes, overlaid by an `init` object (which may hold functions). */
    get settings() {
      const settings = {};
      for (const name of ATTRIBUTES) {
        if (this.hasAttribute(name)) settings[camel(name)] = this.getAttribute(name);
      }
      return Object.assign(settings, this.config);
    }

    connectedCallback() {
      const settings = this.settings;
      this.dataset.mode = settings.mode === 'inline' ? 'inline' : 'launcher';
      this.dataset.theme = settings.theme || 'auto';
      this.dataset.position = settings.position || 'bottom-right';
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      if (!launcherSheet) {
        launcherSheet = new CSSStyleSheet();
        launcherSheet.replaceSync(LAUNCHER_CSS);
      }
      root.adoptedStyleSheets = [launcherSheet];
      this.abort = new AbortController();
      const signal = this.abort.signal;
      if (this.dataset.mode === 'launcher') {
        this.launcher = root.appendChild(document.createElement('button'));
        this.launcher.className = 'sw-launcher';
        this.launcher.part = 'launcher';
        this.launcher.type = 'button';
        this.launcher.setAttribute('aria-label', 'Support');
        this.launcher.setAttribute('aria-expanded', 'false');
        this.launcher.append(icon());
        const warm = () => this.ready();
        this.launcher.addEventListener('pointerenter', warm, { signal });
        this.launcher.addEventListener('focus', warm, { signal });
        this.launcher.addEventListener('click', () => this.command('toggle'), { signal });
        const onIdle = window.requestIdleCallback || setTimeout;
        const idle = onIdle(warm, { timeout: 4000 });
        signal.addEventListener('abort', () => (window.cancelIdleCallback || clearTimeout)(idle));
      } else {
        const seen = new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) this.ready();
        });
        seen.observe(this);
        signal.addEventListener('abort', () => seen.disconnect());
      }
      for (const type of ['open', 'close']) {
        this.addEventListener(
          TAG + ':' + type,
          () => this.launcher && this.launcher.setAttribute('aria-expanded', type === 'open'),
          { signal },
        );
      }
    }

    disconnectedCallback() {
      this.abort.abort();
      if (this.widget) this.widget.destroy();
      this.widget = this.mounting = null;
      this.shadowRoot.replaceChildren();
    }

    attributeChangedCallback() {
      if (this.widget && this.isConnected) this.remount();
    }

    /**
     * Mounts the panel again with the current settings (new locale, user or prefill), keeping
     * it open on the same tab; what the user typed comes back from the saved draft.
     */
    remount() {
      const old = this.widget;
      if (!old) return;
      const open = old.isOpen;
      const view = old.view;
      old.destroy();
      this.widget = this.mounting = null;
      return this.ready().then((widget) => open && widget.open(view));
    }

    /** Changes settings at run time: `identify`, `logout`, `setLocale`, `prefill`. */
    update(changes) {
      this.config = Object.assign({}, this.config, changes);
      return this.widget ? this.remount() : undefined;
    }

    /** Loads the module and mounts the panel once; resolves with the wasm `Widget`. */
    ready() {
      return (this.mounting ||= loadModule().then((m) => {
        if (!this.isConnected) throw new Error('the element was removed before it loaded');
        const { getAccessToken, ...settings } = this.settings || {};
        return (this.widget = m.mount(this, this.shadowRoot, JSON.stringify(settings), getAccessToken));
      }));
    }

    /** Runs a panel command once loaded; errors are reported, not thrown. */
    command(name, ...args) {
      return this.ready().then(
        (widget) => widget[name](...args),
        (error) => {
          this.mounting = null;
          report(this, 'load_failed', error);
        },
      );
    }
  }

  function icon() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = svg.appendChild(document.createElementNS(svg.namespaceURI, 'path'));
    path.setAttribute(
      'd',
      'M12 2C6.5 2 2 5.9 2 10.7c0 2.6 1.3 4.9 3.4 6.5L4.6 22l5-2.6c.8.2 1.6.3 2.4.3 5.5 0 10-3.9 10-8.7S17.5 2 12 2z',
    );
    return svg;
  }

  const listeners = new Map();
  const commands = {
    // Draws the launcher; the wasm still waits for first interaction or idle time.
    init(config) {
      if (globalElement) throw new Error('init was already called; use destroy first');
      const element = (globalElement = document.createElement(TAG));
      element.config = config;
      const attach = () => globalElement === element && document.body.append(element);
      if (document.body) attach();
      else document.addEventListener('DOMContentLoaded', attach, { once: true });
    },
    open: (view) => globalElement.command('open', view),
    close: () => globalElement.command('close'),
    toggle: () => globalElement.command('toggle'),
    identify(user) {
      if (!user || typeof user.getAccessToken !== 'function') {
        throw new Error('identify: pass {getAccessToken: function}');
      }
      return globalElement.update({ getAccessToken: user.getAccessToken });
    },
    // Clears this user's drafts and receipts from the device, then mounts anonymously.
    logout: () =>
      globalElement.command('forgetUser').then(() => globalElement.update({ getAccessToken: undefined })),
    setLocale(locale) {
      if (typeof locale !== 'string') throw new Error('setLocale: pass a language tag such as "de"');
      return globalElement.update({ locale });
    },
    prefill: (values) => globalElement.update({ prefill: values }),
    on(type, fn) {
      const wrapped = (event) => fn(event.detail, event);
      listeners.set(fn, wrapped);
      document.addEventListener(TAG + ':' + type, wrapped);
    },
    off(type, fn) {
      document.removeEventListener(TAG + ':' + type, listeners.get(fn));
      listeners.delete(fn);
    },
    destroy() {
      if (globalElement) globalElement.remove();
      globalElement = null;
    },
  };

  /** The public command function: `SupportWidget('open', 'tickets')`. Always returns a Promise. */
  function SupportWidget(name, ...args) {
    try {
      if (!Object.hasOwn(commands, name)) throw new Error('unknown command ' + JSON.stringify(name));
      if (!globalElement && !/^(init|on|off|destroy)$/.test(name)) {
        throw new Error(name + ': call init first');
      }
      return Promise.resolve(commands[name](...args)).then(
        () => undefined,
        (error) => report(globalElement || document, 'bad_command', error),
      );
    } catch (error) {
      report(globalElement || document, 'bad_command', error);
      return Promise.resolve();
    }
  }

  const queued = (window.SupportWidget && window.SupportWidget.q) || [];
  window.SupportWidget = SupportWidget;
  if (!customElements.get(TAG)) customElements.define(TAG, SupportWidgetElement);
  const data = script ? script.dataset : {};
  if (data.subdomain || data.baseUrl) SupportWidget('init', Object.assign({}, data));
  for (const args of queued) SupportWidget(...args);
})();
