// Mail: each person's choices (PATCH /me) and the one-click unsubscribe link of every mail.
import { patch, request } from "./client";
import type { CurrentUser, Digest } from "./types";

export type MailKind = "activity" | "digest";

export interface AccountSettings {
  email_activity: boolean;
  digest: Digest;
  accepts_invitations: boolean;
}

export const mailSettings = {
  save: (settings: Partial<AccountSettings>) => patch<CurrentUser>("/me", settings),
};

/** What the unsubscribe link turns off; no sign-in needed, the token is the proof. */
export const unsubscribe = (token: string) =>
  request<{ kind: MailKind; email_activity: boolean; digest: Digest }>("POST", "/mail/unsubscribe", { query: { token } });

/** The sentence the unsubscribe page and the settings page use for each kind of mail. */
export const MAIL_KINDS: Record<MailKind, string> = {
  activity: "mail about activity on your posts: answers to your questions, comments, mentions, invitations to answer and accepted answers",
  digest: "the digest of your communities: new and resolved questions in the tags you follow, and questions you could help with",
};
