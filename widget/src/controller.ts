import { io, type Socket } from 'socket.io-client';
import type { ConversationStatus } from '../../src/contracts/enums.js';
import type { QueuePositionView } from '../../src/contracts/routing.views.js';
import type { Ack } from '../../src/contracts/socket-acks.js';
import type { WidgetClientToServerEvents, WidgetRequestName, WidgetRequests, WidgetServerToClientEvents } from '../../src/contracts/widget-socket.events.js';
import type {
  SessionPayload,
  TypingPayload,
  UploadResult,
  VisitDetails,
  WidgetAppearance,
  WidgetAvailability,
  WidgetLocale,
  WidgetMessage,
  WidgetUser,
} from '../../src/contracts/widget.views.js';
import { Emitter } from './emitter.js';
import { formatBytes } from './format.js';
import { pickLocale, translator, type MessageKey, type Translate } from './i18n.js';
import { countUnread, mergeMessages, pendingMessage, type ChatMessage } from './messages.js';
import { Outbox, type OutboxEntry, type SendOutcome } from './outbox.js';
import { storedJson, type KeyValueStore } from './storage.js';
import { createStore, type Store } from './store.js';

export interface WidgetState {
  open: boolean;
  connection: 'connecting' | 'online' | 'reconnecting' | 'refused';
  /** Why the server refused the chat, in the customer's language. */
  refusal: string | null;
  appearance: WidgetAppearance | null;
  availability: WidgetAvailability | null;
  locale: WidgetLocale;
  t: Translate;
  conversation: { id: string; status: ConversationStatus } | null;
  messages: ChatMessage[];
  hasOlder: boolean;
  /** The agent typing right now ('' when the name is unknown), or null. */
  agentTyping: string | null;
  queue: QueuePositionView | null;
  rating: { rating: number; comment: string } | null;
  unread: number;
  draft: string;
  preChatDone: boolean;
  /** Where the answer goes when nobody is available: the e-mail the customer left. */
  offlineEmail: string | null;
  /** The customer was asked for that e-mail once (gave it or said no). */
  emailAsked: boolean;
  /** A short message about the last thing that went wrong (a refused file). */
  notice: string | null;
}

export interface WidgetEvents {
  message: WidgetMessage;
  open: undefined;
  close: undefined;
  unread: number;
}

export interface ControllerOptions {
  serverUrl: string;
  inboxToken: string;
  /** The page's and browser's languages, best first. */
  pageLocales: () => (string | null | undefined)[];
}

type AttributeValue = string | number | boolean | null;
type Refusal = Error & { data?: { code?: string; reason?: string } };

const ACK_TIMEOUT_MS = 10_000;
const TYPING_REPEAT_MS = 2_000;
const TYPING_IDLE_MS = 3_000;
const AGENT_TYPING_EXPIRES_MS = 6_000;
const RETRY_LATER_MS = 5_000;

/** Everything the widget does, apart from drawing it: the connection, the outbox, the website's API. */
export class ChatController {
  readonly store: Store<WidgetState>;
  readonly events = new Emitter<WidgetEvents>();
  private readonly socket: Socket<WidgetServerToClientEvents, WidgetClientToServerEvents>;
  private readonly outbox: Outbox;
  private readonly saved;
  private localeOverride: string | undefined;
  private profile: { name?: string; email?: string; attributes?: Record<string, AttributeValue>; visit: VisitDetails } = { visit: currentVisit() };
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTypingExpiry: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pagedBack = false;
  private started = false;

