import { randomBytes } from 'node:crypto';
import type { Inbox, Prisma } from '@prisma/client';
import { isWithinBusinessHours } from '../../domain/business-hours.js';
import { AppError } from '../../domain/errors.js';
import type { CustomerIdentityInput } from '../../domain/identity.js';
import type { Db } from '../../infra/db.js';
import type { AttachmentsService, UploadReceipt } from '../attachments/attachments.service.js';
import type { MessageView } from '../../contracts/conversation.views.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { findCustomerMessages } from '../conversations/customer-messages.finder.js';
import type { MessageReceipts } from '../conversations/message-receipts.js';
import type { RatingInput } from '../csat/csat.schemas.js';
import type { CsatService } from '../csat/csat.service.js';
import type { CustomerProfile, CustomersService } from '../customers/customers.service.js';
import { isUserHashValid } from './user-identity.js';
import type { Visitor, VisitorTokens } from './visitor-token.js';
import { toWidgetMessage } from './widget-message.js';
import type { HistoryPayload, WidgetAppearance, WidgetAvailability, WidgetMessage, WidgetUser } from '../../contracts/widget.views.js';
import { readWebchatSettings, widgetAppearance, type WebchatSettings, type WebchatSettingsInput } from './widget-settings.js';

export interface WidgetSession {
  inbox: Inbox;
  settings: WebchatSettings;
  visitor: Visitor;
  visitorToken: string;
  /** Who the customer is: the website's verified user, or else this browser's visitor. */
  identity: CustomerIdentityInput;
  verified: boolean;
  /** Details given before the customer existed; recorded with their first message. */
  pendingProfile: CustomerProfile | null;
}

export interface OpenSessionInput {
  inboxToken: string;
  visitorToken?: string;
  origin?: string;
  user?: WidgetUser;
  /** A display name the widget passed without a user. */
  name?: string;
}

export interface VisitorMessageInput {
  clientMessageId: string;
  text?: string;
  uploads: string[];
}

export interface WebchatDependencies {
  db: Db;
  tokens: VisitorTokens;
  customers: CustomersService;
  conversations: ConversationsService;
  receipts: MessageReceipts;
  csat: CsatService;
  attachments: AttachmentsService;
}

const HISTORY_PAGE = 50;

/** What the web chat needs from routing (wired at start-up; routing is shared by every process). */
export interface WebchatRouting {
  /** Someone who serves this team's queue (no team: the general queue) is ONLINE. */
  agentsOnline(teamId: string | null): Promise<boolean>;
  /** A chat whose customer is not connected weighs like an e-mail on its agent. */
  setCustomerAway(conversationId: string, away: boolean): Promise<void>;
}

const WORKING_STATUSES = new Set(['OPEN', 'PENDING']);

/** Web chat use-cases: a visitor's session and identity, their messages, history, receipts and rating. */
export class WebchatService {
  private routingService?: WebchatRouting;

  constructor(private readonly deps: WebchatDependencies) {}

  /** Set once at start-up: routing knows who is online and what each item weighs. */
  useRouting(routing: WebchatRouting): void {
    this.routingService = routing;
  }

  private get routing(): WebchatRouting {
    if (!this.routingService) throw new Error('Routing is not wired into the web chat.');
    return this.routingService;
  }

  /** Resumes the visitor a valid token names, or starts a new one; proves the site's user when it can. */
  async openSession(input: OpenSessionInput): Promise<WidgetSession> {
    const inbox = await this.findInbox(input.inboxToken, input.origin);
    const settings = readWebchatSettings(inbox);
    const resumed = input.visitorToken ? this.deps.tokens.verify(input.visitorToken, inbox.id) : null;
    const { visitor, token } =
      resumed && input.visitorToken ? { visitor: resumed, token: input.visitorToken } : this.deps.tokens.issue(inbox.id);
    return {
      inbox,
      settings,
      visitor,
      visitorToken: token,
      ...identify(inbox, settings, visitor, input.user, input.name),
    };
  }

