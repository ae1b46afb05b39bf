// Who is signed in, shared by every page; undefined while the first /auth/me is in flight.
import { useEffect, useState } from "preact/hooks";
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
  forgetCsrfToken();
  set(user);
  return user;
}

export async function signUp(email: string, password: string, name: string): Promise<CurrentUser> {
  const user = await auth.signUp(email, password, name);
  forgetCsrfToken();
  set(user);
  return user;
}

export async function signOut(): Promise<void> {
  await auth.signOut();
  forgetCsrfToken();
  set(null);
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
