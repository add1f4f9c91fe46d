import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { handleUnauthenticated } from './api/client';
import { AdminPages } from './admin/AdminPages';
import { InvitePage } from './auth/InvitePage';
import { LoginPage } from './auth/LoginPage';
import { useSession } from './auth/session.store';
import { applyLocale, toLocale } from './i18n/i18n';
import { Shell } from './layout/Shell';
import { connectAgentSocket, handleServerDisconnect } from './realtime/socket';
import { Spinner } from './ui/feedback';
import { Toasts } from './ui/toasts';
import { Workspace } from './workspace/Workspace';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

export function App() {
  const status = useSession((state) => state.status);
  const load = useSession((state) => state.load);
  const expired = useSession((state) => state.expired);
  const serverDisconnected = useSession((state) => state.serverDisconnected);

  useEffect(() => {
    handleUnauthenticated(expired);
    handleServerDisconnect(() => void serverDisconnected());
    void load();
  }, [load, expired, serverDisconnected]);

  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={useHashLocation}>
        <Switch>
          <Route path="/invite/:token">{(params) => <InvitePage token={params.token} />}</Route>
          <Route>
            {status === 'loading' && <Spinner />}
            {status === 'anonymous' && <LoginPage />}
            {status === 'signedIn' && <SignedIn />}
          </Route>
        </Switch>
      </Router>
      <Toasts />
    </QueryClientProvider>
  );
}

/** Everything behind the login: one live socket for as long as the user stays signed in. */
function SignedIn() {
  const locale = useSession((state) => toLocale(state.user?.locale));
  // Connected before the first render of the pages below, which subscribe to it; logout disconnects.
  useState(connectAgentSocket);
  useEffect(() => applyLocale(locale), [locale]);

  return (
    <Switch>
      <Route path="/admin" nest>
        <Shell>
          <AdminPages />
        </Shell>
      </Route>
      <Route>
        <Workspace />
      </Route>
    </Switch>
  );
}
