import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session.store';
import { formatDateTime } from '../dates';
import { rawHeldMailUrl, useHeldMails, useIngestHeldMail } from './held-mails.api';
import type { HeldMailKind } from '../../../src/contracts/enums';
import type { HeldMailView } from '../../../src/contracts/held-mail.views';
import { Loaded } from './shared/Loaded';
import { ServerError } from './shared/ServerError';

/** An e-mail inbox's held mail: automatic replies and quarantined mail, each downloadable and ingestible again. */
export function HeldMails({ inboxId }: { inboxId: string }) {
  const { t } = useTranslation('admin');
  const [kind, setKind] = useState<HeldMailKind>('QUARANTINED');
  return (
    <div data-testid="held-mails">
      <p className="admin-hint">{t('email.held.explain')}</p>
      <div className="row" role="tablist">
        {(['QUARANTINED', 'AUTOMATIC'] as const).map((option) => (
          <button key={option} type="button" role="tab" aria-selected={kind === option} className={kind === option ? 'primary' : ''} onClick={() => setKind(option)}>
            {t(`email.held.kind.${option}`)}
          </button>
        ))}
      </div>
      <HeldMailList inboxId={inboxId} kind={kind} />
    </div>
  );
}

function HeldMailList({ inboxId, kind }: { inboxId: string; kind: HeldMailKind }) {
  const { t } = useTranslation('admin');
  const ingest = useIngestHeldMail(inboxId, kind, t('email.held.ingested'));
  return (
    <Loaded query={useHeldMails(inboxId, kind)}>
      {(items) =>
        items.length === 0 ? (
          <p className="admin-empty">{t('email.held.empty')}</p>
        ) : (
          <>
            {ingest.error && <ServerError error={ingest.error} />}
            <table className="table">
              <thead>
                <tr>
                  <th>{t('email.held.received')}</th>
                  <th>{t('email.held.from')}</th>
                  <th>{t('email.held.subject')}</th>
                  <th>{t('email.held.reason')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((mail) => (
                  <HeldMailRow key={mail.id} inboxId={inboxId} mail={mail} busy={ingest.isPending} onIngest={() => ingest.mutate(mail.id)} />
                ))}
              </tbody>
            </table>
          </>
        )
      }
    </Loaded>
  );
}

function HeldMailRow({ inboxId, mail, busy, onIngest }: { inboxId: string; mail: HeldMailView; busy: boolean; onIngest: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const me = useMe();
  return (
    <tr data-testid="held-mail">
      <td>{formatDateTime(mail.createdAt, i18n.language, me.timeZone)}</td>
      <td>{mail.fromAddress ?? '—'}</td>
      <td>{mail.subject || t('email.held.noSubject')}</td>
      <td>{mail.reason}</td>
      <td>
        <a href={rawHeldMailUrl(inboxId, mail.id)} download>
          {t('email.held.download')}
        </a>{' '}
        {mail.releasedAt ? (
          <span className="badge">{t('email.held.released')}</span>
        ) : (
          <button type="button" disabled={busy} onClick={onIngest}>
            {t(mail.kind === 'AUTOMATIC' ? 'email.held.ingestAsPerson' : 'email.held.ingestAgain')}
          </button>
        )}
      </td>
    </tr>
  );
}
