import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type { DirectoryView } from '../../../src/contracts/directory.views';

const EMPTY: DirectoryView = { users: [], teams: [], inboxes: [], labels: [] };

/** Colleagues, teams, inboxes and labels for pickers and names; fetched once per session. */
export function useDirectory(): DirectoryView & { isLoading: boolean; error: unknown } {
  const query = useQuery({ queryKey: ['directory'], queryFn: () => request<DirectoryView>('/directory'), staleTime: 60_000 });
  return { ...(query.data ?? EMPTY), isLoading: query.isLoading, error: query.error };
}

export function nameOfUser(directory: DirectoryView, userId: string | null): string | null {
  if (!userId) return null;
  return directory.users.find((user) => user.id === userId)?.name ?? null;
}
