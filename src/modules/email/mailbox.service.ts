import { randomBytes } from 'node:crypto';
import type { EmailMailbox, Inbox, Prisma } from '@prisma/client';
import { baseAddress } from '../../domain/email-thread-keys.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { SecretBox } from '../../infra/secret-box.js';
import type { CreateEmailInboxInput, UpdateEmailInboxInput } from './email.schemas.js';

/** Everything a watcher or a deliverer needs to reach the mail servers, secrets opened. */
export interface MailboxConnection {
  id: string;
  inboxId: string;
  address: string;
  displayName: string;
  imap: { host: string; port: number; tls: boolean; user: string; auth: 'PASSWORD' | 'OAUTH2'; secret: string; folder: string };
  /** Null: the deployment's shared SMTP server. */
  smtp: { host: string; port: number; tls: boolean; user: string | null; secret: string | null } | null;
  autoAcknowledge: boolean;
  reopenWithinDays: number;
  /** Changes whenever an admin changes the settings (UID state writes leave it alone). */
  settingsVersion: string;
}

type MailboxWithInbox = EmailMailbox & { inbox: Inbox };
type RequiredImapColumns = Pick<Prisma.EmailMailboxCreateInput, 'imapHost' | 'imapPort' | 'imapUser' | 'imapSecret'>;

