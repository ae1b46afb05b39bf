import { beforeEach, describe, expect, it } from "vitest";
import { ApiError, configureClient, request, toApiError, withQuery } from "./client";

type Call = { url: string; init: RequestInit };

function server(responses: Record<string, () => Response>) {
  const calls: Call[] = [];
  const fetch = async (url: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const key = `${init.method} ${String(url)}`;
    const answer = responses[key];
    if (!answer) return new Response(JSON.stringify({ code: 404, status: "Not Found", message: "no " + key, errors: {} }), { status: 404 });
    return answer();
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("the API client", () => {
  let unauthorized = 0;
  beforeEach(() => {
    unauthorized = 0;
  });

  it("sends the session's CSRF token on unsafe methods, fetching it once", async () => {
    const api = server({
      "GET /api/v1/auth/csrf": json(200, { csrf_token: "tok-1" }),
      "POST /api/v1/questions/3/vote": json(200, { score: 1, my_vote: 1 }),
    });
    configureClient({ fetch: api.fetch, onUnauthorized: () => unauthorized++ });
    await request("POST", "/questions/3/vote", { body: { value: 1 } });
    await request("POST", "/questions/3/vote", { body: { value: 1 } });
    const posts = api.calls.filter((c) => c.init.method === "POST");
    expect(posts).toHaveLength(2);
    for (const call of posts) expect((call.init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("tok-1");
    expect(api.calls.filter((c) => c.url.endsWith("/auth/csrf"))).toHaveLength(1);
    expect(JSON.parse(String(posts[0].init.body))).toEqual({ value: 1 });
  });

  it("does not send a token on reads", async () => {
    const api = server({ "GET /api/v1/tags": json(200, { items: [], meta: {} }) });
    configureClient({ fetch: api.fetch });
    await request("GET", "/tags");
    expect(api.calls).toHaveLength(1);
    expect((api.calls[0].init.headers as Record<string, string>)["X-CSRF-Token"]).toBeUndefined();
  });

  it("turns the error body into field messages", async () => {
    const api = server({
      "GET /api/v1/auth/csrf": json(200, { csrf_token: "t" }),
      "POST /api/v1/questions": json(422, {
        code: 422,
        status: "Unprocessable Entity",
        message: "The request was invalid.",
        errors: { title: ["Shorter than minimum length 10."], tags: ["Item 1: bad"] },
      }),
    });
    configureClient({ fetch: api.fetch, onUnauthorized: () => unauthorized++ });
    const error = await request("POST", "/questions", { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).forField("title")).toEqual(["Shorter than minimum length 10."]);
    expect((error as ApiError).forField("body")).toEqual([]);
    expect(unauthorized).toBe(0);
  });

  it("sends people to sign in on a 401, unless the caller expects one", async () => {
    const body = { code: 401, status: "Unauthorized", message: "Sign in to do this.", errors: {} };
    const api = server({ "GET /api/v1/auth/csrf": json(200, { csrf_token: "t" }), "POST /api/v1/questions": json(401, body), "GET /api/v1/auth/me": json(401, body) });
    configureClient({ fetch: api.fetch, onUnauthorized: () => unauthorized++ });
    await expect(request("POST", "/questions", { body: {} })).rejects.toThrow("Sign in to do this.");
    expect(unauthorized).toBe(1);
    await expect(request("GET", "/auth/me", { quietUnauthorized: true })).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toBe(1);
  });

  it("retries once with a new token after a CSRF refusal", async () => {
    let token = 0;
    const api = server({
      "GET /api/v1/auth/csrf": () => new Response(JSON.stringify({ csrf_token: `t${++token}` })),
      "POST /api/v1/auth/logout": json(403, { code: 403, status: "Forbidden", message: "Missing or invalid CSRF token", errors: {} }),
    });
    configureClient({ fetch: api.fetch });
    await expect(request("POST", "/auth/logout")).rejects.toBeInstanceOf(ApiError);
    expect(token).toBe(2);
    expect(api.calls.filter((c) => c.init.method === "POST")).toHaveLength(2);
  });

  it("says the server could not be reached when fetch itself fails", async () => {
    configureClient({ fetch: (async () => { throw new TypeError("network down"); }) as typeof fetch });
    const error = (await request("GET", "/tags").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Could not reach/);
  });
});

describe("toApiError", () => {
  it("copes with bodies that are not the API's", () => {
    expect(toApiError(502, null).message).toMatch(/server had a problem/);
    expect(toApiError(418, "teapot").message).toBe("Request failed (418).");
    expect(toApiError(422, { message: "Bad", errors: { a: { b: ["x"] } } }).forField("a")).toEqual(["b: x"]);
  });
});

describe("withQuery", () => {
  it("repeats list parameters and leaves out empty ones", () => {
    expect(withQuery("/search", { q: "vpn & wifi", tag: ["a", "b"], status: undefined, page: 2, empty: "" })).toBe(
      "/search?q=vpn+%26+wifi&tag=a&tag=b&page=2",
    );
    expect(withQuery("/tags", {})).toBe("/tags");
  });
  it("sends an Idempotency-Key when the caller gives one", async () => {
    const api = server({
      "GET /api/v1/auth/csrf": json(200, { csrf_token: "tok-1" }),
      "POST /api/v1/questions": json(201, { id: 7 }),
    });
    configureClient({ fetch: api.fetch });
    await request("POST", "/questions", { body: { title: "t" }, idempotencyKey: "k-1" });
    await request("POST", "/questions", { body: { title: "t" } });
    const posts = api.calls.filter((c) => c.init.method === "POST");
    expect((posts[0].init.headers as Record<string, string>)["Idempotency-Key"]).toBe("k-1");
    expect((posts[1].init.headers as Record<string, string>)["Idempotency-Key"]).toBeUndefined();
  });
});
