import type { EmailInbox } from './admin.api';

/* The e-mail inbox form (POST /api/email/inboxes, PATCH …/:inboxId): mail servers, with write-only secrets. */

/** One mail server's connection as typed; the secret is empty unless a new one is typed. */
export interface ServerDraft {
  host: string;
  port: string;
  tls: boolean;
  user: string;
  secret: string;
}

export interface EmailInboxDraft {
  name: string;
  teamId: string;
  address: string;
  displayName: string;
  imap: ServerDraft;
  imapAuth: 'PASSWORD' | 'OAUTH2';
  imapFolder: string;
  /** Off: send through the deployment's shared SMTP server. */
  ownSmtp: boolean;
  smtp: ServerDraft;
  autoAcknowledge: boolean;
  reopenWithinDays: string;
  enabled: boolean;
}

function serverDraft(server: { host: string; port: number; tls: boolean; user: string | null } | null | undefined, port: number): ServerDraft {
  return { host: server?.host ?? '', port: String(server?.port ?? port), tls: server?.tls ?? true, user: server?.user ?? '', secret: '' };
}

export function emailInboxDraft(inbox: EmailInbox | null): EmailInboxDraft {
  return {
    name: inbox?.name ?? '',
    teamId: inbox?.teamId ?? '',
    address: inbox?.address ?? '',
    displayName: inbox?.displayName ?? '',
    imap: serverDraft(inbox?.imap, 993),
    imapAuth: inbox?.imap.auth ?? 'PASSWORD',
    imapFolder: inbox?.imap.folder ?? 'INBOX',
    ownSmtp: Boolean(inbox?.smtp),
    smtp: serverDraft(inbox?.smtp, 465),
    autoAcknowledge: inbox?.autoAcknowledge ?? false,
    reopenWithinDays: String(inbox?.reopenWithinDays ?? 30),
    enabled: inbox?.enabled ?? true,
  };
}

/** A server's part of the body; an empty user or secret is left out (a stored secret stays as it is). */
function serverBody(server: ServerDraft) {
  const user = server.user.trim();
  return { host: server.host.trim(), port: Number(server.port), tls: server.tls, ...(user && { user }), ...(server.secret && { secret: server.secret }) };
}

/** An empty secret field keeps the stored secret (left out of the body); a new inbox's IMAP secret is required by the form. */
export function emailInboxBody(draft: EmailInboxDraft, isNew: boolean) {
  return {
    name: draft.name.trim(),
    ...(isNew ? draft.teamId && { teamId: draft.teamId } : { teamId: draft.teamId || null }),
    address: draft.address.trim(),
    displayName: draft.displayName.trim(),
    imap: { ...serverBody(draft.imap), auth: draft.imapAuth, folder: draft.imapFolder.trim() || 'INBOX' },
    smtp: draft.ownSmtp ? serverBody(draft.smtp) : null,
    autoAcknowledge: draft.autoAcknowledge,
    reopenWithinDays: Number(draft.reopenWithinDays),
    enabled: draft.enabled,
  };
}