  /** The customer behind a session, once they wrote (or a verified user who wrote before). */
  findCustomer(session: WidgetSession) {
    return this.deps.customers.findCustomerByIdentity(session.identity);
  }

  appearance(session: WidgetSession): WidgetAppearance {
    return widgetAppearance(session.settings, {
      maxBytes: this.deps.attachments.maxBytes,
      types: [...this.deps.attachments.allowedTypes],
    });
  }

  /** Whether someone answers live now; when not, the widget says replies may take a while. */
  availability(session: WidgetSession, now = new Date()): Promise<WidgetAvailability> {
    return this.inboxAvailability(session.inbox, now);
  }

  /** Open (business hours, when set) and someone who serves the inbox's queue ONLINE. */
  async inboxAvailability(inbox: Inbox, now = new Date()): Promise<WidgetAvailability> {
    const hours = readWebchatSettings(inbox).businessHours;
    if (hours && !isWithinBusinessHours({ hours, now })) return { online: false, reason: 'closed' };
    return (await this.isAnyAgentAvailable(inbox)) ? { online: true } : { online: false, reason: 'no_agents' };
  }

  /** Someone who serves the inbox's queue is ONLINE (routing's presence, shared by every process). */
  isAnyAgentAvailable(inbox: Inbox): Promise<boolean> {
    return this.routing.agentsOnline(inbox.teamId);
  }

  /** Every web chat inbox (the availability watch goes through them). */
  listWebchatInboxes(): Promise<Inbox[]> {
    return this.deps.db.inbox.findMany({ where: { channel: 'WEBCHAT' } });
  }

  /**
   * The customer's first widget tab connected, or their last one closed: their open chat weighs
   * like a live chat while they are here and like an e-mail while they are not.
   */
  async customerPresenceChanged(session: WidgetSession, connected: boolean): Promise<void> {
    const conversation = await this.latestConversation(session);
    if (!conversation || !WORKING_STATUSES.has(conversation.status)) return;
    await this.routing.setCustomerAway(conversation.id, !connected);
  }

  async sendVisitorMessage(session: WidgetSession, input: VisitorMessageInput, subject?: string) {
    const files = await this.deps.attachments.redeemUploads(session.visitor.visitorId, input.uploads, input.clientMessageId);
    const result = await this.deps.conversations.ingestInbound({
      inboxId: session.inbox.id,
      identity: session.identity,
      customerName: session.pendingProfile?.name,
      text: input.text ?? '',
      clientMessageId: input.clientMessageId,
      attachments: files,
      subject,
    });
    await this.recordPendingProfile(session, result.customerId);
    return {
      message: this.present(result.message),
      conversationId: result.conversation.id,
      customerId: result.customerId,
      duplicate: result.duplicate,
    };
  }

  /**
   * The offline form (of widgets before the always-open composer, and sites driving the socket themselves):
   * opens the conversation anyway, to be answered by e-mail, so at an e-mail's weight until the customer's
   * next connection.
   */
  async sendOfflineMessage(session: WidgetSession, input: { clientMessageId: string; name?: string; email: string; text: string }) {
    session.pendingProfile = mergeProfiles(session.pendingProfile, { name: input.name, email: input.email });
    const result = await this.sendVisitorMessage(
      session,
      { clientMessageId: input.clientMessageId, text: input.text, uploads: [] },
      `Offline message: reply by e-mail to ${input.email}`,
    );
    await this.routing.setCustomerAway(result.conversationId, true);
    return result;
  }

  /** Pre-chat form and setAttributes(): stored now when the customer exists, else with the first message. */
  async updateProfile(session: WidgetSession, profile: CustomerProfile): Promise<void> {
    // Pending first: a first message being stored right now picks it up if the customer is not there yet.
    session.pendingProfile = mergeProfiles(session.pendingProfile, profile);
    const customer = await this.findCustomer(session);
    if (customer) await this.recordPendingProfile(session, customer.id);
  }

