import { describe, expect, it } from "vitest";
import { hiddenBadge, hiddenNotice } from "./postState";

describe("hidden posts", () => {
  it("says a held post waits for a moderator's approval", () => {
    expect(hiddenNotice({ hidden: true, held: true }, "answer")).toMatch(/^Waiting for a moderator's approval: .* this answer until then\.$/);
    expect(hiddenBadge({ hidden: true, held: true })).toBe("waiting for a moderator's approval");
  });

  it("says a held post a moderator rejected is not published, and that an edit sends it back", () => {
    const rejected = { hidden: true, held: true, rejected: true };
    expect(hiddenNotice(rejected, "question")).toMatch(/^A moderator did not publish this question: .* If you edit it, it goes back to them\.$/);
    expect(hiddenBadge(rejected)).toBe("not published by a moderator");
  });

  it("says a post hidden after flags is pending review", () => {
    expect(hiddenNotice({ hidden: true, held: false }, "question")).toMatch(/^This question is hidden pending review/);
    expect(hiddenBadge({ hidden: true })).toBe("hidden pending review");
  });

  it("says nothing about a post everyone sees", () => {
    expect(hiddenNotice({ hidden: false, held: false }, "answer")).toBeNull();
    expect(hiddenBadge({})).toBeNull();
  });
});
