// Types of the loader (`support-widget/loader`): the global `SupportWidget` command function,
// its options, the `<support-widget>` element and its events. Importing the loader defines them.

/** A value filled in for the user (`prefill` option and command). */
export interface SupportWidgetPrefill {
  name?: string;
  email?: string;
  subject?: string;
  description?: string;
  /** Custom field values by field id: text, a flag, or tags of a multi-select. */
  fields?: Record<string | number, string | number | boolean | string[]>;
  lockName?: boolean;
  lockEmail?: boolean;
  hidePrefilledFields?: boolean;
}

/** `SupportWidget('init', options)`; see docs/configuration.md. */
export interface SupportWidgetOptions {
  /** `acme` for https://acme.zendesk.com; or give `baseUrl`. */
  subdomain?: string;
  /** A host-mapped Zendesk origin such as https://support.example.com. */
  baseUrl?: string;
  locale?: string;
  mode?: 'launcher' | 'inline';
  view?: 'contact' | 'tickets';
  theme?: 'auto' | 'light' | 'dark';
  position?: 'bottom-right' | 'bottom-left';
  ticketFormIds?: number[];
  prefill?: SupportWidgetPrefill;
  anonymousReceipts?: boolean;
  emailCcs?: boolean;
  satisfactionRatings?: boolean;
  /** Days each kind of entry stays on the device (docs/privacy.md); a kind left out keeps its default. */
  retention?: { drafts?: number; receipts?: number; savedReads?: number; lastSeen?: number };
  /** Signs the user in: an end user's OAuth access token, or a Promise of one. */
  getAccessToken?: () => string | null | undefined | Promise<string | null | undefined>;
}

/** The `detail` of each `support-widget:*` event. */
export interface SupportWidgetEventDetails {
  ready: null;
  open: null;
  close: null;
  'request-created': { id: number };
  'comment-added': { requestId: number };
  error: {
    code: 'load_failed' | 'wasm_blocked' | 'bad_command' | 'signed_out' | 'unverified_email';
    message: string;
  };
}

export type SupportWidgetEventName = keyof SupportWidgetEventDetails;

export type SupportWidgetListener<E extends SupportWidgetEventName> = (
  detail: SupportWidgetEventDetails[E],
  event: CustomEvent<SupportWidgetEventDetails[E]>,
) => void;

/** The command function; every command resolves once done and never rejects. */
export interface SupportWidgetCommand {
  (command: 'init', options: SupportWidgetOptions): Promise<void>;
  (command: 'open', view?: 'contact' | 'tickets'): Promise<void>;
  (command: 'close' | 'toggle' | 'logout' | 'destroy' | 'forget'): Promise<void>;
  (command: 'identify', user: { getAccessToken: SupportWidgetOptions['getAccessToken'] }): Promise<void>;
  (command: 'setLocale', locale: string): Promise<void>;
  (command: 'prefill', values: SupportWidgetPrefill): Promise<void>;
  <E extends SupportWidgetEventName>(command: 'on' | 'off', event: E, listener: SupportWidgetListener<E>): Promise<void>;
  /** Calls made before the loader arrived (the queue snippet). */
  q?: unknown[][];
}

/** `<support-widget>`: attributes mirror the string options; `config` takes the rest. */
export interface SupportWidgetElement extends HTMLElement {
  config?: SupportWidgetOptions;
  /** Removes everything the widget stored on this origin; a loaded panel starts over, anonymous. */
  forget(): Promise<void>;
}

declare global {
  // eslint-disable-next-line no-var
  var SupportWidget: SupportWidgetCommand;
  interface HTMLElementTagNameMap {
    'support-widget': SupportWidgetElement;
  }
  interface HTMLElementEventMap {
    'support-widget:ready': CustomEvent<null>;
    'support-widget:open': CustomEvent<null>;
    'support-widget:close': CustomEvent<null>;
    'support-widget:request-created': CustomEvent<SupportWidgetEventDetails['request-created']>;
    'support-widget:comment-added': CustomEvent<SupportWidgetEventDetails['comment-added']>;
    'support-widget:error': CustomEvent<SupportWidgetEventDetails['error']>;
  }
}
