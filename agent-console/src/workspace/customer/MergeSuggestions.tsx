import { useTranslation } from 'react-i18next';
import { showError } from '../../ui/toasts';
import { useMergeSuggestionActions, useMergeSuggestions } from './useMergeSuggestions';

/** Open "maybe the same person" suggestions of the customer; an agent merges or dismisses each. */
export function MergeSuggestions({ customerId }: { customerId: string }) {
  const { t } = useTranslation('workspace');
  const query = useMergeSuggestions(customerId);
  const { merge, dismiss } = useMergeSuggestionActions(customerId);
  const suggestions = query.data ?? [];
  if (suggestions.length === 0) return null;
  const busy = merge.isPending || dismiss.isPending;
  return (
    <section data-testid="merge-suggestions">
      <h3>{t('customer.mergeSuggestions')}</h3>
      <ul className="ws-plain">
        {suggestions.map((suggestion) => (
          <li key={suggestion.id}>
            <p>
              {t('customer.maybeSamePerson', {
                name: suggestion.customer.name || t('customer.anonymous'),
                email: suggestion.customer.emails.join(', '),
              })}
            </p>
            <button type="button" disabled={busy} onClick={() => merge.mutate(suggestion.customer.id, { onError: showError })}>
              {t('customer.mergeCustomer')}
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => dismiss.mutate(suggestion.id, { onError: showError })}>
              {t('customer.dismissSuggestion')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
