import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type { Directory } from '../api/types';

const EMPTY: Directory = { users: [], teams: [], inboxes: [], labels: [] };

/** Colleagues, teams, inboxes and labels for pickers and names; fetched once per session. */
export function useDirectory(): Directory & { isLoading: boolean; error: unknown } {
  const query = useQuery({ queryKey: ['directory'], queryFn: () => request<Directory>('/directory'), staleTime: 60_000 });
  return { ...(query.data ?? EMPTY), isLoading: query.isLoading, error: query.error };
}

export function nameOfUser(directory: Directory, userId: string | null): string | null {
  if (!userId) return null;
  return directory.users.find((user) => user.id === userId)?.name ?? null;
}
