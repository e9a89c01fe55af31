// The agent's sign-in: a one-time code from the URL fragment (#code=…, from a sign-in link an
// administrator issued with POST /realtime/sign-in-links) is exchanged once for a worker token,
// which is kept in sessionStorage (this tab only) and renewed before it expires.
import { postForm } from '../common/dom.js';

const KEY = 'switchboard.agent.session';
const ENDPOINT = new URL('../realtime/agent-tokens', window.location.href).toString();

/** {token, worker_sid, workspace_sid, eb_server, ws_server, expires_at (ms)} or null. */
export function stored() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY));
    return session && session.token && session.expires_at > Date.now() ? session : null;
  } catch {
    return null;
  }
}

function keep(answer) {
  const session = { ...answer, expires_at: Date.now() + answer.expires_in * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** The code of a sign-in link, if the address carries one; it is removed from the address bar. */
export function takeCodeFromAddress() {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const code = fragment.get('code');
  if (code) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return code;
}

/** Exchanges a sign-in link's one-time code for a session. */
export async function exchange(code) {
  return keep(await postForm(ENDPOINT, { Code: code }));
}

/** A fresh token for a still-valid one (on the SDK's tokenExpired event). */
export async function renew(session) {
  return keep(await postForm(ENDPOINT, { Token: session.token }));
}
