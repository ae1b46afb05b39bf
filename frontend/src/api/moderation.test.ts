import { describe, expect, it } from "vitest";
import { configureClient } from "./client";
import { kindPath, moderation } from "./moderation";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("moderation calls", () => {
  it("flags a post with its reason, leaving out an empty note", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    configureClient({
      fetch: (async (url: RequestInfo | URL, init: RequestInit = {}) => {
        calls.push({ url: String(url), init });
        if (String(url).endsWith("/auth/csrf")) return json(200, { csrf_token: "tok" });
        return json(201, { post_type: "answer", post_id: 7, reason: "outdated", flag_count: 1, hidden: false });
      }) as typeof fetch,
    });
    const result = await moderation.flag("answers", 7, "outdated");
    expect(result.hidden).toBe(false);
    const flag = calls.find((c) => c.init.method === "POST");
    expect(flag?.url).toBe("/api/v1/answers/7/flag");
    expect(JSON.parse(String(flag?.init.body))).toEqual({ reason: "outdated" });
  });

  it("reopens a question closed as a duplicate with DELETE on its duplicate link", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    configureClient({
      fetch: (async (url: RequestInfo | URL, init: RequestInit = {}) => {
        calls.push({ url: String(url), init });
        if (String(url).endsWith("/auth/csrf")) return json(200, { csrf_token: "tok" });
        return json(200, { question_id: 4, status: "resolved", locked: false, duplicate_of_id: null });
      }) as typeof fetch,
    });
    const state = await moderation.reopenDuplicate(4);
    expect(state).toEqual({ question_id: 4, status: "resolved", locked: false, duplicate_of_id: null });
    const reopen = calls.find((c) => c.init.method === "DELETE");
    expect(reopen?.url).toBe("/api/v1/questions/4/duplicate");
  });

  it("names API paths after post types", () => {
    expect(kindPath("question")).toBe("questions");
    expect(kindPath("comment")).toBe("comments");
  });
});
