import { describe, expect, it } from "vitest";
import { newKey, SubmissionKey } from "./submission";

describe("submission keys", () => {
  it("are 32 hex characters, different each time", () => {
    const keys = new Set(Array.from({ length: 50 }, newKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it("stay the same while the same content is submitted again", () => {
    const submission = new SubmissionKey();
    const first = submission.for({ body: "Clear the cache." });
    expect(submission.for({ body: "Clear the cache." })).toBe(first);
  });

  it("change with the content, and after a submission went through", () => {
    const submission = new SubmissionKey();
    const first = submission.for({ body: "Clear the cache." });
    const edited = submission.for({ body: "Clear the cache, then rebuild." });
    expect(edited).not.toBe(first);
    submission.done();
    expect(submission.for({ body: "Clear the cache, then rebuild." })).not.toBe(edited);
  });
});
