// Community health: a point per week for facilitators, and each chart's data as a table and CSV.
import { get } from "./client";

export interface Wait {
  median: number | null;
  p90: number | null;
}

export interface HealthPoint {
  week: string;
  starts_at: string;
  asked: number;
  answered: number;
  resolved: number;
  answered_share: number | null;
  resolved_share: number | null;
  first_answer_hours: Wait;
  accepted_answer_hours: Wait;
  members_seen: number;
  active_members: number;
  active_share: number | null;
  new_contributors: number;
}

export interface CommunityHealth {
  tag: string | null;
  weeks: number;
  first_week: string;
  last_week: string;
  reference_active_share: number;
  points: HealthPoint[];
  help_needed: { tag: string; unanswered: number }[];
  top_helpers: { id: number; display_name: string; accepted: number; helped: number }[];
}

export const SPANS = [4, 12, 52] as const;

export function loadHealth(weeks: number, tag: string | null): Promise<CommunityHealth> {
  const query = new URLSearchParams({ weeks: String(weeks) });
  if (tag) query.set("tag", tag);
  return get<CommunityHealth>(`/community-health?${query}`);
}

/** One chart: its columns, each a label and a value per week (null where there is none). */
export interface Chart {
  id: string;
  title: string;
  unit: "count" | "share" | "hours";
  columns: { label: string; values: (number | null)[]; reference?: boolean }[];
}

export function charts(health: CommunityHealth): Chart[] {
  const points = health.points;
  const column = (label: string, pick: (p: HealthPoint) => number | null, reference = false) => ({
    label,
    values: points.map(pick),
    reference,
  });
  return [
    { id: "asked", title: "Questions asked", unit: "count", columns: [column("Asked", (p) => p.asked)] },
    {
      id: "answered",
      title: "Share answered and resolved",
      unit: "share",
      columns: [column("Answered", (p) => p.answered_share), column("Resolved", (p) => p.resolved_share)],
    },
    {
      id: "waits",
      title: "Time to a first answer and to an accepted answer",
      unit: "hours",
      columns: [
        column("First answer, median", (p) => p.first_answer_hours.median),
        column("First answer, 90th percentile", (p) => p.first_answer_hours.p90),
        column("Accepted, median", (p) => p.accepted_answer_hours.median),
        column("Accepted, 90th percentile", (p) => p.accepted_answer_hours.p90),
      ],
    },
    {
      id: "active",
      title: "Active members, as a share of members seen",
      unit: "share",
      columns: [
        column("Active share", (p) => p.active_share),
        column("Reference (1 in 10)", () => health.reference_active_share, true),
      ],
    },
    {
      id: "members",
      title: "Members seen, active, and new contributors",
      unit: "count",
      columns: [
        column("Seen", (p) => p.members_seen),
        column("Active", (p) => p.active_members),
        column("New contributors", (p) => p.new_contributors),
      ],
    },
  ];
}

/** How a value reads in a table cell. */
export function shown(value: number | null, unit: Chart["unit"]): string {
  if (value === null) return "–";
  if (unit === "share") return `${Math.round(value * 1000) / 10}%`;
  if (unit === "hours") return wait(value);
  return String(value);
}

/** A wait given in hours, as a reader says it: minutes within the hour, hours within two
 * days, then days (the synthesis's figures read the same). */
export function wait(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** The chart's data as CSV (RFC 4180): a week per row, raw values (shares as fractions). */
export function toCsv(chart: Chart, weeks: string[]): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const unit = chart.unit === "hours" ? " (hours)" : chart.unit === "share" ? " (share)" : "";
  const header = ["Week", ...chart.columns.map((c) => `${c.label}${unit}`)].map(quote).join(",");
  const rows = weeks.map((week, i) => [week, ...chart.columns.map((c) => (c.values[i] === null ? "" : String(c.values[i])))].map(quote).join(","));
  return [header, ...rows].join("\r\n") + "\r\n";
}
