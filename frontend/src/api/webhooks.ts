// Webhooks for team chat (admins): where the site posts new questions, answers and resolved threads.
import { del, get, patch, post } from "./client";

export type WebhookEvent = "asked" | "answered" | "resolved";
export type WebhookFormat = "slack" | "generic";

export interface Webhook {
  id: number;
  url: string;
  secret: string;
  tags: string[];
  events: WebhookEvent[];
  format: WebhookFormat;
  is_active: boolean;
  created_at: string;
}

export interface Delivery {
  id: number;
  event: WebhookEvent;
  status: "pending" | "sending" | "delivered" | "failed" | "skipped";
  status_code: number | null;
  duration_ms: number | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface NewWebhook {
  url: string;
  tags: string[];
  events: WebhookEvent[];
  format: WebhookFormat;
}

export const EVENT_LABELS: Record<WebhookEvent, string> = {
  asked: "A question is asked",
  answered: "A question is answered",
  resolved: "A question is resolved",
};

/** "shift-handover, Payroll ," -> ["shift-handover", "payroll"]: what the tags field holds. */
export function tagList(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

export const webhooks = {
  list: () => get<Webhook[]>("/admin/webhooks"),
  add: (webhook: NewWebhook) => post<Webhook>("/admin/webhooks", webhook),
  update: (id: number, change: Partial<NewWebhook & { is_active: boolean }>) => patch<Webhook>(`/admin/webhooks/${id}`, change),
  remove: (id: number) => del<void>(`/admin/webhooks/${id}`),
  deliveries: (id: number) => get<Delivery[]>(`/admin/webhooks/${id}/deliveries`),
};
