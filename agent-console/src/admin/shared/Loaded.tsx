import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Spinner } from '../../ui/feedback';
import { ServerError } from './ServerError';

/** A query's data once it is there; a spinner before, the error in words (with "try again") if it failed. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Spinner />;
  if (query.isError) return <ServerError error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
