// Site settings (admins): the thresholds, sign-up domains and rate limits; through client.ts.
import { get, patch } from "./client";
import type { Person } from "./types";

export type SettingType = "integer" | "boolean" | "rate_limit" | "domains";
export type SettingValue = number | boolean | string | string[];

export interface SiteSetting {
  name: string;
  type: SettingType;
  description: string;
  minimum: number | null;
  maximum: number | null;
  /** The value in force: an admin's, else the default. */
  value: SettingValue;
  /** The value from the server's configuration. */
  default: SettingValue;
  overridden: boolean;
  updated_at: string | null;
  updated_by: Person | null;
}

/** name -> new value; null puts a setting back to its default. */
export type SettingChanges = Record<string, SettingValue | null>;

/** What a form control holds: text, or a checkbox's state. */
export type Draft = string | boolean;

export const siteSettings = {
  list: () => get<SiteSetting[]>("/admin/settings"),
  update: (changes: SettingChanges) => patch<SiteSetting[]>("/admin/settings", changes),
  reset: (name: string) => patch<SiteSetting[]>("/admin/settings", { [name]: null }),
};

/** "FLAG_THRESHOLD" -> "Flag threshold". */
export function settingLabel(name: string): string {
  const words = name.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value as people read and type it: domains as "a.com, b.org", true as "on". */
export function showValue(value: SettingValue): string {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "any (no restriction)";
  if (typeof value === "boolean") return value ? "on" : "off";
  return String(value);
}

export function draftOf(setting: SiteSetting): Draft {
  if (setting.type === "boolean") return setting.value === true;
  if (Array.isArray(setting.value)) return setting.value.join(", ");
  return String(setting.value);
}

/** The value a draft stands for. Text that is not a whole number goes as typed: the server says what is wrong. */
export function valueOf(setting: SiteSetting, draft: Draft): SettingValue {
  if (setting.type === "boolean") return draft === true;
  const text = String(draft).trim();
  if (setting.type === "integer") return /^-?\d+$/.test(text) ? Number(text) : text;
  if (setting.type === "domains") return text.split(/[\s,;]+/).filter(Boolean);
  return text;
}

/** Only the settings whose draft differs from the value in force. */
export function changesFrom(settings: SiteSetting[], drafts: Record<string, Draft>): SettingChanges {
  const changes: SettingChanges = {};
  for (const setting of settings) {
    if (!(setting.name in drafts)) continue;
    const value = valueOf(setting, drafts[setting.name]);
    if (JSON.stringify(value) !== JSON.stringify(setting.value)) changes[setting.name] = value;
  }
  return changes;
}
