// Who is signed in, shared by every page; undefined while the first /auth/me is in flight.
import { useEffect, useState } from "preact/hooks";
import { type SignInOptions, signInOptions } from "./api/accounts";
import { forgetCsrfToken } from "./api/client";
import { auth } from "./api/resources";
import type { CurrentUser } from "./api/types";

let current: CurrentUser | null | undefined;
const listeners = new Set<(user: CurrentUser | null | undefined) => void>();

function set(user: CurrentUser | null): void {
  current = user;
  listeners.forEach((listener) => listener(user));
}

export async function loadSession(): Promise<void> {
  try {
    set(await auth.me());
  } catch {
    set(null);
  }
}

export async function signIn(email: string, password: string): Promise<CurrentUser> {
  const user = await auth.signIn(email, password);
  signedIn(user);
  return user;
}

/** Signed up and in, or null where the site mails a link that finishes the account. */
export async function signUp(email: string, password: string, name: string): Promise<CurrentUser | null> {
  const answer = await auth.signUp(email, password, name);
  if (answer.id === undefined) return null;
  signedIn(answer);
  return answer;
}

export async function signOut(): Promise<void> {
  await auth.signOut();
  signOutLocally();
}

/** A 401 from the API: the session has ended (expired, signed out elsewhere). */
export function sessionEnded(): void {
  if (current) set(null);
}

export function useSession(): CurrentUser | null | undefined {
  const [user, setUser] = useState(current);
  useEffect(() => {
    listeners.add(setUser);
    setUser(current);
    return () => void listeners.delete(setUser);
  }, []);
  return user;
}

// How one signs in here (passwords, the provider's button, a private site), loaded once at
// start: it also carries why a sign-in through the provider just failed, which the API tells once.
let options: SignInOptions | null | undefined;
const optionListeners = new Set<(value: SignInOptions | null | undefined) => void>();

export async function loadSignInOptions(): Promise<void> {
  try {
    options = await signInOptions();
  } catch {
    options = null;
  }
  optionListeners.forEach((listener) => listener(options));
}

export function useSignInOptions(): SignInOptions | null | undefined {
  const [value, setValue] = useState(options);
  useEffect(() => {
    optionListeners.add(setValue);
    setValue(options);
    return () => void optionListeners.delete(setValue);
  }, []);
  return value;
}

/** Signed in (by a password, a reset or confirmation link, anything that answers with the
 * account): a new session, so a new CSRF token. */
export function signedIn(user: CurrentUser): void {
  forgetCsrfToken();
  set(user);
}

/** Signed out, or the account is gone (deleted): forget it here. */
export function signOutLocally(): void {
  forgetCsrfToken();
  set(null);
}
