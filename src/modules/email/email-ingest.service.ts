import { createHash } from 'node:crypto';
import type { Customer, Prisma } from '@prisma/client';
import { findReplyToken, subjectConversationNumber } from '../../domain/email-thread-keys.js';
import { resolveEmailThread, type EmailThreadDecision } from '../../domain/email-thread.js';
import { classifyInboundMail, mayAnswerAutomatically, type InboundMailKind } from '../../domain/mail-loop.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.js';
import type { AttachmentInput, ConversationsService, InboundMessageInput } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import { readDeliveryFailure } from './bounce.js';
import { readEmailChannelData, type EmailChannelData } from './email.schemas.js';
import type { HoldMailInput } from './held-mail.service.js';
import { parseEmail, type ParsedEmail } from './mail-parser.js';
import type { MailboxConnection } from './mailbox.service.js';
import { suggestSenderMerges } from './merge-hints.js';
import { findParticipantThreads } from './participants.js';
import { findThreadCandidates, type EmailedConversation, type ThreadCandidates } from './thread-lookup.js';

export type MailOutcome =
  | { outcome: 'stored'; conversationId: string; opened: boolean }
  | { outcome: 'duplicate'; conversationId: string }
  | { outcome: 'bounce'; failedMessageIds: string[] }
  /** Kept out of conversations, in the mailbox's held list for admins. */
  | { outcome: 'held'; reason: string };

export interface EmailIngestOptions {
  db: Db;
  customers: CustomersService;
  conversations: ConversationsService;
  storage: FileStorage;
  redis: Redis;
  keyPrefix: string;
  attachmentMaxBytes: number;
  /** Keeps a mail that joins no conversation where admins see it. */
  hold: (input: HoldMailInput) => Promise<void>;
  logger: Logger;
}

export interface IngestBatchOptions {
  /** An admin released a held "automatic" mail: store it as a person's. */
  asPerson?: boolean;
}

/** A mail on its way in, once its sender is known. */
interface SenderMail {
  index: number;
  mail: ParsedEmail;
  source: Buffer;
  /** The Message-ID, or a sender-scoped id when another sender used the same Message-ID first. */
  channelMessageId: string;
  kind: Extract<InboundMailKind, 'person' | 'auto-reply'>;
  /** Whose conversation the mail goes to: the sender's own customer, or for a participant the thread's. */
  customer: Pick<Customer, 'id'>;
  /** Set when the sender writes on a thread they were copied on (see participants.ts). */
  participant: boolean;
}

const AUTO_ACK_QUIET_SECONDS = 3600;
const DAY_MS = 24 * 3600 * 1000;
// Messages per database transaction: enough to amortise it, few enough to hold locks briefly
// and to spread a round over several connections.
const TRANSACTION_SIZE = 25;

/**
 * Turns raw mails of a mailbox into conversation messages: parse, tell people from
 * machines, thread, store through the conversations spine, acknowledge.
 */
export class EmailIngestService {
  constructor(private readonly options: EmailIngestOptions) {}

  /**
   * Stores a batch of mails (in mailbox order). Every thread key only counts for the
   * sender's own conversations, so mails of different customers never depend on each
   * other: the batch is stored in rounds holding at most one mail per customer, and a
   * customer's later mail sees the conversation their earlier one opened.
   */
  async ingestBatch(mailbox: MailboxConnection, sources: Buffer[], ownAddresses: string[], options: IngestBatchOptions = {}): Promise<MailOutcome[]> {
    const mails = await Promise.all(sources.map((source) => parseEmail(source, { attachmentMaxBytes: this.options.attachmentMaxBytes })));
    const outcomes: MailOutcome[] = new Array(mails.length);
    const channelIds = await this.senderScopedIds(mailbox.inboxId, mails);
    const fromPeople: Omit<SenderMail, 'customer' | 'participant'>[] = [];
    for (const [index, mail] of mails.entries()) {
      const source = sources[index]!;
      const channelId = channelIds[index]!;
      const kind = options.asPerson
        ? 'person'
        : classifyInboundMail({ headers: mail.headers, from: mail.from?.address ?? null, subject: mail.subject, ownAddresses });
      if (channelId.duplicateOf) outcomes[index] = { outcome: 'duplicate', conversationId: channelId.duplicateOf };
      else if (kind === 'own-address') outcomes[index] = await this.hold(mailbox, source, mail, 'AUTOMATIC', 'Sent from one of our own addresses.');
      else if (kind === 'bounce') outcomes[index] = await this.recordBounce(mailbox, source, mail);
      else if (!mail.from) outcomes[index] = await this.hold(mailbox, source, mail, 'QUARANTINED', 'The mail has no sender address.');
      else fromPeople.push({ index, mail, source, kind, channelMessageId: channelId.channelMessageId });
    }
    const senders = await this.resolveSenders(mailbox, fromPeople);
    for (const { index, mail, source } of fromPeople) {
      if (!senders.some((sender) => sender.index === index)) {
        outcomes[index] = await this.hold(mailbox, source, mail, 'AUTOMATIC', 'Automatic reply from a sender who is not a customer.');
      }
    }
    for (const round of roundsByCustomer(senders)) {
      for (const [index, outcome] of await this.ingestRound(mailbox, round)) outcomes[index] = outcome;
    }
    return outcomes;
  }

