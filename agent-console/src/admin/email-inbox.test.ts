import { describe, expect, it } from 'vitest';
import type { EmailInbox } from './admin.api';
import { emailInboxBody, emailInboxDraft } from './email-inbox';

const stored: EmailInbox = {
  id: 'i1',
  inboxId: 'i1',
  name: 'Support mail',
  address: 'support@shop.example',
  displayName: 'Shop support',
  enabled: true,
  teamId: 't1',
  imap: { host: 'imap.shop.example', port: 993, tls: true, user: 'support', auth: 'PASSWORD', folder: 'INBOX', hasSecret: true },
  smtp: null,
  autoAcknowledge: true,
  reopenWithinDays: 14,
};

describe('e-mail inbox form → request', () => {
  it('creates with the IMAP secret, the shared SMTP server and no team left out', () => {
    const blank = emailInboxDraft(null);
    const draft = { ...blank, name: ' Mail ', address: ' a@b.example ', imap: { ...blank.imap, host: 'imap.b.example', user: 'a', secret: 'pw' } };
    expect(emailInboxBody(draft, true)).toEqual({
      name: 'Mail',
      address: 'a@b.example',
      displayName: '',
      imap: { host: 'imap.b.example', port: 993, tls: true, user: 'a', secret: 'pw', auth: 'PASSWORD', folder: 'INBOX' },
      smtp: null,
      autoAcknowledge: false,
      reopenWithinDays: 30,
      enabled: true,
    });
  });

  it('edits without resending secrets that were left empty, and with an own SMTP server', () => {
    const edited = emailInboxDraft(stored);
    const draft = { ...edited, teamId: '', ownSmtp: true, smtp: { ...edited.smtp, host: 'smtp.shop.example', secret: 'smtp-pw' } };
    const body = emailInboxBody(draft, false);
    expect(body.imap).toEqual({ host: 'imap.shop.example', port: 993, tls: true, user: 'support', auth: 'PASSWORD', folder: 'INBOX' });
    expect(body).toMatchObject({ teamId: null, reopenWithinDays: 14, autoAcknowledge: true, smtp: { host: 'smtp.shop.example', port: 465, tls: true, secret: 'smtp-pw' } });
    expect(body.smtp).not.toHaveProperty('user');
  });
});