  private async recordPendingProfile(session: WidgetSession, customerId: string): Promise<void> {
    const pending = session.pendingProfile;
    if (!pending) return;
    session.pendingProfile = null;
    await this.deps.customers.updateProfile(customerId, pending);
  }

  /** A page of the customer's messages in this inbox (all their conversations), and the latest conversation. */
  async history(session: WidgetSession, before?: string): Promise<HistoryPayload> {
    const customer = await this.findCustomer(session);
    if (!customer) return { conversation: null, messages: [], hasOlder: false, rating: null };
    const latest = await this.deps.conversations.findLatestConversation(customer.id, session.inbox.id);
    const page = await findCustomerMessages(this.deps.db, {
      customerId: customer.id,
      inboxId: session.inbox.id,
      before,
      limit: HISTORY_PAGE,
    });
    return {
      conversation: latest && { id: latest.id, status: latest.status },
      messages: page.items.map((message) => this.present(message)),
      hasOlder: page.hasOlder,
      rating: latest ? await this.deps.csat.findRating(latest.id) : null,
    };
  }

  async latestConversation(session: WidgetSession) {
    const customer = await this.findCustomer(session);
    return customer ? this.deps.conversations.findLatestConversation(customer.id, session.inbox.id) : null;
  }

  /** The visitor received or looked at the agents' messages of their current conversation. */
  async markAgentMessagesSeen(session: WidgetSession, status: 'DELIVERED' | 'READ'): Promise<void> {
    const conversation = await this.latestConversation(session);
    if (conversation) await this.deps.receipts.markSeen({ conversationId: conversation.id, direction: 'OUTBOUND', status });
  }

  /** An agent looked at the conversation: the visitor's messages show as read. */
  markCustomerMessagesRead(conversationId: string) {
    return this.deps.receipts.markSeen({ conversationId, direction: 'INBOUND', status: 'READ' });
  }

  async rate(session: WidgetSession, input: RatingInput) {
    const customer = await this.findCustomer(session);
    if (!customer) throw new AppError('not_found', 'No conversation of yours with this id.');
    return this.deps.csat.rateConversation(customer.id, input);
  }

  /** The visitor a REST call comes from (the widget's uploads), from the page's origin and their token. */
  async authenticateVisitor(inboxToken: string, visitorToken: string, origin: string | undefined): Promise<Visitor> {
    const inbox = await this.findInbox(inboxToken, origin);
    const visitor = this.deps.tokens.verify(visitorToken, inbox.id);
    if (!visitor) throw new AppError('unauthenticated', 'The chat session is not valid; reload the page.');
    return visitor;
  }

  /** A file a visitor attaches, stored before the message that carries it. */
  storeUpload(visitor: Visitor, fileName: string, bytes: Uint8Array): Promise<UploadReceipt> {
    return this.deps.attachments.storeUpload(visitor.visitorId, fileName, bytes);
  }

  /** Whether a page of this origin may embed the inbox (CORS for the widget's uploads). */
  async isOriginAllowed(inboxToken: string, origin: string): Promise<boolean> {
    return this.findInbox(inboxToken, origin).then(() => true, () => false);
  }

  async settings(inboxId: string): Promise<WebchatSettings> {
    return readWebchatSettings(await this.findWebchatInboxById(inboxId));
  }

  /** An admin changes an inbox's widget settings; fields left out keep their value. */
  async updateSettings(inboxId: string, changes: WebchatSettingsInput): Promise<WebchatSettings> {
    const inbox = await this.findWebchatInboxById(inboxId);
    if (changes.offlineReplyEmailInboxId) {
      const emailInbox = await this.deps.db.inbox.findUnique({ where: { id: changes.offlineReplyEmailInboxId }, select: { channel: true } });
      if (emailInbox?.channel !== 'EMAIL') throw new AppError('invalid_input', 'offlineReplyEmailInboxId: must be the id of an e-mail inbox.');
    }
    const merged: Record<string, unknown> = { ...(inbox.settings as Prisma.JsonObject), ...changes };
    // A null clears the setting (business hours: back to always open).
    for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
    const settings = merged as Prisma.InputJsonObject;
    const updated = await this.deps.db.inbox.update({ where: { id: inbox.id }, data: { settings } });
    return readWebchatSettings(updated);
  }

