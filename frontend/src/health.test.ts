import { describe, expect, it } from "vitest";
import { charts, type CommunityHealth, shown, toCsv } from "./api/health";

const point = (week: string, asked: number, share: number | null) => ({
  week,
  starts_at: "2026-11-30T00:00:00+00:00",
  asked,
  answered: 0,
  resolved: 0,
  answered_share: share,
  resolved_share: null,
  first_answer_hours: { median: 2, p90: 10.5 },
  accepted_answer_hours: { median: null, p90: null },
  members_seen: 5,
  active_members: 3,
  active_share: 0.6,
  new_contributors: 2,
});

const health: CommunityHealth = {
  tag: "payroll",
  weeks: 4,
  first_week: "2026-W48",
  last_week: "2026-W49",
  reference_active_share: 0.1,
  points: [point("2026-W48", 0, null), point("2026-W49", 3, 0.667)],
  help_needed: [],
  top_helpers: [],
};

describe("community health charts", () => {
  it("makes a column per figure, a value per week", () => {
    const all = charts(health);
    expect(all.map((c) => c.id)).toEqual(["asked", "answered", "waits", "active", "members"]);
    expect(all[0].columns[0].values).toEqual([0, 3]);
    expect(all[1].columns[0].values).toEqual([null, 0.667]);
    const reference = all[3].columns.find((c) => c.reference);
    expect(reference?.values).toEqual([0.1, 0.1]);
  });

  it("writes CSV with a header, raw values and empty cells for no value", () => {
    const [, answered, waits] = charts(health);
    expect(toCsv(answered, ["2026-W48", "2026-W49"])).toBe(
      "Week,Answered (share),Resolved (share)\r\n2026-W48,,\r\n2026-W49,0.667,\r\n",
    );
    expect(toCsv(waits, ["2026-W48", "2026-W49"]).split("\r\n")[0]).toBe(
      "Week,\"First answer, median (hours)\",\"First answer, 90th percentile (hours)\",\"Accepted, median (hours)\",\"Accepted, 90th percentile (hours)\"",
    );
  });

  it("shows shares as percentages, waits in minutes, hours or days, and a dash for none", () => {
    expect(shown(0.667, "share")).toBe("66.7%");
    expect(shown(0.004, "hours")).toBe("under a minute");
    expect(shown(0.42, "hours")).toBe("25 min");
    expect(shown(0.999, "hours")).toBe("1 h");
    expect(shown(1, "hours")).toBe("1 h");
    expect(shown(10.5, "hours")).toBe("10.5 h");
    expect(shown(47.9, "hours")).toBe("47.9 h");
    expect(shown(72, "hours")).toBe("3 days");
    expect(shown(0, "hours")).toBe("under a minute");
    expect(shown(null, "count")).toBe("–");
    expect(shown(3, "count")).toBe("3");
  });
});
