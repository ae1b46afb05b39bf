// Following, notifications, badges, thanks and experts: the community side of the API.
import { del, get, patch, post, request } from "./client";
import type { CurrentUser, Page, QuestionSummary } from "./types";

export interface TagStances {
  followed: string[];
  muted: string[];
}

export type NotificationKind =
  | "answered"
  | "commented"
  | "mentioned"
  | "accepted"
  | "watched"
  | "followed_tag"
  | "invited"
  | "moderation"
  | "badge";

export interface Notification {
  id: number;
  kind: NotificationKind | string;
  is_read: boolean;
  count: number;
  actor: { id: number; display_name: string } | null;
  question: { id: number; title: string } | null;
  answer_id: number | null;
  comment_id: number | null;
  tag: string | null;
  data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface Badge {
  badge: string;
  name: string;
  description: string;
  awarded_at: string;
}

export interface Expert {
  id: number;
  display_name: string;
  reputation: number;
  expertise: number;
  accepted_answers: number;
  upvotes: number;
  answers: number;
  /** On a question's experts, for signed-in viewers: whether they were invited to answer it. */
  invitation?: "invited" | "declined" | null;
}

export type QuestionPage = Page<QuestionSummary> & { meta: { hidden_by_mutes?: number } };

export interface ListQuery {
  sort?: "newest" | "active" | "votes" | "unanswered";
  status?: string;
  tag?: string[];
  page?: number;
  per_page?: number;
  feed?: "for-you";
  show_muted?: boolean;
}

/** The question lists, with the person's feed and mutes (meta.hidden_by_mutes). */
export const listQuestions = (query: ListQuery) =>
  get<QuestionPage>("/questions", { query: { ...query, show_muted: query.show_muted ? 1 : undefined } });

const put = <T>(path: string) => request<T>("PUT", path);

const tagPath = (name: string, what: "follow" | "mute") => `/me/tags/${encodeURIComponent(name)}/${what}`;

export const me = {
  tags: () => get<TagStances>("/me/tags"),
  follow: (name: string) => put<TagStances>(tagPath(name, "follow")),
  unfollow: (name: string) => del<TagStances>(tagPath(name, "follow")),
  mute: (name: string) => put<TagStances>(tagPath(name, "mute")),
  unmute: (name: string) => del<TagStances>(tagPath(name, "mute")),
  notifications: (page = 1) => get<Page<Notification>>("/me/notifications", { query: { page } }),
  markRead: (ids?: number[]) =>
    post<{ unread_notifications: number }>("/me/notifications/read", ids ? { ids } : undefined),
  update: (data: { accepts_invitations: boolean }) => patch<CurrentUser>("/me", data),
};

export const watching = {
  get: (questionId: number) => get<{ watching: boolean }>(`/questions/${questionId}/watch`),
  watch: (questionId: number) => put<{ watching: boolean }>(`/questions/${questionId}/watch`),
  unwatch: (questionId: number) => del<{ watching: boolean }>(`/questions/${questionId}/watch`),
};

export const badges = {
  of: (userId: number) => get<Badge[]>(`/users/${userId}/badges`),
};

export const helped = {
  mark: (answerId: number) => put<{ helped_count: number; helped: boolean }>(`/answers/${answerId}/helped`),
  unmark: (answerId: number) => del<{ helped_count: number; helped: boolean }>(`/answers/${answerId}/helped`),
};

export const experts = {
  ofTag: (name: string, limit = 5) => get<Expert[]>(`/tags/${encodeURIComponent(name)}/experts`, { query: { limit } }),
  ofQuestion: (questionId: number, limit = 5) => get<Expert[]>(`/questions/${questionId}/experts`, { query: { limit } }),
  invite: (questionId: number, userId: number) =>
    post<{ question_id: number; user_id: number }>(`/questions/${questionId}/invite`, { user_id: userId }),
  /** The invitee says no; the inviter is not told. */
  decline: (questionId: number) => post<{ question_id: number; declined_at: string }>(`/questions/${questionId}/invitation/decline`),
};
