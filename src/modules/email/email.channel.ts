import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../../config.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.js';
import { SecretBox } from '../../infra/secret-box.js';
import type { ConversationsService, RedeemUploads } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { Deliverer } from '../outbound/outbound.worker.js';
import { EmailConversationsService } from './email-conversations.service.js';
import { EmailIngestService } from './email-ingest.service.js';
import { HeldMailService, summarizeRawMail } from './held-mail.service.js';
import { emailDeliverer } from './email.deliverer.js';
import { emailRoutes } from './email.routes.js';
import { watchMailbox } from './imap-watcher.js';
import { MailboxWatchers } from './mailbox-watch.worker.js';
import { EmailMailboxService } from './mailbox.service.js';
import { replyByEmail, type ReplyByEmail } from './reply-by-email.js';
import { SmtpTransports } from './smtp-transports.js';

export interface EmailChannelOptions {
  config: Config;
  db: Db;
  redis: Redis;
  queue: { connection: ConnectionOptions; prefix: string };
  storage: FileStorage;
  /** Key material for mailbox secrets: CREDENTIALS_KEY, else the app secret. */
  credentialsKey: string;
  customers: CustomersService;
  conversations: ConversationsService;
  /** Files agents attach, from the attachments module's upload tokens. */
  redeemUploads: RedeemUploads;
  logger: Logger;
}

// Mails fetched and stored per round trip: large enough to amortise IMAP and DB latency,
// small enough that a crash re-reads little.
const IMAP_BATCH_SIZE = 200;

/** The e-mail channel's parts, wired: the composition root mounts its routes, deliverer and watchers. */
export function createEmailChannel(options: EmailChannelOptions) {
  const { config, db, logger } = options;
  let watchers: MailboxWatchers | undefined;
  const mailboxes = new EmailMailboxService(db, new SecretBox(options.credentialsKey), async (mailboxId) => {
    await watchers?.ensureWatched(mailboxId);
  });
  const ingest: EmailIngestService = new EmailIngestService({
    db,
    customers: options.customers,
    conversations: options.conversations,
    storage: options.storage,
    redis: options.redis,
    keyPrefix: config.redisPrefix,
    attachmentMaxBytes: config.email.attachmentMaxBytes,
    // Held mail is ingested again through this service: each refers to the other, called only after both exist.
    hold: (input) => heldMails.hold(input),
    logger,
  });
  const heldMails: HeldMailService = new HeldMailService(
    db,
    (inboxId) => mailboxes.mailboxIdByInbox(inboxId),
    (inboxId) => mailboxes.loadConnectionByInbox(inboxId),
    async (mailbox, raw, { asPerson }) => (await ingest.ingestBatch(mailbox, [raw], await mailboxes.ownAddresses(), { asPerson }))[0]!,
  );
  const transports = new SmtpTransports(config.smtpUrl);
  const emailConversations = new EmailConversationsService(
    options.conversations,
    options.customers,
    mailboxes,
    options.redeemUploads,
  );

  const watch = async (mailboxId: string, signal: AbortSignal) => {
    const mailbox = await mailboxes.loadConnection(mailboxId);
    if (!mailbox) return 'disabled' as const;
    return watchMailbox({
      mailbox,
      db,
      ingest: async (sources) => {
        await ingest.ingestBatch(mailbox, sources, await mailboxes.ownAddresses());
      },
      quarantine: (raw, reason) => heldMails.hold({ mailboxId: mailbox.id, kind: 'QUARANTINED', reason, raw, ...summarizeRawMail(raw) }),
      attemptsBeforeQuarantine: config.email.attemptsBeforeQuarantine,
      stillCurrent: async () => (await mailboxes.settingsVersion(mailboxId)) === mailbox.settingsVersion,
      pollMs: config.email.pollMs,
      batchSize: IMAP_BATCH_SIZE,
      logger,
      signal,
    });
  };

  return {
    mailboxes,
    ingest,
    deliverer: emailDeliverer({ db, storage: options.storage, mailboxes, transports }) satisfies Deliverer,
    /** For other channels: send one of their replies by e-mail (a web chat whose visitor left). */
    replyByEmail: replyByEmail({ db, storage: options.storage, customers: options.customers, mailboxes, transports, logger }) satisfies ReplyByEmail,
    routes: emailRoutes({
      db,
      storage: options.storage,
      mailboxes,
      heldMails,
      emailConversations,
      messageMaxChars: config.messageMaxChars,
    }),
    /** Starts this process's share of the mailbox watchers. */
    async startWatching(): Promise<void> {
      watchers = new MailboxWatchers({
        ...options.queue,
        concurrency: config.email.watchersPerProcess,
        lockMs: config.email.watchLockMs,
        watch,
        logger,
      });
      watchers.start();
      for (const mailboxId of await mailboxes.enabledMailboxIds()) await watchers.ensureWatched(mailboxId);
    },
    async close(): Promise<void> {
      await watchers?.close();
      transports.close();
    },
  };
}