/** E-mail inbox settings: admins write them, watchers and deliverers read them. Secrets never leave decrypted. */
export class EmailMailboxService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    /** Called after a mailbox is created or changed, so its watcher starts or restarts. */
    private readonly onChanged: (mailboxId: string) => Promise<void>,
  ) {}

  async createInbox(input: CreateEmailInboxInput) {
    if (input.smtp && input.smtp.user && !input.smtp.secret) {
      throw new AppError('invalid_input', 'smtp.secret: an SMTP user needs a password or token.');
    }
    const mailbox = await this.db.emailMailbox.create({
      data: {
        // The inbox row is created with its mailbox so neither exists without the other.
        inbox: {
          create: {
            name: input.name,
            channel: 'EMAIL',
            teamId: input.teamId,
            publicToken: randomBytes(16).toString('base64url'),
          },
        },
        address: input.address.toLowerCase(),
        displayName: input.displayName,
        enabled: input.enabled,
        ...(this.imapColumns(input.imap) as RequiredImapColumns),
        ...this.smtpColumns(input.smtp),
        autoAcknowledge: input.autoAcknowledge,
        reopenWithinDays: input.reopenWithinDays,
      },
      include: { inbox: true },
    });
    await this.onChanged(mailbox.id);
    return toPublicMailbox(mailbox);
  }

  async updateInbox(inboxId: string, input: UpdateEmailInboxInput) {
    const current = await this.findByInbox(inboxId);
    const data: Prisma.EmailMailboxUpdateInput = {
      ...(input.address && { address: input.address.toLowerCase() }),
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.autoAcknowledge !== undefined && { autoAcknowledge: input.autoAcknowledge }),
      ...(input.reopenWithinDays !== undefined && { reopenWithinDays: input.reopenWithinDays }),
      ...(input.imap && this.imapColumns(input.imap)),
      ...(input.smtp !== undefined && this.smtpColumns(input.smtp, current)),
      ...((input.name !== undefined || input.teamId !== undefined) && {
        inbox: { update: { name: input.name, teamId: input.teamId } },
      }),
    };
    const mailbox = await this.db.emailMailbox.update({ where: { id: current.id }, data, include: { inbox: true } });
    await this.onChanged(mailbox.id);
    return toPublicMailbox(mailbox);
  }

  async listInboxes() {
    const rows = await this.db.emailMailbox.findMany({ include: { inbox: true }, orderBy: { address: 'asc' } });
    return rows.map(toPublicMailbox);
  }

  async getInbox(inboxId: string) {
    return toPublicMailbox(await this.findByInbox(inboxId));
  }

  /** Null when the mailbox is gone or disabled. */
  async loadConnection(mailboxId: string): Promise<MailboxConnection | null> {
    const row = await this.db.emailMailbox.findUnique({ where: { id: mailboxId } });
    return row?.enabled ? this.toConnection(row) : null;
  }

  async loadConnectionByInbox(inboxId: string): Promise<MailboxConnection> {
    const row = await this.db.emailMailbox.findUnique({ where: { inboxId } });
    if (!row) throw new AppError('not_found', 'This inbox has no e-mail settings.');
    return this.toConnection(row);
  }

  /** The mailbox of an e-mail inbox, without opening its secrets (for lookups that do not connect). */
  async mailboxIdByInbox(inboxId: string): Promise<string> {
    return (await this.findByInbox(inboxId)).id;
  }

  /** Null when the mailbox is gone or disabled; otherwise what MailboxConnection.settingsVersion would be. */
  async settingsVersion(mailboxId: string): Promise<string | null> {
    const row = await this.db.emailMailbox.findUnique({ where: { id: mailboxId }, select: { enabled: true, updatedAt: true } });
    return row?.enabled ? row.updatedAt.toISOString() : null;
  }

  async enabledMailboxIds(): Promise<string[]> {
    const rows = await this.db.emailMailbox.findMany({ where: { enabled: true }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Every address this deployment receives on: mail from them is our own and never answered. */
  async ownAddresses(): Promise<string[]> {
    const rows = await this.db.emailMailbox.findMany({ select: { address: true } });
    return rows.map((row) => baseAddress(row.address));
  }

  private async findByInbox(inboxId: string): Promise<MailboxWithInbox> {
    const mailbox = await this.db.emailMailbox.findUnique({ where: { inboxId }, include: { inbox: true } });
    if (!mailbox) throw new AppError('not_found', 'No e-mail inbox with this id.');
    return mailbox;
  }

  private imapColumns(imap: Partial<CreateEmailInboxInput['imap']>) {
    return {
      imapHost: imap.host,
      imapPort: imap.port,
      imapTls: imap.tls,
      imapUser: imap.user,
      imapAuth: imap.auth,
      imapFolder: imap.folder,
      imapSecret: imap.secret === undefined ? undefined : this.secrets.seal(imap.secret),
    };
  }

  private smtpColumns(smtp: Partial<NonNullable<CreateEmailInboxInput['smtp']>> | null, current?: EmailMailbox) {
    if (smtp === null) return { smtpHost: null, smtpPort: null, smtpUser: null, smtpSecret: null };
    const host = smtp.host ?? current?.smtpHost;
    const port = smtp.port ?? current?.smtpPort;
    if (!host || !port) throw new AppError('invalid_input', 'smtp: an own SMTP server needs a host and a port.');
    return {
      smtpHost: host,
      smtpPort: port,
      smtpTls: smtp.tls,
      smtpUser: smtp.user,
      smtpSecret: smtp.secret === undefined ? undefined : this.secrets.seal(smtp.secret),
    };
  }

  private toConnection(row: EmailMailbox): MailboxConnection {
    return {
      id: row.id,
      inboxId: row.inboxId,
      address: row.address,
      displayName: row.displayName,
      imap: {
        host: row.imapHost,
        port: row.imapPort,
        tls: row.imapTls,
        user: row.imapUser,
        auth: row.imapAuth === 'OAUTH2' ? 'OAUTH2' : 'PASSWORD',
        secret: this.secrets.open(row.imapSecret),
        folder: row.imapFolder,
      },
      smtp:
        row.smtpHost && row.smtpPort
          ? {
              host: row.smtpHost,
              port: row.smtpPort,
              tls: row.smtpTls,
              user: row.smtpUser,
              secret: row.smtpSecret ? this.secrets.open(row.smtpSecret) : null,
            }
          : null,
      autoAcknowledge: row.autoAcknowledge,
      reopenWithinDays: row.reopenWithinDays,
      settingsVersion: row.updatedAt.toISOString(),
    };
  }
}

/** What the admin API shows: settings and state, never a secret. */
function toPublicMailbox(row: MailboxWithInbox) {
  return {
    inboxId: row.inboxId,
    name: row.inbox.name,
    teamId: row.inbox.teamId,
    address: row.address,
    displayName: row.displayName,
    enabled: row.enabled,
    imap: {
      host: row.imapHost,
      port: row.imapPort,
      tls: row.imapTls,
      user: row.imapUser,
      auth: row.imapAuth,
      folder: row.imapFolder,
      hasSecret: row.imapSecret !== '',
    },
    smtp: row.smtpHost
      ? { host: row.smtpHost, port: row.smtpPort, tls: row.smtpTls, user: row.smtpUser, hasSecret: row.smtpSecret !== null }
      : null,
    autoAcknowledge: row.autoAcknowledge,
    reopenWithinDays: row.reopenWithinDays,
    state: { uidValidity: row.uidValidity?.toString() ?? null, lastUid: row.lastUid.toString() },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
