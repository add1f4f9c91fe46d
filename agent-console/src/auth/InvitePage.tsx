import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { request } from '../api/client';
import { ErrorMessage } from '../ui/feedback';
import { useSession } from './session.store';

/** Opened from an invitation link (#/invite/<token>): the new colleague chooses a password. */
export function InvitePage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const loggedIn = useSession((state) => state.loggedIn);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) {
      setError(new Error(t('invite.mismatch')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await request('/auth/invitations/accept', { body: { token, password } });
      await loggedIn();
      navigate('/');
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title')}</h1>
        <p>{t('invite.explain')}</p>
        <label>
          {t('invite.password')}
          <input type="password" autoComplete="new-password" minLength={10} required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label>
          {t('invite.repeat')}
          <input type="password" autoComplete="new-password" minLength={10} required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('invite.submit')}
        </button>
      </form>
    </main>
  );
}
