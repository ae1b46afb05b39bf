import { describe, expect, it } from "vitest";
import { configureClient } from "./client";
import { listQuestions, me } from "./community";

function recorder() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetch = async (url: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ method: String(init.method), url: String(url), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const body = String(url).endsWith("/auth/csrf") ? { csrf_token: "tok" } : { items: [], meta: { page: 1, per_page: 20, total: 0 }, followed: [], muted: [] };
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  };
  configureClient({ fetch: fetch as typeof globalThis.fetch });
  return calls;
}

describe("the community API module", () => {
  it("asks for the for-you feed and muted questions only when wanted", async () => {
    const calls = recorder();
    await listQuestions({ sort: "active", feed: "for-you", page: 2 });
    await listQuestions({ sort: "newest", show_muted: true });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/questions?sort=active&feed=for-you&page=2", "/api/v1/questions?sort=newest&show_muted=1"]);
  });

  it("escapes tag names and marks all notifications read without a body", async () => {
    const calls = recorder();
    await me.follow("c#");
    await me.markRead();
    await me.markRead([4, 5]);
    const writes = calls.filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.url, c.body])).toEqual([
      ["PUT", "/api/v1/me/tags/c%23/follow", undefined],
      ["POST", "/api/v1/me/notifications/read", undefined],
      ["POST", "/api/v1/me/notifications/read", { ids: [4, 5] }],
    ]);
  });
});
