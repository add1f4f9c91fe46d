import { h, render } from 'preact';
import type { WidgetUser } from '../../src/contracts/widget.views.js';
import { App } from './components/App.js';
import { ChatController, type WidgetEvents } from './controller.js';
import { browserStore } from './browser-store.js';
import { styles } from './styles.js';

/**
 * The one global name the widget defines. A page may call it before the script has
 * loaded by making it an array of calls: window.ContactCenter = [['setUser', {...}]].
 */
export interface ContactCenterApi {
  open(): void;
  close(): void;
  toggle(): void;
  setUser(user: WidgetUser): void;
  setAttributes(attributes: Record<string, string | number | boolean | null>): void;
  setLocale(locale: 'en' | 'zh-CN' | null): void;
  /** The visitor's city, when the website knows it (shown to agents; the widget never guesses it). */
  setCity(city: string): void;
  on<Name extends keyof WidgetEvents>(name: Name, listener: (payload: WidgetEvents[Name]) => void): () => void;
  reset(): void;
}

type Host = Window & { ContactCenter?: ContactCenterApi | [keyof ContactCenterApi, ...unknown[]][] };

function boot(): void {
  const host = window as Host;
  if (host.ContactCenter && !Array.isArray(host.ContactCenter)) return; // loaded twice: the first one stays
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-inbox]');
  const inboxToken = script?.dataset.inbox;
  if (!script || !inboxToken) {
    console.error('Contact center widget: the script tag needs data-inbox="<inbox token>".');
    return;
  }
  const serverUrl = new URL(script.src, location.href).origin;
  const chat = new ChatController(
    { serverUrl, inboxToken, pageLocales: () => [script.dataset.locale, document.documentElement.lang, navigator.language] },
    browserStore(`cc:${inboxToken}:`),
  );
  const api: ContactCenterApi = {
    open: () => chat.open(),
    close: () => chat.close(),
    toggle: () => chat.toggle(),
    setUser: (user) => chat.setUser(user),
    setAttributes: (attributes) => chat.setAttributes(attributes),
    setLocale: (locale) => chat.setLocale(locale),
    setCity: (city) => chat.setCity(city),
    on: (name, listener) => chat.events.on(name, listener),
    reset: () => chat.reset(),
  };
  const queued = Array.isArray(host.ContactCenter) ? host.ContactCenter : [];
  host.ContactCenter = api;
  for (const [method, ...args] of queued) (api[method] as (...values: unknown[]) => void)(...args);

  whenBodyExists(() => {
    mount(chat, serverUrl);
    chat.start();
    window.dispatchEvent(new CustomEvent('contact-center:ready'));
  });
}

/** The widget lives in a shadow root: the page's CSS cannot reach in, and ours cannot leak out. */
function mount(chat: ChatController, serverUrl: string): void {
  const element = document.createElement('contact-center-widget');
  const shadow = element.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.body.append(element);
  render(h(App, { chat, serverUrl }), container);
}

function whenBodyExists(run: () => void): void {
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

boot();
