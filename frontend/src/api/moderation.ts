// Flags, the moderation queue and log, and moderator actions; all through client.ts.
import { del, get, patch, post, put } from "./client";
import type { Page, Person } from "./types";

export type PostKind = "questions" | "answers" | "comments";
export type FlagReason = "spam" | "offensive" | "misinformation" | "outdated" | "off-topic" | "other";

export const FLAG_REASONS: { value: FlagReason; label: string }[] = [
  { value: "spam", label: "Spam or advertising" },
  { value: "offensive", label: "Rude or offensive" },
  { value: "misinformation", label: "Wrong or misleading" },
  { value: "outdated", label: "Out of date" },
  { value: "off-topic", label: "Off topic here" },
  { value: "other", label: "Something else" },
];

export interface FlagResult {
  post_type: string;
  post_id: number;
  reason: FlagReason;
  flag_count: number;
  hidden: boolean;
}

export interface QueuePost {
  post_type: "question" | "answer" | "comment";
  post_id: number;
  question_id: number;
  title: string;
  excerpt: string;
  author: Person | null;
  hidden: boolean;
  edited_since_hidden: boolean;
  flag_count: number;
  flags: { reason: FlagReason; note: string | null; created_at: string }[];
  created_at: string;
}

export interface SuggestedEdit {
  id: number;
  post_type: "question" | "answer";
  post_id: number;
  editor: Person | null;
  title: string | null;
  body: string | null;
  tags: string[] | null;
  status: string;
  created_at: string;
}

export interface ModerationQueue {
  posts: QueuePost[];
  suggested_edits: SuggestedEdit[];
  first_posts: QueuePost[];
}

export interface AuditEntry {
  id: number;
  actor: Person | null;
  action: string;
  target_type: string;
  target_id: number;
  /** The target's page in the web app, when it has one. */
  target_url: string | null;
  /** What the target is called: a question's title (an answer's or comment's thread's), a name. */
  target_label: string | null;
  reason: string | null;
  created_at: string;
}

/** What the log can be filtered by; every field optional. */
export interface LogFilter {
  actor_id?: number;
  action?: string;
  target_type?: string;
  target_id?: number;
  since?: string;
  until?: string;
}

export interface AuditLogPage extends Page<AuditEntry> {
  choices: { actors: Person[]; actions: string[]; target_types: string[] };
}

export interface MemberState {
  id: number;
  display_name: string;
  role: string;
  suspended_until: string | null;
  suspension_reason: string | null;
}

export interface ThreadState {
  question_id: number;
  status: "open" | "resolved" | "closed";
  locked: boolean;
  duplicate_of_id: number | null;
}

/** The API path of a post's kind: "question" -> "questions". */
export const kindPath = (postType: "question" | "answer" | "comment"): PostKind => `${postType}s` as PostKind;

export const moderation = {
  flag: (kind: PostKind, id: number, reason: FlagReason, note?: string) =>
    post<FlagResult>(`/${kind}/${id}/flag`, note ? { reason, note } : { reason }),
  queue: () => get<ModerationQueue>("/moderation/queue"),
  log: (filter: LogFilter, page = 1) => get<AuditLogPage>("/moderation/log", { query: { ...filter, page } }),
  hide: (kind: PostKind, id: number, reason: string) => post<{ hidden: boolean }>(`/${kind}/${id}/hide`, { reason }),
  restore: (kind: PostKind, id: number) => post<{ hidden: boolean }>(`/${kind}/${id}/restore`, {}),
  dismiss: (kind: PostKind, id: number) => post<{ hidden: boolean }>(`/${kind}/${id}/flags/dismiss`, {}),
  approveEdit: (id: number) => post<{ status: string }>(`/suggested-edits/${id}/approve`, {}),
  rejectEdit: (id: number) => post<{ status: string }>(`/suggested-edits/${id}/reject`, {}),
  lock: (questionId: number, reason: string) => post<ThreadState>(`/questions/${questionId}/lock`, { reason }),
  unlock: (questionId: number) => del<ThreadState>(`/questions/${questionId}/lock`),
  closeAsDuplicate: (questionId: number, originalId: number, reason?: string) =>
    post<ThreadState>(`/questions/${questionId}/duplicate`, reason ? { duplicate_of_id: originalId, reason } : { duplicate_of_id: originalId }),
  suspend: (userId: number, days: number, reason: string) => post<MemberState>(`/users/${userId}/suspension`, { days, reason }),
  liftSuspension: (userId: number) => del<MemberState>(`/users/${userId}/suspension`),
  /** Admins: make a member a moderator, or a moderator a member again. */
  setRole: (userId: number, role: "member" | "moderator") => patch<MemberState>(`/users/${userId}`, { role }),
  /** Reopen a question closed as a duplicate (moderators): open, or resolved if it has an accepted answer. */
  reopenDuplicate: (questionId: number) => del<ThreadState>(`/questions/${questionId}/duplicate`),
  label: (answerId: number, label: "needs-verification" | "outdated", note: string) =>
    put<{ label: string | null }>(`/answers/${answerId}/label`, { label, note }),
  unlabel: (answerId: number) => del<{ label: string | null }>(`/answers/${answerId}/label`),
};
