import { describe as suite, expect, it } from "vitest";
import type { Notification } from "./api/community";
import { describe, target } from "./notifications";

function note(changes: Partial<Notification>): Notification {
  return {
    id: 1,
    kind: "answered",
    is_read: false,
    count: 1,
    actor: { id: 2, display_name: "Hal Helper" },
    question: { id: 7, title: "How do I clear the cache?" },
    answer_id: 9,
    comment_id: null,
    tag: null,
    data: {},
    created_at: "2026-11-22T06:00:00Z",
    updated_at: "2026-11-22T06:00:00Z",
    ...changes,
  };
}

suite("notifications", () => {
  it("names the actor and the question", () => {
    expect(describe(note({}))).toBe("Hal Helper answered your question “How do I clear the cache?”");
    expect(target(note({}), 3)).toBe("/questions/7#answer-9");
    expect(target(note({ kind: "commented", comment_id: 12 }), 3)).toBe("/questions/7#comment-12");
    expect(target(note({ answer_id: null }), 3)).toBe("/questions/7");
  });

  it("never invents a name when the actor is hidden", () => {
    expect(describe(note({ kind: "mentioned", actor: null }))).toBe("Someone mentioned you in “How do I clear the cache?”");
  });

  it("tells watchers that an answer was accepted, without naming an anonymous asker", () => {
    const data = { event: "accepted" };
    expect(describe(note({ kind: "watched", data }))).toBe("Hal Helper accepted an answer to “How do I clear the cache?”, which you watch");
    expect(describe(note({ kind: "watched", actor: null, data }))).toBe("An answer to “How do I clear the cache?”, which you watch, was accepted");
    expect(describe(note({ kind: "watched" }))).toBe("New activity on “How do I clear the cache?”, which you watch");
  });

  it("counts batched questions in a followed tag", () => {
    expect(describe(note({ kind: "followed_tag", actor: null, tag: "python", count: 3 }))).toBe("3 new questions in python");
    expect(target(note({ kind: "followed_tag", tag: "python" }), 3)).toBe("/?tab=for-you");
  });

  it("says what the moderators did, and why", () => {
    const data = { action: "hidden", post_type: "answer", reason: "Please keep it on topic." };
    expect(describe(note({ kind: "moderation", actor: null, data }))).toBe(
      "Your answer in “How do I clear the cache?” was hidden by the moderators: Please keep it on topic.",
    );
  });

  it("says pre-moderation and duplicate outcomes in words", () => {
    const rejected = { action: "rejected", post_type: "answer", reason: "Thank you for posting." };
    expect(describe(note({ kind: "moderation", actor: null, data: rejected }))).toBe(
      "Your answer in “How do I clear the cache?” was not published by the moderators: Thank you for posting.",
    );
    const closed = { action: "closed-duplicate", post_type: "question" };
    expect(describe(note({ kind: "moderation", actor: null, data: closed }))).toContain("was closed as a duplicate by the moderators");
    const approved = { action: "approved", post_type: "question" };
    expect(describe(note({ kind: "moderation", actor: null, data: approved }))).toContain("was approved by the moderators");
  });

  it("celebrates badges by name", () => {
    expect(describe(note({ kind: "badge", actor: null, question: null, data: { badge: "helpful" } }))).toContain("“Helpful”");
    expect(target(note({ kind: "badge", question: null }), 3)).toBe("/users/3");
  });
});

suite("the notifications page", () => {
  it("has a route", async () => {
    const { match } = await import("./router");
    expect(match("/notifications").name).toBe("notifications");
  });

  it("leads a synthesis to its community's archive, at its week", () => {
    const published = note({ kind: "synthesis", actor: null, question: null, answer_id: null, data: { tag: "payroll", week: "2026-W49", synthesis_id: 4 } });
    expect(describe(published)).toBe("The weekly synthesis of payroll (2026-W49) is out: what was solved, who helped");
    expect(target(published, 3)).toBe("/tags/payroll/syntheses#2026-W49");
  });
});
