import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { customerKey } from './useCustomer';

/** "Maybe the same person": the other customer of a pair the server suggested merging. */
export interface MergeSuggestion {
  id: string;
  reason: 'thread-reply' | 'same-name';
  createdAt: string;
  customer: { id: string; name: string; emails: string[] };
}

const suggestionsKey = (customerId: string) => ['customer', customerId, 'merge-suggestions'];

/** GET /api/customers/:id/merge-suggestions */
export function useMergeSuggestions(customerId: string) {
  return useQuery({
    queryKey: suggestionsKey(customerId),
    queryFn: async () => (await request<{ suggestions: MergeSuggestion[] }>(`/customers/${customerId}/merge-suggestions`)).suggestions,
  });
}

/** Merge (the other customer moves into this one) or dismiss a suggestion; both refresh the panel. */
export function useMergeSuggestionActions(customerId: string) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
  };
  const merge = useMutation({
    mutationFn: (sourceId: string) => request(`/customers/${customerId}/merge`, { method: 'POST', body: { sourceId } }),
    onSuccess: refresh,
  });
  const dismiss = useMutation({
    mutationFn: (suggestionId: string) => request(`/customers/${customerId}/merge-suggestions/${suggestionId}/dismiss`, { method: 'POST' }),
    onSuccess: refresh,
  });
  return { merge, dismiss };
}
