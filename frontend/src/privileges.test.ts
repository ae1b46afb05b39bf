import { describe, expect, it } from "vitest";
import type { CurrentUser, Privilege } from "./api/types";
import { may, mayChange, mayOnOthers, whyNoDownvote } from "./privileges";

const NONE: Record<Privilege, boolean> = { downvote: false, flag: false, label: false, edit_others: false };

function person(privileges: Partial<Record<Privilege, boolean>> | undefined, reputation = 0): CurrentUser {
  return { id: 7, display_name: "Ada", email: "ada@example.com", role: "member", reputation, created_at: "2024-01-01T00:00:00Z", privileges: privileges && { ...NONE, ...privileges } };
}

describe("privileges", () => {
  it("follows what the API says, never the reputation", () => {
    expect(may(person({ label: true }, 1), "label")).toBe(true);
    expect(may(person({}, 100_000), "label")).toBe(false);
    expect(may(person(undefined, 100_000), "flag")).toBe(false);
    expect(may(null, "flag")).toBe(false);
    expect(may(undefined, "flag")).toBe(false);
  });

  it("flags and labels only other people's posts", () => {
    const labeller = person({ label: true, flag: true });
    expect(mayOnOthers(labeller, 8, "label")).toBe(true);
    expect(mayOnOthers(labeller, undefined, "flag")).toBe(true); // an anonymous asker is someone else
    expect(mayOnOthers(labeller, 7, "label")).toBe(false);
    expect(mayOnOthers(labeller, 7, "flag")).toBe(false);
    expect(mayOnOthers(person({ flag: true }), 8, "label")).toBe(false);
    expect(mayOnOthers(null, 8, "flag")).toBe(false);
  });

  it("leaves a post's own changes to its author and moderators", () => {
    expect(mayChange(person({ edit_others: true }), 7)).toBe(true);
    expect(mayChange(person({ edit_others: true }), 8)).toBe(false);
    expect(mayChange(person({}), undefined)).toBe(false); // an anonymous asker is someone else
    expect(mayChange({ ...person({}), role: "moderator" }, 8)).toBe(true);
    expect(mayChange(null, 7)).toBe(false);
  });

  it("keeps the down button off without the privilege, but lets a down vote be taken back", () => {
    expect(whyNoDownvote(person({}), 0)).toBe("Voting down needs more reputation");
    expect(whyNoDownvote(person({}), 1)).toBe("Voting down needs more reputation");
    expect(whyNoDownvote(person({}), -1)).toBeUndefined();
    expect(whyNoDownvote(person({ downvote: true }), 0)).toBeUndefined();
    expect(whyNoDownvote(null, 0)).toBeUndefined(); // signed out: "Sign in to vote" says why
  });
});
