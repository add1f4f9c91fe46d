import { z } from 'zod';

/** Every environment variable the server reads, parsed once, with defaults. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address people open in a browser; printed at start-up. */
  PUBLIC_URL: z.string().url().optional(),
  /** Unset: an embedded PostgreSQL (PGlite) kept under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Unset: redis://127.0.0.1:6379, started from a local redis-server binary when nothing answers. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key (sessions, queues, rate limits) so deployments can share a Redis. */
  REDIS_PREFIX: z.string().regex(/^[\w:.-]+$/).default('cc'),
  DATA_DIR: z.string().default('./data'),
  /** Signs visitor tokens. Unset: a random secret kept in DATA_DIR. */
  APP_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Cookies only over HTTPS; on by default in production. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login rate limits use it). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  WIDGET_MESSAGES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  MESSAGE_MAX_CHARS: z.coerce.number().int().positive().default(5000),
  /** Largest file a website visitor may send, in megabytes. */
  WIDGET_UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(10),
  OUTBOUND_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  OUTBOUND_BACKOFF_MS: z.coerce.number().int().min(0).default(2000),
  /** An agent whose console sends no heartbeat for this long goes offline (their live work is re-queued). */
  ROUTING_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().positive().default(45),
  /** How often each process checks heartbeats, overflow and queue health. */
  ROUTING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /**
   * Routing repair reads conversation events from the durable log once they are this old, so the
   * live path (the in-process bus) acts first and repair only finds what a dying process left undone.
   * As long as the sweeps leave waiting work to the live path: under load a drain may hold a claimed
   * job for seconds before its assignment is stored.
   */
  ROUTING_REPAIR_MIN_AGE_SECONDS: z.coerce.number().min(0).default(30),
  /** How often routing repair looks for new events in the log. */
  ROUTING_REPAIR_POLL_MS: z.coerce.number().int().min(100).default(2000),
  /** Events every consumer has read are deleted from the durable log after this long. */
  EVENT_LOG_RETENTION_DAYS: z.coerce.number().positive().default(7),
  EVENT_LOG_PRUNE_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  /** How often each process reopens snoozed conversations whose time has come. */
  SNOOZE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Seed the demo organisation when the database has no users. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** Encrypts mailbox passwords and tokens at rest. Unset: derived from APP_SECRET (or its generated file). */
  CREDENTIALS_KEY: z.string().min(32).optional(),
  /** Shared SMTP server for e-mail inboxes without their own, e.g. smtp://user:pass@mail.example.com:587. */
  SMTP_URL: z.string().url().optional(),
  /** IDLE is restarted, or the mailbox polled when the server has no IDLE, this often. */
  EMAIL_POLL_SECONDS: z.coerce.number().positive().default(60),
  /** A mailbox whose watcher's process died is taken over after about twice this. */
  EMAIL_WATCH_LOCK_SECONDS: z.coerce.number().positive().default(30),
  EMAIL_WATCHERS_PER_PROCESS: z.coerce.number().int().min(1).max(1000).default(50),
  /** Larger attachments are left out of the stored message (and named in it). */
  EMAIL_ATTACHMENT_MAX_MB: z.coerce.number().positive().default(25),
  /** A mail that fails to store this often in a row (with backoff between) is quarantined for an admin. */
  EMAIL_ATTEMPTS_BEFORE_QUARANTINE: z.coerce.number().int().min(1).max(100).default(5),
});

export type Env = z.infer<typeof configSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl?: string;
  databaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  redisPrefix: string;
  dataDir: string;
  appSecret?: string;
  logLevel: Env['LOG_LEVEL'];
  sessionTtlSeconds: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  loginMaxFailures: number;
  loginLockSeconds: number;
  widgetMessagesPerMinute: number;
  messageMaxChars: number;
  widgetUploadMaxBytes: number;
  outboundAttempts: number;
  outboundBackoffMs: number;
  routingHeartbeatTimeoutMs: number;
  routingSweepIntervalMs: number;
  snoozeSweepIntervalMs: number;
  routingRepair: { minAgeMs: number; pollIntervalMs: number };
  eventLog: { retentionMs: number; pruneIntervalMs: number };
  shutdownTimeoutMs: number;
  seedDemo: boolean;
  credentialsKey?: string;
  smtpUrl?: string;
  email: {
    pollMs: number;
    watchLockMs: number;
    watchersPerProcess: number;
    attachmentMaxBytes: number;
    attemptsBeforeQuarantine: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    dataDir: env.DATA_DIR,
    appSecret: env.APP_SECRET,
    logLevel: env.LOG_LEVEL,
    sessionTtlSeconds: Math.round(env.SESSION_TTL_HOURS * 3600),
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    trustProxy: env.TRUST_PROXY === 'true',
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockSeconds: Math.round(env.LOGIN_LOCK_MINUTES * 60),
    widgetMessagesPerMinute: env.WIDGET_MESSAGES_PER_MINUTE,
    messageMaxChars: env.MESSAGE_MAX_CHARS,
    widgetUploadMaxBytes: Math.round(env.WIDGET_UPLOAD_MAX_MB * 1024 * 1024),
    outboundAttempts: env.OUTBOUND_ATTEMPTS,
    outboundBackoffMs: env.OUTBOUND_BACKOFF_MS,
    routingHeartbeatTimeoutMs: Math.round(env.ROUTING_HEARTBEAT_TIMEOUT_SECONDS * 1000),
    routingSweepIntervalMs: env.ROUTING_SWEEP_INTERVAL_MS,
    snoozeSweepIntervalMs: env.SNOOZE_SWEEP_INTERVAL_MS,
    routingRepair: { minAgeMs: Math.round(env.ROUTING_REPAIR_MIN_AGE_SECONDS * 1000), pollIntervalMs: env.ROUTING_REPAIR_POLL_MS },
    eventLog: {
      retentionMs: Math.round(env.EVENT_LOG_RETENTION_DAYS * 24 * 3600 * 1000),
      pruneIntervalMs: Math.round(env.EVENT_LOG_PRUNE_INTERVAL_MINUTES * 60 * 1000),
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    seedDemo: env.SEED_DEMO === 'true',
    credentialsKey: env.CREDENTIALS_KEY,
    smtpUrl: env.SMTP_URL,
    email: {
      pollMs: Math.round(env.EMAIL_POLL_SECONDS * 1000),
      watchLockMs: Math.round(env.EMAIL_WATCH_LOCK_SECONDS * 1000),
      watchersPerProcess: env.EMAIL_WATCHERS_PER_PROCESS,
      attachmentMaxBytes: Math.round(env.EMAIL_ATTACHMENT_MAX_MB * 1024 * 1024),
      attemptsBeforeQuarantine: env.EMAIL_ATTEMPTS_BEFORE_QUARANTINE,
    },
  };
}
