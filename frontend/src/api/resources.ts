// One function per API call the pages make; all of them go through client.ts.
import { del, get, patch, post, put } from "./client";
import type {
  Answer,
  AnswerSummary,
  Comment,
  CurrentUser,
  Page,
  Profile,
  Question,
  QuestionSummary,
  ReferenceCard,
  Revision,
  SearchHit,
  SimilarQuestion,
  Tag,
  TagDetail,
} from "./types";

export const auth = {
  me: () => get<CurrentUser>("/auth/me", { quietUnauthorized: true }),
  signIn: (email: string, password: string) =>
    post<CurrentUser>("/auth/login", { email, password }, { quietUnauthorized: true }),
  /** The account (signed in), or, where the site mails, where the link that finishes it went. */
  signUp: (email: string, password: string, display_name: string) =>
    post<CurrentUser | { email: string; message: string; id?: undefined }>("/auth/register", { email, password, display_name }),
  signOut: () => post<void>("/auth/logout"),
};

export type ListSort = "newest" | "active" | "votes" | "unanswered";

export const questions = {
  list: (query: { sort?: ListSort; status?: string; tag?: string[]; page?: number; per_page?: number; author?: number }) =>
    get<Page<QuestionSummary>>("/questions", { query }),
  get: (id: number) => get<Question>(`/questions/${id}`),
  ask: (data: { title: string; body: string; tags: string[]; anonymous: boolean }, idempotencyKey?: string) =>
    post<Question>("/questions", data, { idempotencyKey }),
  edit: (id: number, data: { title?: string; body?: string; tags?: string[] }) => patch<Question>(`/questions/${id}`, data),
  revisions: (id: number) => get<Revision[]>(`/questions/${id}/revisions`),
  rollback: (id: number, revisionId: number) => post<Question>(`/questions/${id}/revisions/${revisionId}/rollback`),
  similar: (title: string, body: string, signal?: AbortSignal) =>
    get<{ items: SimilarQuestion[] }>("/questions/similar", { query: { title, body, limit: 5 }, signal }),
  vote: (id: number, value: number) => post<{ score: number; my_vote: number }>(`/questions/${id}/vote`, { value }),
  comment: (id: number, body: string, idempotencyKey?: string) =>
    post<Comment>(`/questions/${id}/comments`, { body }, { idempotencyKey }),
};

export const answers = {
  post: (questionId: number, body: string, idempotencyKey?: string) =>
    post<Answer>(`/questions/${questionId}/answers`, { body }, { idempotencyKey }),
  edit: (id: number, body: string) => patch<Answer>(`/answers/${id}`, { body }),
  revisions: (id: number) => get<{ items: Revision[] }>(`/answers/${id}/revisions`).then((page) => page.items),
  rollback: (id: number, revisionId: number) => post<Answer>(`/answers/${id}/revisions/${revisionId}/rollback`),
  accept: (id: number) => post<{ status: string; accepted_answer_id: number | null }>(`/answers/${id}/accept`),
  unaccept: (id: number) => del<{ status: string; accepted_answer_id: number | null }>(`/answers/${id}/accept`),
  vote: (id: number, value: number) => post<{ score: number; my_vote: number }>(`/answers/${id}/vote`, { value }),
  comment: (id: number, body: string, idempotencyKey?: string) =>
    post<Comment>(`/answers/${id}/comments`, { body }, { idempotencyKey }),
};

export const comments = {
  remove: (id: number) => del<void>(`/comments/${id}`),
  /** The author briefly after posting, moderators any time; the earlier text is kept. */
  edit: (id: number, body: string) => patch<Comment>(`/comments/${id}`, { body }),
  /** The author's and moderators' view of a comment's earlier texts, newest first. */
  revisions: (id: number) => get<{ items: Revision[] }>(`/comments/${id}/revisions`).then((page) => page.items),
};

export interface SearchQuery {
  q: string;
  tag?: string[];
  status?: "resolved" | "open" | "all";
  /** Threads and syntheses (the default), or one kind only. */
  kind?: "all" | "thread" | "synthesis";
  page?: number;
  per_page?: number;
}

export const search = {
  threads: (query: SearchQuery, signal?: AbortSignal) =>
    get<Page<SearchHit> & { facets?: Record<string, Record<string, number>> }>("/search", { query: { ...query }, signal }),
};

export const references = {
  get: (id: number) => get<ReferenceCard>(`/references/${id}`),
};

export const tags = {
  list: (query: { q?: string; sort?: "popular" | "name"; page?: number; per_page?: number }, signal?: AbortSignal) =>
    get<Page<Tag>>("/tags", { query, signal }),
  get: (name: string) => get<TagDetail>(`/tags/${encodeURIComponent(name)}`),
  /** Moderators and members trusted to edit others' posts; every version is kept. */
  describe: (name: string, description: string) => patch<Tag>(`/tags/${encodeURIComponent(name)}`, { description }),
  revisions: (name: string) => get<{ items: Revision[] }>(`/tags/${encodeURIComponent(name)}/revisions`).then((page) => page.items),
  /** Moderators: a community before its first question. */
  create: (name: string, description: string) => post<Tag>("/tags", { name, description }),
  addSynonym: (name: string, synonym: string) =>
    put<{ synonym: string; tag: string }>(`/tags/${encodeURIComponent(name)}/synonyms/${encodeURIComponent(synonym)}`),
  removeSynonym: (name: string, synonym: string) => del<void>(`/tags/${encodeURIComponent(name)}/synonyms/${encodeURIComponent(synonym)}`),
  merge: (name: string, into: string) => post<{ tag: Tag; moved: number }>(`/tags/${encodeURIComponent(name)}/merge`, { into }),
  rename: (name: string, newName: string) => post<Tag>(`/tags/${encodeURIComponent(name)}/rename`, { name: newName }),
};

export const users = {
  get: (id: number) => get<Profile>(`/users/${id}`),
  questions: (id: number, page = 1) => get<Page<QuestionSummary>>(`/users/${id}/questions`, { query: { page } }),
  answers: (id: number, page = 1) => get<Page<AnswerSummary>>(`/users/${id}/answers`, { query: { page } }),
};

export const markdown = {
  preview: (body: string) => post<{ html: string }>("/markdown/preview", { body }),
};