  /** A new secret for websites to sign their users' ids with; shown once, the old one stops working. */
  async rotateIdentitySecret(inboxId: string): Promise<string> {
    const inbox = await this.findWebchatInboxById(inboxId);
    const identitySecret = randomBytes(32).toString('hex');
    await this.deps.db.inbox.update({ where: { id: inbox.id }, data: { identitySecret } });
    return identitySecret;
  }

  present(message: MessageView): WidgetMessage {
    return toWidgetMessage(message, (attachmentId) => this.deps.attachments.downloadPath(attachmentId));
  }

  private async findWebchatInboxById(inboxId: string): Promise<Inbox> {
    const inbox = await this.deps.db.inbox.findUnique({ where: { id: inboxId } });
    if (!inbox || inbox.channel !== 'WEBCHAT') throw new AppError('not_found', 'No web chat inbox with this id.');
    return inbox;
  }

  private async findInbox(inboxToken: string, origin: string | undefined): Promise<Inbox> {
    const inbox = await this.deps.db.inbox.findUnique({ where: { publicToken: inboxToken } });
    if (!inbox || inbox.channel !== 'WEBCHAT') throw new AppError('not_found', 'No web chat inbox with this token.');
    if (!originAllowed(readWebchatSettings(inbox), origin)) {
      throw new AppError('forbidden', 'This website may not use this chat.', { reason: 'origin' });
    }
    return inbox;
  }
}

/**
 * The session's customer identity. A user whose hash checks out is the site's verified
 * user (their past conversations follow them); anything unproven stays on this browser's
 * visitor, as profile data that never merges with an existing customer.
 */
function identify(inbox: Inbox, settings: WebchatSettings, visitor: Visitor, user: WidgetUser | undefined, name: string | undefined) {
  const asVisitor: CustomerIdentityInput = { kind: 'WIDGET_VISITOR', value: visitor.visitorId };
  if (user && isUserHashValid(inbox.identitySecret, user.id, user.hash)) {
    return {
      // Scoped to the inbox: its secret proves ids of this website only.
      identity: { kind: 'EXTERNAL_ID', value: `${inbox.id}:${user.id}`, verified: true } satisfies CustomerIdentityInput,
      verified: true,
      pendingProfile: { name: user.name, email: user.email },
    };
  }
  if (settings.identityRequired) {
    throw user
      ? new AppError('forbidden', 'The website could not prove who you are; sign in again.', { reason: 'identity_unverified' })
      : new AppError('forbidden', 'Sign in on this website to chat with us.', { reason: 'identity_required' });
  }
  const profile = user ? { name: user.name, email: user.email } : name ? { name } : null;
  return { identity: asVisitor, verified: false, pendingProfile: profile };
}

/** Inboxes may list the sites allowed to embed them; no list means any site. */
function originAllowed(settings: WebchatSettings, origin: string | undefined): boolean {
  if (settings.allowedOrigins.length === 0) return true;
  return origin !== undefined && settings.allowedOrigins.includes(origin);
}

/** Later details win; details left out keep the earlier value. */
function mergeProfiles(earlier: CustomerProfile | null, later: CustomerProfile): CustomerProfile {
  return {
    name: later.name ?? earlier?.name,
    email: later.email ?? earlier?.email,
    attributes: earlier?.attributes || later.attributes ? { ...earlier?.attributes, ...later.attributes } : undefined,
    visit: earlier?.visit || later.visit ? { ...earlier?.visit, ...later.visit } : undefined,
  };
}
