import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../../config.js';
import type { Db } from '../../infra/db.js';
import type { FileStorage } from '../../infra/file-storage.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.js';
import { SecretBox } from '../../infra/secret-box.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { Deliverer } from '../outbound/outbound.worker.js';
import { EmailConversationsService } from './email-conversations.service.js';
import { EmailIngestService } from './email-ingest.service.js';
import { emailDeliverer } from './email.deliverer.js';
import { emailRoutes } from './email.routes.js';
import { watchMailbox } from './imap-watcher.js';
import { MailboxWatchers } from './mailbox-watch.worker.js';
import { EmailMailboxService } from './mailbox.service.js';
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
  const ingest = new EmailIngestService({
    db,
    customers: options.customers,
    conversations: options.conversations,
    storage: options.storage,
    redis: options.redis,
    keyPrefix: config.redisPrefix,
    attachmentMaxBytes: config.email.attachmentMaxBytes,
    logger,
  });
  const transports = new SmtpTransports(config.smtpUrl);
  const emailConversations = new EmailConversationsService(
    options.conversations,
    options.customers,
    mailboxes,
    options.storage,
    config.email.attachmentMaxBytes,
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
    routes: emailRoutes({
      db,
      storage: options.storage,
      mailboxes,
      emailConversations,
      messageMaxChars: config.messageMaxChars,
      attachmentMaxBytes: config.email.attachmentMaxBytes,
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
