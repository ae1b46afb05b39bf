// The API's shapes, as served at /api/v1/openapi.json.

export interface Page<T> {
  items: T[];
  meta: { page: number; per_page: number; total: number; degraded?: boolean; processing_ms?: number; matched_by?: "words" | "meaning" };
}

export interface Person {
  id: number;
  display_name: string;
  reputation?: number;
}

/** What GET /auth/me says the person may do now, by the thresholds an admin may change. */
export type Privilege = "downvote" | "flag" | "label" | "edit_others";

export type Digest = "off" | "daily" | "weekly";

export interface CurrentUser extends Person {
  email: string;
  role: string;
  reputation: number;
  created_at: string;
  /** Only from GET /auth/me. */
  unread_notifications?: number;
  accepts_invitations?: boolean;
  /** Mail me about activity on my posts. */
  email_activity?: boolean;
  /** How often the digest of my communities comes. */
  digest?: Digest;
  /** From GET /auth/me, PATCH /me, sign-up and sign-in. */
  privileges?: Record<Privilege, boolean>;
  /** About me, as written (Markdown). */
  about?: string;
  /** Unconfirmed accounts may have to confirm their address before posting. */
  email_verified?: boolean;
  /** False for accounts that sign in only through the company's identity provider. */
  has_password?: boolean;
}

export interface Attribution {
  site: string;
  url: string;
  author_name: string;
  licence: string;
}

export type Status = "open" | "resolved" | "closed";

export interface QuestionSummary {
  id: number;
  title: string;
  tags: string[];
  author: Person | null;
  anonymous: boolean;
  status: Status;
  score: number;
  answer_count: number;
  accepted_answer_id: number | null;
  created_at: string;
  last_activity_at: string;
  attribution: Attribution | null;
  /** Hidden pending review: only its author and moderators see it. */
  hidden?: boolean;
  /** Hidden because it waits for a moderator's approval (a new member's post). */
  held?: boolean;
  /** Held, and a moderator declined to publish it (until its author edits it). */
  rejected?: boolean;
}

export interface Comment {
  id: number;
  body: string;
  body_html: string;
  author: Person | null;
  created_at: string;
  /** When the text last changed: created_at until it is edited. */
  updated_at?: string;
  can_delete: boolean;
  /** The viewer may edit it now: its author in the first minutes, moderators any time. */
  can_edit?: boolean;
  hidden?: boolean;
  held?: boolean;
  rejected?: boolean;
}

export interface Answer {
  id: number;
  question_id: number;
  body: string;
  body_html: string;
  author: Person | null;
  score: number;
  is_accepted: boolean;
  created_at: string;
  updated_at: string | null;
  my_vote: number;
  can_edit: boolean;
  can_accept: boolean;
  /** People who said "this helped me". */
  helped_count?: number;
  helped_by_me?: boolean | null;
  comments: Comment[];
  attribution: Attribution | null;
  hidden?: boolean;
  held?: boolean;
  rejected?: boolean;
  /** A soft label: the answer stays visible, marked. */
  label?: "needs-verification" | "outdated" | null;
  label_note?: string | null;
}

export interface Question extends QuestionSummary {
  body: string;
  body_html: string;
  updated_at: string | null;
  view_count: number;
  my_vote: number;
  can_edit: boolean;
  duplicate_of_id: number | null;
  /** Locked by a moderator: no new answers, comments or votes. */
  locked?: boolean;
  comments: Comment[];
  answers: Answer[];
}

export interface Revision {
  id: number;
  /** A question's; an answer's revisions have none. */
  title?: string | null;
  body: string;
  /** Server HTML: the body's change from the revision before, word by word; null for the first. */
  diff_html: string | null;
  title_diff_html?: string | null;
  tags?: string[] | null;
  editor: Person | null;
  created_at: string;
}

export interface SearchHit {
  /** A question thread, or a community's published weekly synthesis (then `id` is the synthesis's). */
  kind: "thread" | "synthesis";
  id: number;
  title: string;
  title_highlighted: string;
  snippet_highlighted: string;
  tags: string[];
  /** A thread's; null for a synthesis. */
  status: Status | null;
  week?: string;
  score: number;
  answer_count: number;
  /** HTML, as the *_highlighted fields: escaped text with <mark> around the words found. */
  accepted_answer_snippet: string | null;
  url: string;
  attribution: Attribution | null;
}

export interface SimilarQuestion {
  id: number;
  title: string;
  title_highlighted: string;
  status: Status;
  score: number;
  answer_count: number;
  url: string;
}

export interface ReferenceCard {
  id: number;
  title: string;
  title_highlighted: string;
  problem: string;
  answer_html: string;
  answered_by: Person | null;
  tags: string[];
  score: number;
  answer_score: number;
  helped_count?: number;
  answer_count: number;
  updated_at: string;
  url: string;
  thread_url: string;
  question_attribution: Attribution | null;
  answer_attribution: Attribution | null;
  answer_label?: "needs-verification" | "outdated" | null;
  answer_label_note?: string | null;
}

export interface Tag {
  name: string;
  /** Markdown, as typed. */
  description: string;
  /** The description as sanitized HTML. */
  description_html: string;
  /** The description's start as plain text, for lists. */
  excerpt: string;
  question_count: number;
}

export interface TagDetail extends Tag {
  resolved_count: number;
  unanswered_count: number;
  /** Other names that lead here. */
  synonyms: string[];
  top_questions: QuestionSummary[];
}

export interface Profile {
  id: number;
  display_name: string;
  role: string;
  reputation: number;
  created_at: string;
  /** About me, sanitized HTML. */
  about_html?: string;
  /** The account was deleted: its posts stay, by "former member". */
  is_former_member?: boolean;
  question_count: number;
  answer_count: number;
  accepted_answer_count: number;
  /** The tags the person answers in most. */
  communities?: { tag: string; answers: number; accepted: number }[];
  /** Until when and why the person is suspended: shown to moderators only. */
  suspension?: { until: string; reason: string | null } | null;
}

export interface AnswerSummary {
  id: number;
  question_id: number;
  question_title: string;
  score: number;
  is_accepted: boolean;
  created_at: string;
}
