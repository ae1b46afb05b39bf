// The account: signing in by each way, passwords, confirming an address, profile, tokens,
// one's data and leaving; and the admins' page of people.
import { del, get, patch, post, request } from "./client";
import type { CurrentUser, Page } from "./types";

export interface SignInOptions {
  passwords: boolean;
  sso: boolean;
  sso_label: string | null;
  sso_login_url: string | null;
  require_sign_in: boolean;
  allowed_email_domains: string[];
  sso_error: string | null;
}

export const signInOptions = () => get<SignInOptions>("/auth/options", { quietUnauthorized: true });

/** Where the provider's button goes: the API sends the browser on to the provider and back to `next`. */
export function ssoLoginUrl(options: SignInOptions, next: string): string | null {
  if (!options.sso || !options.sso_login_url) return null;
  return `${options.sso_login_url}?next=${encodeURIComponent(next)}`;
}

export const passwords = {
  change: (current_password: string, new_password: string) => post<void>("/me/password", { current_password, new_password }),
  requestReset: (email: string) => post<void>("/auth/password-reset", { email }),
  reset: (token: string, password: string) => post<CurrentUser>("/auth/password-reset/confirm", { token, password }),
};

export const emailAddress = {
  /** Confirms the address and signs its account in. */
  confirm: (token: string) => post<CurrentUser>("/auth/verify-email", { token }),
  resend: () => post<void>("/me/verification"),
  change: (email: string, password: string) => post<CurrentUser>("/me/email", { email, password }),
};

export const profile = {
  save: (changes: { display_name?: string; about?: string }) => patch<CurrentUser>("/me/profile", changes),
};

export const EXPORT_URL = "/api/v1/me/export";

/** Delete my account; accounts that sign in only through the provider send no password. */
export const deleteAccount = (password: string | null) =>
  request<void>("DELETE", "/me", { body: password === null ? {} : { password } });

export type TokenScope = "read" | "write";

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export const apiTokens = {
  list: () => get<{ items: ApiToken[] }>("/me/tokens").then((page) => page.items),
  create: (name: string, scope: TokenScope, expires_in_days: number | null) =>
    post<ApiToken & { token: string }>("/me/tokens", { name, scopes: [scope], expires_in_days }),
  revoke: (id: number) => del<void>(`/me/tokens/${id}`),
};

export interface Person {
  id: number;
  display_name: string;
  email: string;
  role: "member" | "moderator" | "admin";
  is_active: boolean;
  email_verified: boolean;
  sso: boolean;
  reputation: number;
  created_at: string;
  last_seen_at: string | null;
}

export const people = {
  find: (q: string, page = 1) => get<Page<Person>>("/admin/users", { query: { q, page, per_page: 50 } }),
  update: (id: number, changes: { role?: Person["role"]; is_active?: boolean }) => patch<Person>(`/admin/users/${id}`, changes),
  remove: (id: number) => del<void>(`/admin/users/${id}`),
};

/** "Never", or the day a token stops working. */
export function expiryLabel(token: Pick<ApiToken, "expires_at">, now: Date = new Date()): string {
  if (!token.expires_at) return "Never expires";
  const at = new Date(token.expires_at);
  const day = at.toISOString().slice(0, 10);
  return at <= now ? `Expired ${day}` : `Expires ${day}`;
}
