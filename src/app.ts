import { createServer, type Server as HttpServer } from 'node:http';
import { Router, type Express } from 'express';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { seedDemo, type DemoLogin } from '../prisma/seed.js';
import type { Config } from './config.js';
import { resolveAppSecret } from './infra/app-secret.js';
import { systemClock, type Clock } from './infra/clock.js';
import { createDb, type Db } from './infra/db.js';
import { startEmbeddedPostgres } from './infra/embedded-postgres.js';
import { EventBus } from './infra/event-bus.js';
import { pruneEventLog } from './infra/event-log.js';
import { LocalFileStorage } from './infra/file-storage.js';
import { ensureLocalRedis } from './infra/local-redis.js';
import { createLogger, type Logger } from './infra/logger.js';
import { applyMigrations } from './infra/migrate.js';
import { createRedis, type Redis } from './infra/redis.js';
import { Signer } from './infra/signer.js';
import { requireUser } from './http/auth.middleware.js';
import { healthRoutes } from './http/health.routes.js';
import { createHttpApp } from './http/http-app.js';
import { mountRoutes, type RouteDefinition } from './http/route-definition.js';
import { AccessPolicy } from './modules/access/access.policy.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.js';
import { AttachmentsService } from './modules/attachments/attachments.service.js';
import { AdminService } from './modules/admin/admin.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { SessionStore } from './modules/auth/session.store.js';
import type { ConversationEvents } from './modules/conversations/conversation.events.js';
import { conversationsRoutes } from './modules/conversations/conversations.routes.js';
import { conversationSocketEvents } from './modules/conversations/conversations.socket.js';
import { createConversationsService, type ConversationsService, type RedeemUploads } from './modules/conversations/conversations.service.js';
import { MessageReceipts } from './modules/conversations/message-receipts.js';
import { markReadOnOwnMessages, ReadState } from './modules/conversations/read-state.js';
import { SnoozeWaker } from './modules/conversations/snooze-wake.js';
import { cannedResponsesRoutes } from './modules/canned-responses/canned-responses.routes.js';
import { CannedResponsesService } from './modules/canned-responses/canned-responses.service.js';
import { ConversationLabels } from './modules/conversations/conversation-labels.js';
import { ConversationMerge } from './modules/conversations/conversation-merge.js';
import { findCustomerConversations } from './modules/conversations/customer-conversations.js';
import { moveCustomerConversations } from './modules/conversations/customer-conversations-move.js';
import { socketRatingPush } from './modules/csat/csat.push.js';
import { CsatService } from './modules/csat/csat.service.js';
import { CustomerMerge } from './modules/customers/customer-merge.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { CustomersService } from './modules/customers/customers.service.js';
import { createEmailChannel } from './modules/email/email.channel.js';
import { labelsRoutes } from './modules/labels/labels.routes.js';
import { LabelsService } from './modules/labels/labels.service.js';
import { notifyOnConversationEvents } from './modules/notifications/notifications.listeners.js';
import { socketNotificationPush } from './modules/notifications/notifications.push.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { OutboundQueues } from './modules/outbound/outbound.queue.js';
import { startOutboundWorkers, type Deliverers } from './modules/outbound/outbound.worker.js';
import { AgentPresenceStore } from './modules/routing/agent-presence.store.js';
import { DrainCoordinator } from './modules/routing/drain-coordinator.js';
import { MatchCommitter } from './modules/routing/match-committer.js';
import { routeConversationEvents } from './modules/routing/routing.listeners.js';
import { routingRepairConsumer } from './modules/routing/routing-repair.js';
import { socketRoutingNotifier } from './modules/routing/routing.push.js';
import { RoutingQueues } from './modules/routing/routing.queue.js';
import { routingRoutes } from './modules/routing/routing.routes.js';
import { createRoutingService, type RoutingService } from './modules/routing/routing.service.js';
import { presenceSocketEvents } from './modules/routing/routing.socket.js';
import { WidgetAvailabilityPush } from './modules/webchat/availability.push.js';
import { VisitorTokens } from './modules/webchat/visitor-token.js';
import { visitorLimiter } from './modules/webchat/rate-limit.js';
import { pushConversationEventsToVisitors, webchatDeliverer } from './modules/webchat/webchat.push.js';
import { webchatAdminRoutes, webchatRoutes } from './modules/webchat/webchat.routes.js';
import { WebchatService } from './modules/webchat/webchat.service.js';
import { agentReadReceiptEvents, registerWidgetNamespace } from './modules/webchat/webchat.socket.js';
import { agentConnections } from './realtime/agent-connections.js';
import { registerAgentNamespace, type AgentSocketEvent } from './realtime/agent.namespace.js';
import { evictWatchersWhoLostAccess, pushConversationEventsToAgents } from './realtime/conversation.push.js';
import { createSocketServer } from './realtime/socket-server.js';

