import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

/** The repository root: where `npm start` runs. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every environment variable src/config.ts reads. A spawned server starts from the
 * test runner's environment minus these (vitest sets NODE_ENV=test, a developer's
 * shell may export DATABASE_URL), so only what a test passes in `env` configures it.
 */
export const SERVER_ENV_KEYS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'REDIS_URL',
  'REDIS_PREFIX',
  'DATA_DIR',
  'APP_SECRET',
  'LOG_LEVEL',
  'SESSION_TTL_HOURS',
  'COOKIE_SECURE',
  'LOGIN_MAX_FAILURES',
  'LOGIN_LOCK_MINUTES',
  'WIDGET_MESSAGES_PER_MINUTE',
  'MESSAGE_MAX_CHARS',
  'WIDGET_UPLOAD_MAX_MB',
  'OUTBOUND_ATTEMPTS',
  'OUTBOUND_BACKOFF_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'SEED_DEMO',
  'CREDENTIALS_KEY',
  'SMTP_URL',
  'EMAIL_POLL_SECONDS',
  'EMAIL_WATCH_LOCK_SECONDS',
  'EMAIL_WATCHERS_PER_PROCESS',
  'EMAIL_ATTACHMENT_MAX_MB',
] as const;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnServerOptions {
  /** Server configuration; every key of SERVER_ENV_KEYS not given here is unset in the child. */
  env: Record<string, string>;
  /**
   * 'tsx-cli' runs node_modules/.bin/tsx src/main.ts, exactly what `npm start` runs
   * (the tsx CLI starts a second node process and relays signals to it);
   * 'node-import' runs node --import tsx src/main.ts, one process.
   */
  runner?: 'tsx-cli' | 'node-import';
  /** Echo the child's output to this process's stderr as it arrives (debugging). */
  echo?: boolean;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Everything the child has written to stdout so far. */
  stdout(): string;
  /** Everything the child has written to stderr so far. */
  stderr(): string;
  /** Settles once the child has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /**
   * Resolves with the first match of `pattern` in stdout (already printed or still to come).
   * Rejects when the child exits first or nothing matches within timeoutMs; the error
   * carries the child's output so a failed start explains itself.
   */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with how the child exited; rejects if it is still running after timeoutMs. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<ProcessExit & { elapsedMs: number }>;
  /** SIGKILLs the child (and, for the tsx CLI, its node grandchild) if still running. For afterAll/finally. */
  kill(): Promise<void>;
}

/** Starts src/main.ts as a child process with cwd = the repository root. */
export function spawnServer(options: SpawnServerOptions): ServerProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SERVER_ENV_KEYS) delete env[key];
  Object.assign(env, options.env);

  const [command, args] =
    (options.runner ?? 'tsx-cli') === 'tsx-cli'
      ? [join(projectRoot, 'node_modules', '.bin', 'tsx'), ['src/main.ts']]
      : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
  // detached: the child leads its own process group, so kill() reaches the tsx CLI's node child too.
  const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });

  let out = '';
  let err = '';
  const outputListeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (options.echo) process.stderr.write(chunk);
    for (const listener of outputListeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    if (options.echo) process.stderr.write(chunk);
  });

  const exited = new Promise<ProcessExit>((resolve) => {
    // 'close' rather than 'exit': by then all output has been read.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const describe = () => `--- stdout ---\n${out}\n--- stderr ---\n${err}`;

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,

    waitForOutput(pattern, timeoutMs) {
      return new Promise<RegExpMatchArray>((resolve, reject) => {
        let settled = false;
        const finish = (settle: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          outputListeners.delete(check);
          settle();
        };
        const check = () => {
          const match = out.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms\n${describe()}`))),
          timeoutMs,
        );
        outputListeners.add(check);
        void exited.then(({ code, signal }) => {
          check(); // the match may have come with the last chunk
          finish(() => reject(new Error(`server exited (code ${code}, signal ${signal}) before printing ${pattern}\n${describe()}`)));
        });
        check();
      });
    },

    async stop(signal, timeoutMs) {
      const started = Date.now();
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        throw new Error(`server still running ${timeoutMs} ms after ${signal}\n${describe()}`);
      }
      return { ...outcome, elapsedMs: Date.now() - started };
    },

    async kill() {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL'); // the whole process group
      } catch {
        // already gone
      }
      if (!hasExited) await exited;
    },
  };
}

/** Deletes every key under `${prefix}:` (SCAN + DEL, never KEYS). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
