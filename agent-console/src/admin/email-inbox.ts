import type { EmailInbox } from './admin.api';

/* The e-mail inbox form (POST /api/email/inboxes, PATCH …/:inboxId): mail servers, with write-only secrets. */

export interface EmailInboxDraft {
  name: string;
  teamId: string;
  address: string;
  displayName: string;
  imapHost: string;
  imapPort: string;
  imapTls: boolean;
  imapUser: string;
  imapAuth: 'PASSWORD' | 'OAUTH2';
  imapSecret: string;
  imapFolder: string;
  /** Off: send through the deployment's shared SMTP server. */
  ownSmtp: boolean;
  smtpHost: string;
  smtpPort: string;
  smtpTls: boolean;
  smtpUser: string;
  smtpSecret: string;
  autoAcknowledge: boolean;
  reopenWithinDays: string;
  enabled: boolean;
}

export function emailInboxDraft(inbox: EmailInbox | null): EmailInboxDraft {
  return {
    name: inbox?.name ?? '',
    teamId: inbox?.teamId ?? '',
    address: inbox?.address ?? '',
    displayName: inbox?.displayName ?? '',
    imapHost: inbox?.imap.host ?? '',
    imapPort: String(inbox?.imap.port ?? 993),
    imapTls: inbox?.imap.tls ?? true,
    imapUser: inbox?.imap.user ?? '',
    imapAuth: inbox?.imap.auth ?? 'PASSWORD',
    imapSecret: '',
    imapFolder: inbox?.imap.folder ?? 'INBOX',
    ownSmtp: Boolean(inbox?.smtp),
    smtpHost: inbox?.smtp?.host ?? '',
    smtpPort: String(inbox?.smtp?.port ?? 465),
    smtpTls: inbox?.smtp?.tls ?? true,
    smtpUser: inbox?.smtp?.user ?? '',
    smtpSecret: '',
    autoAcknowledge: inbox?.autoAcknowledge ?? false,
    reopenWithinDays: String(inbox?.reopenWithinDays ?? 30),
    enabled: inbox?.enabled ?? true,
  };
}

/** An empty secret field keeps the stored secret (left out of the body); a new inbox's IMAP secret is required by the form. */
export function emailInboxBody(draft: EmailInboxDraft, isNew: boolean) {
  const secret = (value: string) => (value ? { secret: value } : {});
  const smtpUser = draft.smtpUser.trim();
  return {
    name: draft.name.trim(),
    ...(isNew ? draft.teamId && { teamId: draft.teamId } : { teamId: draft.teamId || null }),
    address: draft.address.trim(),
    displayName: draft.displayName.trim(),
    imap: {
      host: draft.imapHost.trim(),
      port: Number(draft.imapPort),
      tls: draft.imapTls,
      user: draft.imapUser.trim(),
      auth: draft.imapAuth,
      folder: draft.imapFolder.trim() || 'INBOX',
      ...secret(draft.imapSecret),
    },
    smtp: draft.ownSmtp
      ? { host: draft.smtpHost.trim(), port: Number(draft.smtpPort), tls: draft.smtpTls, ...(smtpUser && { user: smtpUser }), ...secret(draft.smtpSecret) }
      : null,
    autoAcknowledge: draft.autoAcknowledge,
    reopenWithinDays: Number(draft.reopenWithinDays),
    enabled: draft.enabled,
  };
}
