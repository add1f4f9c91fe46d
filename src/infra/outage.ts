/**
 * Recognises failures that mean "PostgreSQL or Redis is not reachable right now" (down,
 * restarting, connection lost, pool exhausted) as opposed to a bug or a bad request, so
 * callers can answer "try again shortly" instead of "something broke".
 */
export function isDependencyOutage(error: unknown): boolean {
  return isDatabaseOutage(error) || isRedisOutage(error) || isSocketFailure(error);
}

/** Prisma's codes for "cannot reach / lost the server" and "no connection or transaction slot in time". */
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver adapter error kinds that say the database is away rather than the query wrong. */
const ADAPTER_OUTAGE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
/** PostgreSQL SQLSTATEs: connection exceptions (08), too many connections, shutting down / starting up. */
const POSTGRES_OUTAGE_STATES = /^(08...|53300|57P01|57P02|57P03)$/;

interface PrismaLikeError {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string } } };
}

function isDatabaseOutage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, meta } = error as PrismaLikeError;
  if (typeof code === 'string' && PRISMA_OUTAGE_CODES.has(code)) return true;
  // P2028 is every interactive-transaction failure; only "could not start in time" is an outage (pool exhausted).
  if (code === 'P2028' && typeof message === 'string' && message.includes('Unable to start a transaction')) return true;
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.kind && ADAPTER_OUTAGE_KINDS.has(cause.kind)) return true;
  if (cause?.code && POSTGRES_OUTAGE_STATES.test(cause.code)) return true;
  // pg's own words when a connection drops mid-query or the pool cannot open one in time.
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message)
  );
}

function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // ioredis: a command gave up waiting for a reconnect, or the connection closed under it.
  return error.name === 'MaxRetriesPerRequestError' || error.message === 'Connection is closed.' || error.message.startsWith("Stream isn't writeable");
}

function isSocketFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code);
}
