// The demo site's sign-in, as a host page does it with its own backend (xtask/src/demo_backend.rs
// plays that backend): "Sign in" goes through Zendesk's authorize page, the backend exchanges
// the code and keeps the refresh token, and the widget's getAccessToken asks the backend for a
// fresh access token. The page never sees a refresh token and never calls /oauth/tokens.

/** The signed-in user ({name, email}) according to the site's backend, or null. */
export async function currentUser() {
  const response = await fetch('/auth/session', { credentials: 'same-origin' });
  if (!response.ok) return null;
  return (await response.json()).user;
}

/** What the widget calls for a token: the backend's fresh one, or null once signed out. */
export async function getAccessToken() {
  const response = await fetch('/auth/token', { method: 'POST', credentials: 'same-origin' });
  return response.ok ? (await response.json()).access_token : null;
}

/** Sends the visitor to sign in; they come back to this very page (route included). */
export function signIn() {
  const here = location.pathname + location.search.replace(/[?&]signin_error=[^&]*/, '') + location.hash;
  location.assign('/auth/signin?' + new URLSearchParams({ return_to: here }));
}

/** Ends the session on the site's backend (it forgets the Zendesk tokens). */
export async function signOut() {
  await fetch('/auth/signout', { method: 'POST', credentials: 'same-origin' });
}

const signInErrors = {
  access_denied: 'You declined the sign-in.',
  state_mismatch: 'The sign-in came back for another attempt. Please try again.',
  exchange_failed: 'Zendesk did not accept the sign-in. Please try again.',
};

/**
 * Draws the account corner of the site header into `slot`: "Sign in", or who is signed in and
 * "Sign out". `onSignOut` runs after the backend forgot the session (the page tells the widget).
 */
export function renderAccount(slot, user, { onSignOut }) {
  slot.replaceChildren();
  const error = new URLSearchParams(location.search).get('signin_error');
  if (error && !user) {
    const note = document.createElement('span');
    note.className = 'account-error';
    note.setAttribute('role', 'alert');
    note.textContent = signInErrors[error] || `Sign-in failed (${error}).`;
    slot.append(note);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'account-button';
  if (user) {
    const who = document.createElement('span');
    who.className = 'account-user';
    who.textContent = `Signed in as ${user.name}`;
    who.title = user.email;
    button.textContent = 'Sign out';
    button.addEventListener('click', async () => {
      button.disabled = true;
      await signOut();
      await onSignOut();
      renderAccount(slot, null, { onSignOut });
    });
    slot.append(who, button);
  } else {
    button.textContent = 'Sign in';
    button.addEventListener('click', signIn);
    slot.append(button);
  }
}