export interface AppOverrides {
  logger?: Logger;
  /** Replaces channel deliverers (tests exercise retries with a failing channel). */
  deliverers?: Deliverers;
  /** Time for routing's presence/sweeps and snooze wake-ups (tests move it forward). */
  clock?: Clock;
}

export interface RunningApp {
  url: string;
  port: number;
  db: Db;
  redis: Redis;
  logger: Logger;
  demoLogins: DemoLogin[] | null;
  /** The Express app (tests list its routes). */
  httpApp: Express;
  /** The use-cases, for in-process callers (benchmarks, tests that play a channel adapter). */
  services: { conversations: ConversationsService; routing: RoutingService; snoozes: SnoozeWaker };
  /** Every REST route and /agent socket event as declared (API document, access and fuzz tests). */
  definitions: { routes: RouteDefinition[]; agentEvents: AgentSocketEvent[] };
  stop(): Promise<void>;
}

type Closer = { name: string; close: () => Promise<unknown> };

/** Built by `npm run build:widget` (npm start and the tests build it when missing or stale). */
export const WIDGET_SCRIPT_FILE = fileURLToPath(new URL('../widget/dist/widget.js', import.meta.url));
/** Built by `npm run build:console`. */
export const CONSOLE_DIR = fileURLToPath(new URL('../agent-console/dist', import.meta.url));