  /**
   * Senders become customers; a machine never does, so its mail only joins a sender we already
   * know. A person writing on a thread they were copied on is a participant of it: their mail
   * goes to that thread's customer, and no customer is made of them.
   */
  private async resolveSenders(mailbox: MailboxConnection, mails: Omit<SenderMail, 'customer' | 'participant'>[]): Promise<SenderMail[]> {
    const senders: SenderMail[] = [];
    const candidates = mails.filter((entry) => entry.kind === 'person');
    const threads = await findParticipantThreads(
      this.options.db,
      mailbox.inboxId,
      candidates.map(({ mail }) => ({ threadIds: mail.threadIds, from: mail.from!.address })),
    );
    const people: typeof candidates = [];
    for (const [position, entry] of candidates.entries()) {
      const thread = threads[position];
      const own = thread ? await this.options.customers.findCustomerByIdentity({ kind: 'EMAIL', value: entry.mail.from!.address }) : null;
      if (thread && own?.id !== thread.customerId) senders.push({ ...entry, customer: { id: thread.customerId }, participant: true });
      else people.push(entry);
    }
    const customers = await this.options.customers.resolveCustomers(
      people.map(({ mail }) => ({ identity: { kind: 'EMAIL', value: mail.from!.address }, name: mail.from!.name })),
    );
    senders.push(...people.map((entry, position) => ({ ...entry, customer: customers[position]!, participant: false })));
    for (const entry of mails.filter((candidate) => candidate.kind === 'auto-reply')) {
      const customer = await this.options.customers.findCustomerByIdentity({ kind: 'EMAIL', value: entry.mail.from!.address });
      if (customer) senders.push({ ...entry, customer, participant: false });
    }
    return senders.sort((a, b) => a.index - b.index);
  }

  private async ingestRound(mailbox: MailboxConnection, round: SenderMail[]): Promise<[number, MailOutcome][]> {
    const candidates = await findThreadCandidates(
      this.options.db,
      mailbox.inboxId,
      round.map(({ mail }) => ({
        threadIds: mail.threadIds,
        replyToken: findReplyToken(mail.recipients, mailbox.address),
        subjectNumber: subjectConversationNumber(mail.subject),
      })),
    );
    const now = new Date();
    const results: [number, MailOutcome][] = [];
    const accepted: { sender: SenderMail; input: InboundMessageInput; candidates: ThreadCandidates }[] = [];
    for (const [position, sender] of round.entries()) {
      const { decision, answered } = decideThread(sender, candidates[position]!, now, mailbox.reopenWithinDays * DAY_MS);
      // A machine's answer may join a live thread (an agent should see "out of office"), never start or revive one.
      if (sender.kind === 'auto-reply' && (decision.kind === 'new' || decision.reopens)) {
        const reason = 'Automatic reply outside an open conversation.';
        results.push([sender.index, await this.hold(mailbox, sender.source, sender.mail, 'AUTOMATIC', reason)]);
        continue;
      }
      accepted.push({ sender, input: await this.toInboundInput(mailbox, sender, decision, answered), candidates: candidates[position]! });
    }
    // Customers of a round are distinct, so its transactions share no locks and run side by side.
    const chunks = Array.from({ length: Math.ceil(accepted.length / TRANSACTION_SIZE) }, (_, chunk) =>
      accepted.slice(chunk * TRANSACTION_SIZE, (chunk + 1) * TRANSACTION_SIZE),
    );
    const stored = await Promise.all(chunks.map((chunk) => this.options.conversations.ingestInboundBatch(chunk.map(({ input }) => input))));
    for (const [position, result] of stored.flat().entries()) {
      const { sender } = accepted[position]!;
      if (result.duplicate) {
        results.push([sender.index, { outcome: 'duplicate', conversationId: result.conversation.id }]);
        continue;
      }
      if (result.opened && sender.kind === 'person' && mailbox.autoAcknowledge && mayAnswerAutomatically(sender.mail.headers)) {
        await this.acknowledge(result.conversation.id, result.conversation.number, sender.customer.id);
      }
      results.push([sender.index, { outcome: 'stored', conversationId: result.conversation.id, opened: result.opened }]);
    }
    for (const { sender, candidates: thread } of accepted) {
      if (sender.kind !== 'person') continue;
      const mail = { from: sender.mail.from!, customerId: sender.customer.id, participant: sender.participant };
      await suggestSenderMerges(this.options.customers, mail, thread, this.options.logger);
    }
    return results;
  }

