import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { findFreePort } from '../../src/infra/free-port.js';

const NOBODY = 65534;
// Debian installs it in /usr/sbin, which is not on every PATH.
const DOVECOT = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';

export interface TestDovecot {
  host: string;
  port: number;
  /** A signed-in client for the test's own mailbox work (appending, making folders). */
  client(user: string): Promise<ImapFlow>;
  append(user: string, folder: string, raw: string | Buffer): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throw-away Dovecot IMAP server for one test file: loopback port, plaintext login,
 * passwd-file users, maildirs under a temp dir. Never the system's dovecot service.
 */
export async function startDovecot(users: { user: string; password: string }[]): Promise<TestDovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-dovecot-'));
  const port = await findFreePort();
  for (const sub of ['run', 'state', 'home']) await mkdir(join(dir, sub), { recursive: true });
  // The mail processes run as nobody and must reach their home below the temp dir.
  await chmod(dir, 0o755);
  await chown(join(dir, 'home'), NOBODY, NOBODY);
  await writeFile(join(dir, 'users'), users.map(({ user, password }) => `${user}:{PLAIN}${password}::::\n`).join(''));
  const config = join(dir, 'dovecot.conf');
  await writeFile(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${NOBODY} gid=${NOBODY} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
# Throw-away mail: no need to wait for the disk.
mail_fsync = never
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForPort(port, child, () => `${stderr}\n${readLog(join(dir, 'dovecot.log'))}`);

  const clients: ImapFlow[] = [];
  const password = (user: string) => users.find((entry) => entry.user === user)?.password ?? '';
  const client = async (user: string) => {
    const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password(user) }, logger: false });
    imap.on('error', () => undefined);
    await imap.connect();
    clients.push(imap);
    return imap;
  };
  const appenders = new Map<string, Promise<ImapFlow>>();
  return {
    host: '127.0.0.1',
    port,
    client,
    async append(user, folder, raw) {
      if (!appenders.has(user)) appenders.set(user, client(user));
      await (await appenders.get(user)!).append(folder, raw);
    },
    async stop() {
      await Promise.all(clients.map((imap) => imap.logout().catch(() => imap.close())));
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, describe: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${describe()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port}: ${describe()}`);
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '(no log)';
  }
}