/** The composition root: builds infrastructure and modules, wires them, starts listening. */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // Closed in reverse order of opening.
  const closers: Closer[] = [];
  let shuttingDown = false;

  try {
    const { databaseUrl, poolSize } = await resolveDatabase(config, closers, logger);
    const redisUrl = await resolveRedis(config, closers, logger);
    await applyMigrations(databaseUrl);

    const db = createDb(databaseUrl, poolSize);
    closers.push({ name: 'postgres client', close: () => db.$disconnect() });
    const redis = createRedis(redisUrl);
    closers.push({ name: 'redis client', close: () => redis.quit() });
    const workerRedis = createRedis(redisUrl, 'workers');
    closers.push({ name: 'redis worker client', close: () => workerRedis.quit() });
    const demoLogins = config.seedDemo ? await seedDemo(db, { production: config.env === 'production' }) : null;

    const bus = new EventBus<ConversationEvents>(logger);
    const customers = new CustomersService(db);
    const sessions = new SessionStore(redis, config.redisPrefix, config.sessionTtlSeconds);
    const auth = new AuthService(db, sessions, redis, config.redisPrefix, {
      maxFailures: config.loginMaxFailures,
      lockSeconds: config.loginLockSeconds,
    });
    const admin = new AdminService(db, auth);
    // Workers block on the worker connection; adding a job uses the main one and fails fast while Redis is away.
    const queueOptions = { connection: workerRedis, prefix: `${config.redisPrefix}:bull` };
    const outbound = new OutboundQueues({
      ...queueOptions,
      connection: redis,
      attempts: config.outboundAttempts,
      backoffMs: config.outboundBackoffMs,
    });
    closers.push({ name: 'outbound queues', close: () => outbound.close() });
    const conversations = createConversationsService({ db, bus, customers, admin, outbound });
    const appSecret = await resolveAppSecret(config.appSecret, config.dataDir);
    const tokens = new VisitorTokens(appSecret);
    const storage = new LocalFileStorage(join(config.dataDir, 'files'));
    const attachments = new AttachmentsService({
      db,
      storage,
      signer: new Signer(appSecret),
      redis,
      keyPrefix: config.redisPrefix,
      maxBytes: config.widgetUploadMaxBytes,
    });
    const redeemUploads: RedeemUploads = (agentId, tokens, messageKey) => attachments.redeemAgentUploads(agentId, tokens, messageKey);
    const receipts = new MessageReceipts(db, bus);
    const reads = new ReadState(db);
    const notifications = new NotificationsService(db, (userIds) => admin.userNames(userIds));
    const labels = new LabelsService(db);
    const conversationLabels = new ConversationLabels(db, bus, (ids) => labels.unknownIds(ids));
    markReadOnOwnMessages(bus, reads);
    const csat = new CsatService(db, conversations);
    const webchat = new WebchatService({ db, tokens, customers, conversations, receipts, csat, attachments });
    const email = createEmailChannel({
      config,
      db,
      redis,
      queue: queueOptions,
      storage,
      credentialsKey: config.credentialsKey ?? appSecret,
      customers,
      conversations,
      redeemUploads,
      logger,
    });

    // The API router fills up below; the server must exist with its handler before Socket.IO
    // attaches, or Express would also answer (404) Socket.IO's long-polling requests.
    const api = Router();
    const httpApp = createHttpApp({
      logger,
      trustProxy: config.trustProxy,
      health: healthRoutes(db, redis, () => shuttingDown),
      api,
      widgetScriptFile: WIDGET_SCRIPT_FILE,
      consoleDir: CONSOLE_DIR,
      publicUrl: config.publicUrl,
    });
    const httpServer = createServer(httpApp);
    const sockets = createSocketServer(httpServer, {
      redis,
      keyPrefix: config.redisPrefix,
      maxPayloadBytes: 64 * 1024,
    });
    // Closing Socket.IO also closes the HTTP server.
    closers.push({ name: 'sockets and http', close: () => sockets.close() });

    const routingQueues = new RoutingQueues(redis, redis, queueOptions.prefix);
    closers.push({ name: 'routing queues', close: () => routingQueues.close() });
    const presence = new AgentPresenceStore(redis, config.redisPrefix);
    const routing = createRoutingService({
      redis,
      prefix: config.redisPrefix,
      conversations,
      directory: admin,
      presence,
      queues: routingQueues,
      drains: new DrainCoordinator(redis, config.redisPrefix, logger),
      committer: new MatchCommitter(redis, presence, routingQueues),
      notifier: socketRoutingNotifier(sockets.io),
      logger,
      clock: overrides.clock ?? systemClock,
      options: { heartbeatTimeoutMs: config.routingHeartbeatTimeoutMs, scanLimit: 1000, positionUpdatesFor: 100 },
    });
    routeConversationEvents(bus, routing);
    // Every process runs it; the consumer's lease lets one read at a time.
    const routingRepair = routingRepairConsumer({ db, logger, conversations, queues: routingQueues, routing, ...config.routingRepair });
    routingRepair.start();
    const eventLogPruner = setInterval(() => {
      pruneEventLog(db, config.eventLog.retentionMs).catch((error: unknown) => logger.error({ err: error }, 'event log pruning failed'));
    }, config.eventLog.pruneIntervalMs);
    const sweeper = setInterval(() => {
      routing.sweep().catch((error: unknown) => logger.error({ err: error }, 'routing sweep failed'));
    }, config.routingSweepIntervalMs);
    const snoozes = new SnoozeWaker(db, bus, overrides.clock ?? systemClock);
    const snoozeSweeper = setInterval(() => {
      snoozes.wakeDue().catch((error: unknown) => logger.error({ err: error }, 'snooze sweep failed'));
    }, config.snoozeSweepIntervalMs);

    const access = new AccessPolicy(db, (userId) => admin.teamIdsOf(userId));
    const routes: RouteDefinition[] = [
      ...authRoutes(auth, {
        secure: config.cookieSecure,
        maxAgeSeconds: config.sessionTtlSeconds,
        teamIdsOf: (userId) => admin.teamIdsOf(userId),
      }),
      ...adminRoutes(admin, {
        publicUrl: config.publicUrl,
        listLabels: () => labels.list(),
        agentChanged: (userId) => routing.refreshAgent(userId),
      }),
      ...email.routes,
      ...attachmentsRoutes(attachments),
      ...webchatRoutes(webchat, {
        maxUploadBytes: config.widgetUploadMaxBytes,
        uploadLimiter: visitorLimiter(redis, `${config.redisPrefix}:widget-uploads`, config.widgetMessagesPerMinute),
      }),
      ...conversationsRoutes(db, conversations, {
        messageMaxChars: config.messageMaxChars,
        access,
        reads,
        labelIdsOf: (conversationId) => conversationLabels.labelIdsOf(conversationId),
        merges: new ConversationMerge(db, bus),
        redeemUploads,
      }),
      ...routingRoutes(routing, conversations),
      ...webchatAdminRoutes(webchat),
      ...customersRoutes(customers, {
        access,
        conversationsOf: (customerId, visible) => findCustomerConversations(db, customerId, visible),
        merge: new CustomerMerge({ db, moveConversations: moveCustomerConversations }),
      }),
      ...notificationsRoutes(notifications, access),
      ...labelsRoutes(labels, conversationLabels),
      ...cannedResponsesRoutes(new CannedResponsesService(db)),
    ];
    mountRoutes(api, routes, { auth, access });
    api.use(requireUser(auth)); // any other path: 401 without a session (404 with one)

    auth.useLiveConnections(agentConnections(sockets.io));
    const agentEvents: AgentSocketEvent[] = [
      ...conversationSocketEvents({ conversations, redeemUploads, messageMaxChars: config.messageMaxChars }),
      ...presenceSocketEvents(routing),
      ...agentReadReceiptEvents(webchat, (userId, conversationId) => reads.markRead(userId, conversationId)),
    ];
    registerAgentNamespace({ io: sockets.io, auth, access, events: agentEvents, logger });
    webchat.useRouting({
      agentsOnline: (teamId) => routing.hasAgentsOnline(teamId),
      setCustomerAway: (conversationId, away) => routing.setCustomerAway(conversationId, away),
    });
    const widgetAvailability = new WidgetAvailabilityPush({ io: sockets.io, webchat, redis, keyPrefix: config.redisPrefix, logger });
    routing.onPresenceChange(() => widgetAvailability.publishChanges());
    closers.push({ name: 'widget availability watch', close: widgetAvailability.watch(config.routingSweepIntervalMs) });
    registerWidgetNamespace({
      io: sockets.io,
      webchat,
      redis,
      keyPrefix: config.redisPrefix,
      messagesPerMinute: config.widgetMessagesPerMinute,
      messageMaxChars: config.messageMaxChars,
      logger,
    });
    const inboxTeamOf = (inboxId: string) => admin.teamOfInbox(inboxId);
    pushConversationEventsToAgents(sockets.io, bus, inboxTeamOf);
    csat.useRatingPush(socketRatingPush(sockets.io, inboxTeamOf));
    evictWatchersWhoLostAccess(sockets.io, bus, (userId, conversationId) => access.userMaySeeConversation(userId, conversationId));
    notifyOnConversationEvents(bus, notifications, socketNotificationPush(sockets.io), (userId, conversationId) =>
      access.userMaySeeConversation(userId, conversationId),
    );
    const presentToVisitor = webchat.present.bind(webchat);
    pushConversationEventsToVisitors(sockets.io, bus, presentToVisitor);

    const workers = startOutboundWorkers({
      ...queueOptions,
      deliverers: overrides.deliverers ?? { WEBCHAT: webchatDeliverer(sockets.io, presentToVisitor, email.replyByEmail), EMAIL: email.deliverer },
      conversations,
      concurrency: 10,
      logger,
    });
    // Workers close first on shutdown: they finish the jobs in hand, then take no more.
    closers.push({ name: 'outbound workers', close: () => Promise.all(workers.map((worker) => worker.close())) });
    await redispatchStranded(conversations, logger);
    // Mailbox watchers stop on shutdown after routing (below), handing their mailboxes to the other processes.
    closers.push({ name: 'email channel', close: () => email.close() });
    await email.startWatching();
    // First to stop: no new sweeps or drains, and every listener in flight finishes while
    // the database, Redis and sockets are still there.
    closers.push({
      name: 'routing and event listeners',
      close: async () => {
        clearInterval(sweeper);
        clearInterval(snoozeSweeper);
        clearInterval(eventLogPruner);
        await routingRepair.close();
        await routing.close();
        await bus.idle();
      },
    });

    const port = await listen(httpServer, config.port, config.host);
    const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    logger.info({ url }, 'contact center is up');

    return {
      url,
      port,
      db,
      redis,
      logger,
      demoLogins,
      httpApp,
      services: { conversations, routing, snoozes },
      definitions: { routes, agentEvents },
      async stop() {
        shuttingDown = true;
        await closeAll(closers, logger, config.shutdownTimeoutMs);
      },
    };
  } catch (error) {
    await closeAll(closers, logger, config.shutdownTimeoutMs);
    throw error;
  }
}

