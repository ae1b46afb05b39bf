import { describe, expect, it } from "vitest";
import { age, authorName, plural } from "./format";
import { normalizeTag } from "./components/TagInput";
import { hitHref, hitKey } from "./components/SearchBox";
import { ordered } from "./pages/Question";
import type { Answer, SearchHit } from "./api/types";

describe("format", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  it("says how long ago", () => {
    expect(age("2026-11-22T11:59:30Z", now)).toBe("just now");
    expect(age("2026-11-22T09:00:00Z", now)).toBe("3 hours ago");
    expect(age("2026-11-21T11:00:00Z", now)).toBe("yesterday");
  });
  it("counts in words", () => {
    expect(plural(1, "answer")).toBe("1 answer");
    expect(plural(0, "answer")).toBe("0 answers");
  });
  it("names anonymous authors", () => {
    expect(authorName(null)).toBe("Anonymous");
    expect(authorName({ display_name: "Ada" })).toBe("Ada");
  });
  it("normalizes typed tags as the server stores them", () => {
    expect(normalizeTag("  Build Tools ")).toBe("build-tools");
  });
});

describe("search hits", () => {
  const hit = { id: 5, status: "resolved", accepted_answer_snippet: "Clear the cache" } as SearchHit;
  it("lead resolved threads to their reference card", () => {
    expect(hitHref(hit)).toBe("/r/5");
    expect(hitHref({ ...hit, status: "open", accepted_answer_snippet: null })).toBe("/questions/5");
  });
  it("lead a synthesis to its week in the community's archive, keyed apart from threads", () => {
    const synthesis = { id: 5, kind: "synthesis", status: null, url: "/tags/payroll/syntheses#2026-W49" } as SearchHit;
    expect(hitHref(synthesis)).toBe("/tags/payroll/syntheses#2026-W49");
    expect(hitKey(synthesis)).not.toBe(hitKey({ ...hit, kind: "thread" }));
  });
});

describe("answers", () => {
  it("put the accepted one first, then by score", () => {
    const a = (id: number, score: number, is_accepted = false) => ({ id, score, is_accepted }) as Answer;
    expect(ordered([a(1, 5), a(2, 1, true), a(3, 9)]).map((x) => x.id)).toEqual([2, 3, 1]);
  });
});
