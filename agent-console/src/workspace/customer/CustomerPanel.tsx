import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { request } from '../../api/client';
import { useMe } from '../../auth/session.store';
import { formatShort } from '../../dates';
import { ErrorMessage, Spinner } from '../../ui/feedback';
import { showError } from '../../ui/toasts';
import { latestRating } from '../thread/thread-logic';
import { useThread } from '../thread/thread.store';
import { customerDisplayName } from './customer-name';
import { MergeSuggestions } from './MergeSuggestions';
import { customerKey, useCustomer, type CustomerConversation } from './useCustomer';
import { VisitDetails, type Visit } from './VisitDetails';

/** The right column: who the customer is, their custom attributes, earlier conversations and open tickets. */
export function CustomerPanel({ customerId, conversationId }: { customerId: string; conversationId: string }) {
  const { t, i18n } = useTranslation('workspace');
  const query = useCustomer(customerId);
  if (query.isLoading) return <Spinner />;
  if (query.error) return <ErrorMessage error={query.error} retry={() => void query.refetch()} />;
  const { customer, conversations, openTickets } = query.data!;
  const previous = conversations.filter((conversation) => conversation.id !== conversationId);
  return (
    <div className="ws-customer" data-testid="customer-panel">
      <header>
        <h2>{customerDisplayName(customer, i18n.language)}</h2>
        <span className={`ws-tier ws-tier-${customer.tier.toLowerCase()}`}>{t(`customer.tier.${customer.tier}`)}</span>
        {customer.company && <div className="ws-muted">{customer.company}</div>}
      </header>
      <section>
        <h3>{t('customer.identities')}</h3>
        <ul className="ws-plain">
          {customer.identities.map((identity) => (
            <li key={`${identity.kind}:${identity.value}`}>
              <span className="ws-muted">{t(`customer.identityKind.${identity.kind}`, { defaultValue: identity.kind })}</span> {identity.value}
              {identity.verified && <span className="badge">{t('customer.verified')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <MergeSuggestions customerId={customer.id} />
      <ConversationRating conversationId={conversationId} />
      <VisitDetails visit={customer.attributes.visit as Visit | undefined} />
      <Attributes customerId={customer.id} attributes={customer.attributes.custom ?? {}} />
      <ConversationLinks title={t('customer.previous')} items={previous} empty={t('customer.noPrevious')} />
      <ConversationLinks title={t('customer.openTickets')} items={openTickets} empty={t('customer.noTickets')} />
    </div>
  );
}

/** The customer's rating of the open conversation, live (a new rating refreshes the thread's timeline). */
function ConversationRating({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation('workspace');
  const events = useThread((state) => state.events);
  const rating = useMemo(() => latestRating(events, conversationId), [events, conversationId]);
  if (!rating) return null;
  return (
    <section data-testid="customer-rating">
      <h3>{t('customer.rating')}</h3>
      <p>
        <span aria-hidden="true">{'★'.repeat(rating.rating) + '☆'.repeat(5 - rating.rating)}</span> {t('customer.ratingValue', { rating: rating.rating })}
      </p>
      {rating.comment && <blockquote className="ws-rating-comment">{rating.comment}</blockquote>}
    </section>
  );
}

function ConversationLinks({ title, items, empty }: { title: string; items: CustomerConversation[]; empty: string }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  return (
    <section>
      <h3>{title}</h3>
      {items.length === 0 && <p className="ws-muted">{empty}</p>}
      <ul className="ws-plain">
        {items.map((item) => (
          <li key={item.id}>
            <Link href={`/conversations/${item.id}`}>#{item.number}</Link> {item.subject || t('customer.noSubject')}{' '}
            <span className="ws-muted">
              · {t(`status.${item.status}`)} · {formatShort(item.lastMessageAt, i18n.language, me.timeZone)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type AttributeValue = string | number | boolean;

function Attributes({ customerId, attributes }: { customerId: string; attributes: Record<string, AttributeValue> }) {
  const { t } = useTranslation('workspace');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);

  async function save(changes: Record<string, AttributeValue | null>) {
    setSaving(true);
    try {
      await request(`/customers/${customerId}`, { method: 'PATCH', body: { attributes: changes } });
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
      setEditing(null);
      setKey('');
      setValue('');
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = (editing ?? key).trim();
    if (name) void save({ [name]: value });
  };

  return (
    <section>
      <h3>{t('customer.attributes')}</h3>
      <dl className="ws-attributes">
        {Object.entries(attributes).map(([name, current]) => (
          <div key={name} className="ws-attribute">
            <dt>{name}</dt>
            {editing === name ? (
              <form onSubmit={submit} className="ws-inline-form">
                <input aria-label={t('customer.attributeValue')} value={value} onChange={(event) => setValue(event.target.value)} autoFocus />
                <button type="submit" disabled={saving}>
                  {t('save', { ns: 'common' })}
                </button>
              </form>
            ) : (
              <dd>
                {String(current)}
                <button type="button" className="link" onClick={() => (setEditing(name), setValue(String(current)))} aria-label={t('customer.editAttribute', { name })}>
                  {t('edit', { ns: 'common' })}
                </button>
                <button type="button" className="link danger" disabled={saving} onClick={() => void save({ [name]: null })} aria-label={t('customer.deleteAttribute', { name })}>
                  {t('delete', { ns: 'common' })}
                </button>
              </dd>
            )}
          </div>
        ))}
      </dl>
      {editing === null && (
        <form onSubmit={submit} className="ws-inline-form">
          <input aria-label={t('customer.attributeKey')} placeholder={t('customer.attributeKey')} value={key} onChange={(event) => setKey(event.target.value)} />
          <input aria-label={t('customer.attributeValue')} placeholder={t('customer.attributeValue')} value={value} onChange={(event) => setValue(event.target.value)} />
          <button type="submit" disabled={saving || !key.trim()}>
            {t('customer.addAttribute')}
          </button>
        </form>
      )}
    </section>
  );
}