  constructor(
    private readonly options: ControllerOptions,
    store: KeyValueStore,
  ) {
    this.outbox = new Outbox(store);
    this.saved = {
      visitorToken: storedJson<string | null>(store, 'visitor', null),
      user: storedJson<WidgetUser | null>(store, 'user', null),
      draft: storedJson(store, 'draft', ''),
      lastReadAt: storedJson<string | null>(store, 'read', null),
      preChatDone: storedJson(store, 'prechat', false),
      offlineEmail: storedJson<string | null>(store, 'offline', null),
      emailAsked: storedJson(store, 'email-asked', false),
    };
    const locale = pickLocale(options.pageLocales());
    this.store = createStore<WidgetState>({
      open: false,
      connection: 'connecting',
      refusal: null,
      appearance: null,
      availability: null,
      locale,
      t: translator(locale),
      conversation: null,
      messages: mergeMessages([], this.outbox.entries().map((entry) => pendingMessage(entry))),
      hasOlder: false,
      agentTyping: null,
      queue: null,
      rating: null,
      unread: 0,
      draft: this.saved.draft.read(),
      preChatDone: this.saved.preChatDone.read(),
      offlineEmail: this.saved.offlineEmail.read(),
      emailAsked: this.saved.emailAsked.read(),
      notice: null,
    });
    this.socket = io(`${options.serverUrl}/widget`, {
      autoConnect: false,
      // A function, so every reconnection presents the current visitor token and user.
      auth: (send) => send(this.handshake()),
    });
    this.listen();
    document.addEventListener('visibilitychange', () => this.markReadIfSeen());
  }

  start(): void {
    this.started = true;
    this.socket.connect();
  }

  // ---- the website's API -------------------------------------------------

  open(): void {
    if (this.state.open) return;
    this.store.set({ open: true, notice: null });
    this.markReadIfSeen();
    void this.refreshAvailability();
    this.events.emit('open', undefined);
  }

  close(): void {
    if (!this.state.open) return;
    this.store.set({ open: false });
    this.events.emit('close', undefined);
  }

  toggle(): void {
    if (this.state.open) this.close();
    else this.open();
  }

  /** Who the customer is on the website; with a valid hash their past conversations follow them. */
  setUser(user: WidgetUser): void {
    if (!user || typeof user.id !== 'string' || user.id === '') throw new TypeError('setUser needs at least { id }');
    const next: WidgetUser = { id: user.id, email: user.email, name: user.name, hash: user.hash };
    const previous = this.saved.user.read();
    if (JSON.stringify(next) === JSON.stringify(previous)) return;
    // Another person on this browser: what the previous one left unsent is not theirs to send.
    if (previous && previous.id !== next.id) this.forgetUnsent();
    this.saved.user.write(next);
    this.restartAsNewCustomer();
  }

  setAttributes(attributes: Record<string, AttributeValue>): void {
    this.profile.attributes = { ...this.profile.attributes, ...attributes };
    void this.request('profile:update', { attributes });
  }

  setCity(city: string): void {
    if (typeof city !== 'string' || city.trim() === '') return;
    this.profile.visit = { ...this.profile.visit, city: city.trim() };
    void this.request('profile:update', { visit: this.profile.visit });
  }

  /** 'en', 'zh-CN', or null to follow the page again. */
  setLocale(locale: string | null): void {
    this.localeOverride = locale ?? undefined;
    this.applyTexts();
  }

  /** Logout: forget the user, the visitor and everything kept for them; the next chat starts fresh. */
  reset(): void {
    for (const value of Object.values(this.saved)) value.clear();
    this.forgetUnsent();
    this.profile = { visit: currentVisit() };
    this.store.set({ preChatDone: false, offlineEmail: null, emailAsked: false });
    this.restartAsNewCustomer();
  }

  // ---- what the customer does ---------------------------------------------

  send(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    this.queue({ kind: 'message', text: trimmed });
    this.saveDraft('');
    this.stopTyping();
  }

  async sendFiles(files: File[]): Promise<void> {
    const limits = this.state.appearance?.uploads;
    const t = this.state.t;
    for (const file of files) {
      if (limits && file.size > limits.maxBytes) {
        this.store.set({ notice: t('fileTooLarge', { name: file.name, size: formatBytes(limits.maxBytes) }) });
      } else if (limits && !limits.types.includes(file.type)) {
        this.store.set({ notice: t('fileTypeRefused', { name: file.name }) });
      } else {
        const upload = await this.upload(file).catch((error: Error) => {
          this.store.set({ notice: t('uploadFailed', { name: file.name, reason: error.message }) });
        });
        if (upload) this.queue({ kind: 'message', uploads: [upload] });
      }
    }
  }

