import { create } from 'zustand';
import { request } from '../api/client';
import { disconnectAgentSocket, reconnectAgentSocket } from '../realtime/socket';
import type { Locale } from '../../../src/contracts/enums';
import type { MeView } from '../../../src/contracts/me.views';

type SessionState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null }
  | { status: 'signedIn'; user: MeView };

interface SessionActions {
  /** Asks the server who the cookie belongs to (on start and after login). */
  load(): Promise<void>;
  login(email: string, password: string): Promise<void>;
  /** After an invitation is accepted the server has set the cookie already. */
  loggedIn(): Promise<void>;
  logout(): Promise<void>;
  /** Ends every session of this user, on every device (this one too). */
  logoutEverywhere(): Promise<void>;
  /**
   * The server closed the live connection: the session ended elsewhere (then the 401 of /auth/me
   * shows the login page) or the user's role changed (then the user is read again and the socket
   * reconnects with the rooms the new role allows).
   */
  serverDisconnected(): Promise<void>;
  /** The server said 401: the session ended elsewhere. */
  expired(): void;
  updatePreferences(changes: { locale?: Locale; timeZone?: string; name?: string }): Promise<void>;
}

export const useSession = create<SessionState & SessionActions>()((set, get) => ({
  status: 'loading',
  user: null,

  async load() {
    try {
      const { user } = await request<{ user: MeView }>('/auth/me');
      set({ status: 'signedIn', user });
    } catch {
      set({ status: 'anonymous', user: null });
    }
  },

  async login(email, password) {
    await request('/auth/login', { body: { email, password } });
    await get().load();
  },

  async loggedIn() {
    await get().load();
  },

  async logout() {
    await request('/auth/logout', { method: 'POST' }).catch(() => undefined);
    disconnectAgentSocket();
    set({ status: 'anonymous', user: null });
  },

  async logoutEverywhere() {
    await request('/auth/logout-everywhere', { method: 'POST' });
    disconnectAgentSocket();
    set({ status: 'anonymous', user: null });
  },

  async serverDisconnected() {
    try {
      const { user } = await request<{ user: MeView }>('/auth/me');
      set({ status: 'signedIn', user });
      reconnectAgentSocket();
    } catch {
      // A 401 has already signed the console out; anything else leaves it to the next request.
    }
  },

  expired() {
    if (get().status !== 'signedIn') return;
    disconnectAgentSocket();
    set({ status: 'anonymous', user: null });
  },

  async updatePreferences(changes) {
    const { user } = await request<{ user: MeView }>('/auth/me', { method: 'PATCH', body: changes });
    set({ status: 'signedIn', user });
  },
}));

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): MeView {
  const user = useSession((state) => state.user);
  if (!user) throw new Error('useMe() outside the signed-in shell');
  return user;
}