  private async toInboundInput(
    mailbox: MailboxConnection,
    { mail, channelMessageId, customer, participant }: SenderMail,
    decision: EmailThreadDecision,
    answered: EmailedConversation | null,
  ): Promise<InboundMessageInput> {
    const { attachments, inlineImages } = await this.storeAttachments(mail);
    const relatedConversationId = decision.kind === 'new' ? decision.relatedConversationId : undefined;
    return {
      // An answer to an e-mailed web-chat reply is that conversation's customer's, in its inbox.
      inboxId: answered?.inboxId ?? mailbox.inboxId,
      ...(answered && { customerId: answered.candidate.customerId }),
      ...(participant && { customerId: customer.id }),
      identity: { kind: 'EMAIL', value: mail.from!.address },
      customerName: mail.from!.name,
      text: withOversizedNotes(mail),
      html: mail.html ?? undefined,
      subject: mail.subject,
      channelMessageId,
      threadConversationId: decision.kind === 'existing' ? decision.conversationId : null,
      attachments,
      channelData: {
        email: inboundChannelData(mail, {
          relatedConversationId,
          inlineImages,
          ...(participant && { participant: { address: mail.from!.address, name: mail.from!.name } }),
        }),
      },
    };
  }

  /**
   * Deduplication is per sender and inbox: a Message-ID counts as "stored before" only for the
   * sender who sent it (a re-read after a crash or a UIDVALIDITY change). Another sender's mail
   * with the same Message-ID (a broken client, or one choosing ids to suppress someone else's
   * mail) is stored under a sender-scoped id; the first sender keeps the plain one, which
   * threading by In-Reply-To finds.
   */
  private async senderScopedIds(inboxId: string, mails: ParsedEmail[]): Promise<{ channelMessageId: string; duplicateOf?: string }[]> {
    const sender = (mail: ParsedEmail) => mail.from?.address ?? '';
    const scoped = (mail: ParsedEmail) => `${mail.messageId}#${sender(mail)}`;
    const rows = await this.options.db.message.findMany({
      where: { inboxId, channelMessageId: { in: mails.flatMap((mail) => [mail.messageId, scoped(mail)]) } },
      select: { channelMessageId: true, conversationId: true, direction: true, channelData: true },
    });
    const stored = new Map(rows.map((row) => [row.channelMessageId!, row]));
    const claimedInBatch = new Map<string, string>();
    return mails.map((mail) => {
      const byScope = stored.get(scoped(mail));
      if (byScope) return { channelMessageId: scoped(mail), duplicateOf: byScope.conversationId };
      const plain = stored.get(mail.messageId);
      const plainSender = plain
        ? plain.direction === 'INBOUND'
          ? (readEmailChannelData(plain.channelData).from ?? '')
          : null
        : claimedInBatch.get(mail.messageId);
      if (plain && plainSender === sender(mail)) return { channelMessageId: mail.messageId, duplicateOf: plain.conversationId };
      if (plainSender !== undefined && plainSender !== sender(mail)) return { channelMessageId: scoped(mail) };
      claimedInBatch.set(mail.messageId, sender(mail));
      return { channelMessageId: mail.messageId };
    });
  }

  /** A bounce answers one of our messages: mark it failed with the remote reason; never a conversation. */
  private async recordBounce(mailbox: MailboxConnection, source: Buffer, mail: ParsedEmail): Promise<MailOutcome> {
    const failure = readDeliveryFailure(source, mail.threadIds);
    const returned = await this.options.db.message.findMany({
      where: { inboxId: mailbox.inboxId, direction: 'OUTBOUND', channelMessageId: { in: failure.messageIds } },
      select: { id: true, deliveryStatus: true },
    });
    for (const message of returned) {
      if (message.deliveryStatus !== 'FAILED') await this.options.conversations.markDelivery(message.id, 'FAILED', failure.reason);
    }
    if (returned.length === 0) return this.hold(mailbox, source, mail, 'AUTOMATIC', 'Bounce for no message of ours.');
    return { outcome: 'bounce', failedMessageIds: returned.map((message) => message.id) };
  }