  async submitPreChat(values: { name?: string; email?: string; question?: string }): Promise<void> {
    this.profile = { ...this.profile, name: values.name || undefined, email: values.email || undefined };
    this.saved.preChatDone.write(true);
    this.store.set({ preChatDone: true });
    await this.sendProfile();
    if (values.question) this.send(values.question);
  }

  /** Nobody is available: the customer may leave an e-mail for the reply (asked once). */
  async leaveEmail(email: string | null): Promise<void> {
    this.saved.emailAsked.write(true);
    this.store.set({ emailAsked: true });
    if (!email) return;
    this.saved.offlineEmail.write(email);
    this.store.set({ offlineEmail: email });
    this.profile = { ...this.profile, email };
    await this.sendProfile();
  }

  async rate(rating: number, comment: string): Promise<void> {
    const conversation = this.state.conversation;
    if (!conversation) return;
    const ack = await this.request('csat:submit', {
      conversationId: conversation.id,
      rating,
      comment,
    });
    if (ack?.ok) this.store.set({ rating: ack.rating });
    else if (ack) this.store.set({ notice: ack.error.message });
  }

  async loadOlder(): Promise<void> {
    const oldest = this.state.messages.find((message) => !message.local);
    if (oldest) await this.loadHistory(oldest.id);
  }

  saveDraft(text: string): void {
    this.saved.draft.write(text);
    this.store.set({ draft: text });
  }