async function resolveDatabase(config: Config, closers: Closer[], logger: Logger) {
  if (config.databaseUrl) return { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize };
  const embedded = await startEmbeddedPostgres(join(config.dataDir, 'postgres'));
  closers.push({ name: 'embedded postgres', close: () => embedded.stop() });
  logger.info({ dataDir: join(config.dataDir, 'postgres') }, 'DATABASE_URL is not set: using embedded PostgreSQL (PGlite)');
  // PGlite serves every connection from one session: more than one would interleave transactions.
  return { databaseUrl: embedded.databaseUrl, poolSize: 1 };
}

async function resolveRedis(config: Config, closers: Closer[], logger: Logger): Promise<string> {
  if (config.redisUrl) return config.redisUrl;
  const local = await ensureLocalRedis(join(config.dataDir, 'redis'));
  closers.push({ name: 'local redis', close: () => local.stop() });
  logger.info({ url: local.url }, 'REDIS_URL is not set: using local Redis');
  return local.url;
}

/** Replies stored but never handed to their channel (the process died in between). */
async function redispatchStranded(conversations: ConversationsService, logger: Logger): Promise<void> {
  const stranded = await conversations.findUndispatchedMessages();
  for (const message of stranded) await conversations.dispatchOutbound(message.id, message.inboxId);
  if (stranded.length > 0) logger.info({ count: stranded.length }, 're-dispatched queued outbound messages');
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function closeAll(closers: Closer[], logger: Logger, timeoutMs: number): Promise<void> {
  for (const closer of closers.reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([closer.close(), timedOut]);
      if (outcome === 'timeout') logger.warn({ part: closer.name }, 'did not close in time; moving on');
    } catch (error) {
      logger.warn({ err: error, part: closer.name }, 'error while closing');
    } finally {
      clearTimeout(timer);
    }
  }
  closers.length = 0;
}
