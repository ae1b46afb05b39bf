import { describe, expect, it } from "vitest";
import type { Comment } from "../api/types";
import { wasEdited } from "./Comments";

const comment = (created_at: string, updated_at?: string): Comment => ({
  id: 1,
  body: "Which version?",
  body_html: "<p>Which version?</p>",
  author: null,
  created_at,
  updated_at,
  can_delete: false,
});

describe("wasEdited", () => {
  it("is false for a comment never changed, or saved in the same second", () => {
    expect(wasEdited(comment("2026-12-04T10:00:00+00:00"))).toBe(false);
    expect(wasEdited(comment("2026-12-04T10:00:00+00:00", "2026-12-04T10:00:00.400000+00:00"))).toBe(false);
  });
  it("is true once its text changed later", () => {
    expect(wasEdited(comment("2026-12-04T10:00:00+00:00", "2026-12-04T10:02:10+00:00"))).toBe(true);
  });
});
