import { createHash } from 'node:crypto';
import type { HeldMailKind } from '@prisma/client';
import type { HeldMailView } from '../../contracts/held-mail.views.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../infra/db.js';
import type { MailOutcome } from './email-ingest.service.js';
import type { MailboxConnection } from './mailbox.service.js';

/** What is known of a held mail without parsing it again. */
export interface HeldMailSummary {
  messageId: string;
  fromAddress: string | null;
  subject: string;
}

export interface HoldMailInput extends HeldMailSummary {
  mailboxId: string;
  kind: HeldMailKind;
  reason: string;
  raw: Buffer;
}

/** Stores a mail again; asPerson: an admin says an "automatic" mail was a person's after all. */
export type ReingestMail = (mailbox: MailboxConnection, raw: Buffer, options: { asPerson: boolean }) => Promise<MailOutcome>;

const LIST_LIMIT = 200;

/**
 * Mail the watcher read but put in no conversation: automatic replies (kept for admins to
 * see) and quarantined mail (could not be stored after retries). Nothing read is ever
 * dropped: it is in a conversation, recorded as a bounce, or here with its raw bytes.
 */
export class HeldMailService {
  constructor(
    private readonly db: Db,
    private readonly mailboxIdOf: (inboxId: string) => Promise<string>,
    private readonly loadMailbox: (inboxId: string) => Promise<MailboxConnection>,
    private readonly reingest: ReingestMail,
  ) {}

  /** Idempotent: the same bytes held twice (a re-read after a crash) are one row. */
  async hold(input: HoldMailInput): Promise<void> {
    await this.db.emailHeldMail.createMany({
      data: [{ ...input, raw: new Uint8Array(input.raw), rawSha256: createHash('sha256').update(input.raw).digest('hex') }],
      skipDuplicates: true,
    });
  }

  async list(inboxId: string, kind: HeldMailKind | undefined): Promise<HeldMailView[]> {
    const rows = await this.db.emailHeldMail.findMany({
      where: { mailboxId: await this.mailboxIdOf(inboxId), ...(kind && { kind }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: LIST_LIMIT,
      omit: { raw: true },
    });
    return rows.map(({ rawSha256: _digest, ...row }) => ({ ...row, releasedAt: row.releasedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() }));
  }

  /** The mail's bytes, for an admin to download and inspect. */
  async raw(inboxId: string, heldMailId: string): Promise<Buffer> {
    return Buffer.from((await this.find(inboxId, heldMailId)).raw);
  }

  /**
   * An admin puts a held mail through ingestion again: a quarantined one as any mail (after a
   * fix, or when the failure was passing), an automatic one as a person's mail.
   */
  async release(inboxId: string, heldMailId: string) {
    const held = await this.find(inboxId, heldMailId);
    if (held.releasedAt) throw new AppError('conflict', 'This mail was ingested already.');
    const mailbox = await this.loadMailbox(inboxId);
    let outcome: MailOutcome;
    try {
      outcome = await this.reingest(mailbox, Buffer.from(held.raw), { asPerson: held.kind === 'AUTOMATIC' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.db.emailHeldMail.update({ where: { id: held.id }, data: { reason: `Could not be stored: ${reason}` } });
      throw new AppError('conflict', `The mail still cannot be stored: ${reason}`);
    }
    if (outcome.outcome !== 'stored' && outcome.outcome !== 'duplicate') {
      throw new AppError('conflict', `The mail was not put in a conversation (${outcome.outcome}).`);
    }
    await this.db.emailHeldMail.update({ where: { id: held.id }, data: { releasedAt: new Date(), conversationId: outcome.conversationId } });
    return { conversationId: outcome.conversationId };
  }

  private async find(inboxId: string, heldMailId: string) {
    const held = await this.db.emailHeldMail.findFirst({ where: { id: heldMailId, mailboxId: await this.mailboxIdOf(inboxId) } });
    if (!held) throw new AppError('not_found', 'No held mail with this id in this inbox.');
    return held;
  }
}

/** Message-ID, From and Subject read straight from the bytes: for a mail the parser could not read. */
export function summarizeRawMail(raw: Buffer): HeldMailSummary {
  const head = raw.subarray(0, 64 * 1024).toString('utf8');
  const header = (name: string) =>
    head
      .match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'))?.[1]
      ?.replace(/\s+/g, ' ')
      .replaceAll('\u0000', '')
      .trim();
  return {
    messageId: header('message-id')?.slice(0, 500) ?? '',
    fromAddress: header('from')?.match(/[^\s<>"]+@[^\s<>"]+/)?.[0]?.toLowerCase() ?? null,
    subject: header('subject')?.slice(0, 500) ?? '',
  };
}
