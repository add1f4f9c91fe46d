import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToasts } from '../../ui/toasts';

export interface AdminMutationOptions<TVariables, TResult> {
  mutationFn: (variables: TVariables) => Promise<TResult>;
  /** Lists to reload afterwards. */
  invalidate: (readonly string[])[];
  /** Shown as a toast when it worked. */
  success: string;
  onSuccess?: (result: TResult, variables: TVariables) => void;
}

/** A change to the organisation: on success the lists reload and the admin is told it worked; a failure stays on `error`. */
export function useAdminMutation<TVariables = void, TResult = unknown>(options: AdminMutationOptions<TVariables, TResult>) {
  const queryClient = useQueryClient();
  const show = useToasts((state) => state.show);
  return useMutation({
    mutationFn: options.mutationFn,
    onSuccess: async (result, variables) => {
      await Promise.all(options.invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      show({ kind: 'info', text: options.success });
      options.onSuccess?.(result, variables);
    },
  });
}