  /**
   * Content-addressed keys: reading the same mail again writes the same files, never copies.
   * Inline images are also listed by Content-ID, so the HTML's cid: links can be served.
   */
  private async storeAttachments(mail: ParsedEmail) {
    const inlineImages: Record<string, string> = {};
    const attachments: AttachmentInput[] = await Promise.all(
      mail.attachments.map(async (attachment) => {
        const digest = createHash('sha256').update(attachment.content).digest('hex');
        const storageKey = `email/${digest.slice(0, 2)}/${digest}`;
        await this.options.storage.put(storageKey, attachment.content);
        if (attachment.contentId) inlineImages[attachment.contentId] = storageKey;
        return { fileName: attachment.fileName, contentType: attachment.contentType, byteSize: attachment.content.length, storageKey };
      }),
    );
    return { attachments, inlineImages };
  }

  /** At most one acknowledgement per customer an hour, however many new threads they open. */
  private async acknowledge(conversationId: string, conversationNumber: number, customerId: string): Promise<void> {
    const key = `${this.options.keyPrefix}:email:ack:${customerId}`;
    const first = await this.options.redis.set(key, '1', 'EX', AUTO_ACK_QUIET_SECONDS, 'NX');
    if (first !== 'OK') return;
    await this.options.conversations.postSystemMessage({
      conversationId,
      text:
        `Thank you for your message. We have received it and will answer as soon as we can.\n\n` +
        `Your reference is [#${conversationNumber}]; please keep it in the subject if you write again.`,
      channelData: { email: { kind: 'auto-ack' } },
    });
  }

  private async hold(mailbox: MailboxConnection, raw: Buffer, mail: ParsedEmail, kind: HoldMailInput['kind'], reason: string): Promise<MailOutcome> {
    await this.options.hold({
      mailboxId: mailbox.id,
      kind,
      reason,
      raw,
      messageId: mail.messageId,
      fromAddress: mail.from?.address ?? null,
      subject: mail.subject,
    });
    this.options.logger.info({ messageId: mail.messageId, from: mail.from?.address, reason }, 'mail held');
    return { outcome: 'held', reason };
  }
}

/**
 * Which conversation a mail joins. Normally one of the sender's own in this inbox (the pure
 * resolveEmailThread). One explicit exception: an answer to a reply another channel sent
 * through this mailbox (a web chat whose visitor had left) joins that conversation, and only
 * when it carries that conversation's reply token (a secret only the reply's recipient saw)
 * AND comes from the address the reply went to. It is stored as that conversation's customer;
 * the sender's address is never added to them, so no two customers are merged or crossed.
 */
function decideThread(
  sender: SenderMail,
  candidates: ThreadCandidates,
  now: Date,
  reopenWithinMs: number,
): { decision: EmailThreadDecision; answered: EmailedConversation | null } {
  const own = resolveEmailThread({ customerId: sender.customer.id, ...candidates, now, reopenWithinMs });
  const emailed = candidates.emailedConversation;
  const tokenIsStronger = own.kind === 'new' || own.matchedBy === 'subject-number';
  if (emailed && tokenIsStronger && emailed.emailedTo.includes(sender.mail.from!.address)) {
    const answer = resolveEmailThread({
      customerId: emailed.candidate.customerId,
      byHeaders: [],
      byReplyToken: emailed.candidate,
      bySubjectNumber: null,
      now,
      reopenWithinMs,
    });
    if (answer.kind === 'existing') return { decision: answer, answered: emailed };
  }
  return { decision: own, answered: null };
}

/** Round k holds the k-th mail of every customer in the batch, so no round has two mails of one customer. */
function roundsByCustomer(mails: SenderMail[]): SenderMail[][] {
  const seen = new Map<string, number>();
  const rounds: SenderMail[][] = [];
  for (const mail of mails) {
    const round = seen.get(mail.customer.id) ?? 0;
    seen.set(mail.customer.id, round + 1);
    (rounds[round] ??= []).push(mail);
  }
  return rounds;
}

function inboundChannelData(
  mail: ParsedEmail,
  links: Pick<EmailChannelData, 'relatedConversationId' | 'inlineImages' | 'participant'>,
): Prisma.InputJsonObject {
  const data: EmailChannelData = {
    ...links,
    kind: 'inbound',
    messageId: mail.messageId,
    from: mail.from?.address,
    replyTo: mail.replyTo ?? undefined,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    references: mail.references,
  };
  return JSON.parse(JSON.stringify(data)) as Prisma.InputJsonObject;
}

function withOversizedNotes(mail: ParsedEmail): string {
  const notes = mail.oversized.map(
    (file) => `[Attachment "${file.fileName}" (${(file.byteSize / 1024 / 1024).toFixed(1)} MB) was not kept: it is over the size limit.]`,
  );
  return [mail.text, ...notes].filter(Boolean).join('\n\n');
}
