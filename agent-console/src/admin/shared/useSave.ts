import { request } from '../../api/client';
import { useAdminMutation } from './useAdminMutation';

/** Saves a form: POST `path` for a new item, PATCH `path/:id` for an existing one; reloads `invalidate`, then `onDone`. */
export function useSave<TBody, TResult = unknown>(options: {
  path: string;
  id?: string;
  invalidate: (readonly string[])[];
  success: string;
  onDone?: (result: TResult) => void;
}) {
  return useAdminMutation<TBody, TResult>({
    mutationFn: (body) =>
      options.id ? request<TResult>(`${options.path}/${options.id}`, { method: 'PATCH', body }) : request<TResult>(options.path, { method: 'POST', body }),
    invalidate: options.invalidate,
    success: options.success,
    onSuccess: (result) => options.onDone?.(result),
  });
}

/** Which item a page's editor dialog is open for: null closed, `{item: null}` a new one. */
export type Editing<T> = { item: T | null } | null;
