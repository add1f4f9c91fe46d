import type { SessionControl } from '../../src/modules/admin/admin.service.js';
import { randomBytes } from 'node:crypto';
import type { UserRole } from '@prisma/client';
import { io, type Socket } from 'socket.io-client';
import type { Db } from '../../src/infra/db.js';
import { hashPassword } from '../../src/modules/auth/password.js';

export const PASSWORD = 'correct horse battery staple';
const passwordHash = hashPassword(PASSWORD);

export async function createTeam(db: Db, name = `Team ${randomBytes(3).toString('hex')}`) {
  return db.team.create({ data: { name } });
}

export async function createUser(db: Db, options: { role?: UserRole; teamIds?: string[]; name?: string } = {}) {
  const suffix = randomBytes(4).toString('hex');
  return db.user.create({
    data: {
      email: `user-${suffix}@example.test`,
      name: options.name ?? `User ${suffix}`,
      role: options.role ?? 'AGENT',
      passwordHash: await passwordHash,
      memberships: { create: (options.teamIds ?? []).map((teamId) => ({ teamId })) },
    },
  });
}

export async function createWebchatInbox(db: Db, options: { teamId?: string; allowedOrigins?: string[] } = {}) {
  return db.inbox.create({
    data: {
      name: 'Website',
      channel: 'WEBCHAT',
      teamId: options.teamId,
      publicToken: `inbox-${randomBytes(6).toString('hex')}`,
      settings: options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {},
    },
  });
}

/** Logs in over HTTP and returns the session cookie ("cc_session=..."). */
export async function login(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('login set no cookie');
  return cookie.split(';')[0]!;
}

export async function api(baseUrl: string, cookie: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { cookie, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

const openSockets: Socket[] = [];

/** Closes every socket the helpers opened (call in afterAll/afterEach). */
export function closeSockets(): void {
  for (const socket of openSockets.splice(0)) socket.close();
}

function track(socket: Socket): Socket {
  openSockets.push(socket);
  return socket;
}

/** A connected /agent socket for a logged-in user. */
export async function connectAgent(baseUrl: string, cookie: string): Promise<Socket> {
  const socket = track(io(`${baseUrl}/agent`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true }));
  await connected(socket);
  return socket;
}

export interface WidgetConnection {
  socket: Socket;
  visitorToken: string;
  visitorId: string;
}

/** A connected /widget socket; pass a visitorToken to resume a visitor. */
export async function connectVisitor(
  baseUrl: string,
  inboxToken: string,
  visitorToken?: string,
  extraHeaders: Record<string, string> = {},
): Promise<WidgetConnection> {
  const socket = track(
    io(`${baseUrl}/widget`, {
      transports: ['websocket'],
      auth: { inboxToken, ...(visitorToken && { visitorToken }) },
      extraHeaders,
      reconnection: false,
      // Without it socket.io-client reuses an earlier connection to the host and its headers.
      forceNew: true,
    }),
  );
  const session = nextEvent<{ visitorToken: string; visitorId: string }>(socket, 'session');
  // A refused connection rejects below; the session wait must not reject later, unhandled.
  session.catch(() => undefined);
  await connected(socket);
  return { socket, ...(await session) };
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/**
 * Generous deadline for anything a test waits on: a busy machine may be slow, and waiting
 * longer costs nothing when the thing happens (callers poll or listen, they never sleep).
 */
export const PATIENCE_MS = 15_000;

/** Resolves with the next payload of `event` (optionally the next one matching). */
export function nextEvent<T = any>(socket: Socket, event: string, matches: (payload: T) => boolean = () => true, timeoutMs = PATIENCE_MS) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Emits with an acknowledgement and resolves with the server's answer. */
export function request<T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return socket.timeout(PATIENCE_MS).emitWithAck(event, payload) as Promise<T>;
}

/** Polls until `check` holds (usable in hooks, where expect.poll is not). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** For services built outside an app in tests that change no user: nobody is signed in to sign out. */
export const noSignedInUsers: SessionControl = {
  signOutEverywhere: async () => {},
  accessChanged: async () => {},
};
