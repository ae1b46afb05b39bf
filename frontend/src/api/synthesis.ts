// A community's weekly synthesis: its synthesizers, the archive, the draft's editor.
import { del, get, patch, post, put } from "./client";

export interface Synthesis {
  id: number;
  tag: string;
  week: string;
  status: "draft" | "published";
  body: string;
  html: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface Synthesizer {
  id: number;
  display_name: string;
}

const tagPath = (name: string) => `/tags/${encodeURIComponent(name)}`;

export const syntheses = {
  list: (tag: string) => get<{ items: Synthesis[] }>(`${tagPath(tag)}/syntheses`).then((page) => page.items),
  edit: (id: number, body: string) => patch<Synthesis>(`/syntheses/${id}`, { body }),
  publish: (id: number) => post<Synthesis>(`/syntheses/${id}/publish`),
  synthesizers: (tag: string) => get<{ items: Synthesizer[] }>(`${tagPath(tag)}/synthesizers`).then((page) => page.items),
  appoint: (tag: string, userId: number) => put<{ items: Synthesizer[] }>(`${tagPath(tag)}/synthesizers/${userId}`).then((page) => page.items),
  remove: (tag: string, userId: number) => del<{ items: Synthesizer[] }>(`${tagPath(tag)}/synthesizers/${userId}`).then((page) => page.items),
  feedUrl: (tag: string) => `/api/v1${tagPath(tag)}/syntheses/feed`,
};

/** "the week of 30 November 2026" for "2026-W49" (weeks start on Monday). */
export function weekLabel(week: string): string {
  const found = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!found) return week;
  const year = Number(found[1]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (Number(found[2]) - 1) * 7);
  return `the week of ${monday.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`;
}
