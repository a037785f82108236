// The first screen: a nickname, and how to come in (guest, log in, register).
import { useState } from 'preact/hooks';

function rememberedNick() {
  try {
    return localStorage.getItem('piazza.nick') ?? '';
  } catch {
    return '';
  }
}

export function JoinScreen({ client }) {
  const [nick, setNick] = useState(rememberedNick);
  const [mode, setMode] = useState('guest');
  const [password, setPassword] = useState('');
  const busy = client.state === 'connecting';

  const submit = event => {
    event.preventDefault();
    const name = nick.trim();
    if (!name) {
      client.error = 'Pick a nickname first.';
      client.changed();
      return;
    }
    if (mode !== 'guest' && !password) {
      client.error = 'Type your password.';
      client.changed();
      return;
    }
    // The password lives in memory for this session only (a reconnect logs in again); never stored.
    client.connect({ nick: name, mode, password: mode === 'guest' ? '' : password });
  };

  const choice = (value, label) => (
    <label class="mode">
      <input type="radio" name="mode" value={value} checked={mode === value}
        data-testid={`join-mode-${value}`} onChange={() => setMode(value)} />
      {label}
    </label>
  );

  return (
    <main class="join-screen">
      <form class="join-form" data-testid="join-form" onSubmit={submit}>
        <h1>Piazza</h1>
        <p class="lead">Chat with everyone here, from a terminal, an IRC client or this page.</p>
        <label for="nick">Nickname</label>
        <input id="nick" data-testid="join-nick" value={nick} maxLength={30} autoFocus
          autoComplete="username" spellcheck={false} onInput={e => setNick(e.currentTarget.value)} />
        <fieldset class="modes">
          {choice('guest', 'Guest')}
          {choice('login', 'Log in')}
          {choice('register', 'Register')}
        </fieldset>
        {mode !== 'guest' && (
          <>
            <label for="password">Password</label>
            <input id="password" type="password" data-testid="join-password" value={password}
              autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
              onInput={e => setPassword(e.currentTarget.value)} />
          </>
        )}
        <button type="submit" data-testid="join-submit" disabled={busy}>
          {busy ? 'Connecting…' : mode === 'login' ? 'Log in' : mode === 'register' ? 'Register and join' : 'Join'}
        </button>
        {client.error && <p class="join-error" role="alert" data-testid="join-error">{client.error}</p>}
      </form>
    </main>
  );
}