  /** Called as the customer types: tells the agent, at most every two seconds, and when they stop. */
  typing(): void {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REPEAT_MS) {
      this.typingSentAt = now;
      if (this.socket.connected) this.socket.emit('typing', { isTyping: true });
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  dismissNotice(): void {
    this.store.set({ notice: null });
  }

  // ---- the connection ---------------------------------------------------------

  private get state(): WidgetState {
    return this.store.get();
  }

  private handshake() {
    const visitorToken = this.saved.visitorToken.read();
    const user = this.saved.user.read();
    return { inboxToken: this.options.inboxToken, ...(visitorToken && { visitorToken }), ...(user && { user }) };
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('session', (session: SessionPayload) => void this.onSession(session));
    socket.on('connect_error', (error: Refusal) => {
      // A refusal by the server (not a network failure) is final: socket.io does not retry it.
      if (!socket.active) {
        this.store.set({ connection: 'refused', refusal: this.describeRefusal(error) });
        return;
      }
      this.store.set({ connection: this.state.appearance ? 'reconnecting' : 'connecting' });
    });
    socket.on('disconnect', () => {
      if (socket.active) this.store.set({ connection: 'reconnecting' });
    });
    socket.on('message', ({ message }: { message: WidgetMessage }) => this.onMessage(message));
    socket.on('message:updated', ({ message }: { message: WidgetMessage }) => this.addMessages([message]));
    socket.on('typing', (payload: TypingPayload) => this.onAgentTyping(payload));
    socket.on('conversation:status', ({ conversationId, status }: { conversationId: string; status: ConversationStatus }) => {
      this.store.set({ conversation: { id: conversationId, status }, ...(status === 'RESOLVED' && { rating: null, queue: null }) });
    });
    // Agents come and go and business hours open and close while the page stays open.
    socket.on('availability', (availability: WidgetAvailability) => this.store.set({ availability }));
    socket.on('queue:position', (position: QueuePositionView) => {
      this.store.set({ queue: position.position > 0 ? position : null });
    });
  }

  private async onSession(session: SessionPayload): Promise<void> {
    this.saved.visitorToken.write(session.visitorToken);
    this.store.set({ connection: 'online', refusal: null, appearance: session.appearance, availability: session.availability });
    this.applyTexts();
    await this.sendProfile();
    await this.loadHistory();
    await this.flush();
    this.markReadIfSeen();
  }

  /** What the customer told the pre-chat form and the page told setAttributes(); sent again after reconnecting. */
  private async sendProfile(): Promise<void> {
    const { name, email, attributes, visit } = this.profile;
    await this.request('profile:update', { name, email, attributes, visit });
  }

  private onMessage(message: WidgetMessage): void {
    const known = this.state.messages.some((existing) => existing.id === message.id);
    this.addMessages([message]);
    if (known) return;
    if (message.direction === 'OUTBOUND') {
      clearTimeout(this.agentTypingExpiry);
      this.store.set({ agentTyping: null, queue: null });
      if (!this.markReadIfSeen()) void this.request('receipt', { status: 'DELIVERED' });
    }
    this.events.emit('message', message);
  }

  private onAgentTyping(payload: TypingPayload): void {
    clearTimeout(this.agentTypingExpiry);
    this.store.set({ agentTyping: payload.isTyping ? (payload.agentName ?? '') : null });
    // A lost "stopped typing" must not leave the indicator on for ever.
    if (payload.isTyping) this.agentTypingExpiry = setTimeout(() => this.store.set({ agentTyping: null }), AGENT_TYPING_EXPIRES_MS);
  }

  private async loadHistory(before?: string): Promise<void> {
    const ack = await this.request('history', before ? { before } : {});
    if (!ack?.ok) return;
    this.addMessages(ack.messages);
    if (before) this.pagedBack = true;
    this.store.set({
      ...(!before && { conversation: ack.conversation, rating: ack.rating }),
      // A resync after reconnecting must not hide the "earlier messages" already paged back past.
      ...((before || !this.pagedBack) && { hasOlder: ack.hasOlder }),
    });
  }

  private queue(parts: Omit<OutboxEntry, 'clientMessageId' | 'createdAt'>): void {
    const entry: OutboxEntry = { ...parts, clientMessageId: newClientMessageId(), createdAt: new Date().toISOString() };
    this.outbox.add(entry);
    this.addMessages([pendingMessage(entry)]);
    void this.flush();
  }

  private flush(): Promise<void> {
    if (!this.socket.connected) return Promise.resolve();
    return this.outbox.flush((entry) => this.sendEntry(entry), {
      sent: (_entry, message) => this.onMessage(message),
      refused: (entry, reason) => this.addMessages([pendingMessage(entry, reason)]),
    });
  }

  private async sendEntry(entry: OutboxEntry): Promise<SendOutcome> {
    const ack =
      entry.kind === 'offline'
        ? await this.request('offline:message', {
            clientMessageId: entry.clientMessageId,
            text: entry.text ?? '',
            // An offline entry always carries them; the fallbacks only satisfy the type (the server would refuse).
            email: entry.contact?.email ?? '',
            name: entry.contact?.name,
          })
        : await this.request('message:send', {
            clientMessageId: entry.clientMessageId,
            ...(entry.text && { text: entry.text }),
            uploads: (entry.uploads ?? []).map((upload) => upload.token),
          });
    if (ack?.ok) {
      if (this.state.conversation?.id !== ack.conversationId) this.store.set({ conversation: { id: ack.conversationId, status: 'OPEN' } });
      return { ok: true, message: ack.message };
    }
    const retry = !ack || ['rate_limited', 'unavailable', 'internal'].includes(ack.error.code);
    if (retry && this.socket.connected) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.flush(), RETRY_LATER_MS);
    }
    return { ok: false, retry, reason: ack?.error.message ?? '' };
  }

  private async request<Event extends WidgetRequestName>(
    event: Event,
    payload: WidgetRequests[Event]['payload'],
  ): Promise<Ack<WidgetRequests[Event]['result']> | null> {
    if (!this.socket.connected) return null;
    try {
      // Socket.IO cannot resolve the map's parameters for a generic event name; the signature above checks callers.
      const untyped = this.socket as unknown as Socket;
      return (await untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<WidgetRequests[Event]['result']>;
    } catch {
      return null; // no answer in time: the connection is in trouble, the caller retries later
    }
  }

  private async upload(file: File): Promise<UploadResult['upload']> {
    const visitorToken = this.saved.visitorToken.read();
    const url = `${this.options.serverUrl}/api/widget/${encodeURIComponent(this.options.inboxToken)}/uploads?fileName=${encodeURIComponent(file.name)}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${visitorToken ?? ''}`, 'content-type': 'application/octet-stream' },
      body: file,
    });
    const body = (await response.json().catch(() => null)) as (UploadResult & { error?: { message: string } }) | null;
    if (!response.ok || !body?.upload) throw new Error(body?.error?.message ?? String(response.status));
    return body.upload;
  }

  private async refreshAvailability(): Promise<void> {
    const ack = await this.request('availability', {});
    if (ack?.ok) this.store.set({ availability: { online: ack.online, reason: ack.reason } });
  }

  /** When the customer can see the conversation: everything is read, and the agent is told so. */
  private markReadIfSeen(): boolean {
    if (!this.state.open || document.visibilityState !== 'visible') {
      this.updateUnread();
      return false;
    }
    const latest = this.state.messages.filter((message) => !message.local).at(-1);
    if (latest) this.saved.lastReadAt.write(latest.createdAt);
    this.updateUnread();
    void this.request('receipt', { status: 'READ' });
    return true;
  }

  private addMessages(messages: ChatMessage[]): void {
    this.store.set({ messages: mergeMessages(this.state.messages, messages) });
    this.updateUnread();
  }

  private updateUnread(): void {
    const unread = countUnread(this.state.messages, this.saved.lastReadAt.read());
    if (unread === this.state.unread) return;
    this.store.set({ unread });
    this.events.emit('unread', unread);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdle);
    if (this.typingSentAt === 0) return;
    this.typingSentAt = 0;
    if (this.socket.connected) this.socket.emit('typing', { isTyping: false });
  }

  private forgetUnsent(): void {
    this.outbox.clear();
    this.saveDraft('');
  }

  /** Another user (or none) means another customer: nothing of the previous one may stay on screen. */
  private restartAsNewCustomer(): void {
    this.store.set({
      messages: mergeMessages([], this.outbox.entries().map((entry) => pendingMessage(entry))),
      conversation: null,
      rating: null,
      queue: null,
      hasOlder: false,
      connection: 'connecting',
    });
    this.pagedBack = false;
    this.updateUnread();
    if (this.started) this.socket.disconnect().connect();
  }

  private applyTexts(): void {
    const locale = pickLocale([this.localeOverride, ...this.options.pageLocales()]);
    this.store.set({ locale, t: translator(locale, this.state.appearance?.texts[locale]) });
  }

  private describeRefusal(error: Refusal): string {
    const t = this.state.t;
    const byReason: Record<string, MessageKey> = {
      identity_required: 'refusedIdentity',
      identity_unverified: 'refusedIdentity',
      origin: 'refusedOrigin',
    };
    const key = error.data?.reason ? byReason[error.data.reason] : undefined;
    return key ? t(key) : t('refused', { reason: error.message });
  }
}

/** Unique enough across tabs and reloads; crypto.randomUUID needs a secure page, which not every site is. */
function newClientMessageId(): string {
  const random = crypto.getRandomValues(new Uint32Array(3));
  return `w-${Date.now().toString(36)}-${Array.from(random, (part) => part.toString(36)).join('')}`;
}

/** What the browser tells about this visit, for the agent's customer panel (no guessing of places). */
function currentVisit(): VisitDetails {
  return {
    pageUrl: location.href.slice(0, 2000),
    pageTitle: document.title.slice(0, 300) || undefined,
    referrer: document.referrer.slice(0, 2000) || undefined,
    language: navigator.language || undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || undefined,
  };
}
