import { afterEach, describe, expect, it } from "vitest";
import { apiTokens, deleteAccount, expiryLabel, type SignInOptions, ssoLoginUrl } from "./accounts";
import { configureClient } from "./client";

const OPTIONS: SignInOptions = {
  passwords: true,
  sso: true,
  sso_label: "Sign in with Example Corp",
  sso_login_url: "/api/v1/auth/oidc/login",
  require_sign_in: false,
  allowed_email_domains: [],
  sso_error: null,
};

type Call = { url: string; method: string; body: unknown };

function recordCalls(answer: (call: Call) => unknown): Call[] {
  const calls: Call[] = [];
  configureClient({
    fetch: async (input, init) => {
      const url = String(input);
      if (url.endsWith("/auth/csrf")) return new Response(JSON.stringify({ csrf_token: "t" }), { status: 200 });
      const call = { url, method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(call);
      const body = answer(call);
      return body === undefined ? new Response(null, { status: 204 }) : new Response(JSON.stringify(body), { status: 200 });
    },
  });
  return calls;
}

afterEach(() => configureClient({ fetch: (...args) => fetch(...args) }));

describe("ssoLoginUrl", () => {
  it("sends the browser to the API's login with the page to come back to", () => {
    expect(ssoLoginUrl(OPTIONS, "/questions/7?tab=answers")).toBe("/api/v1/auth/oidc/login?next=%2Fquestions%2F7%3Ftab%3Danswers");
  });
  it("is null without a provider", () => {
    expect(ssoLoginUrl({ ...OPTIONS, sso: false, sso_login_url: null }, "/")).toBeNull();
  });
});

describe("account calls", () => {
  it("deletes with the password, or with none for provider-only accounts", async () => {
    const calls = recordCalls(() => undefined);
    await deleteAccount("secret words");
    await deleteAccount(null);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ["DELETE", "/api/v1/me", { password: "secret words" }],
      ["DELETE", "/api/v1/me", {}],
    ]);
  });
  it("makes a token with one scope and an expiry in days", async () => {
    const calls = recordCalls(() => ({ id: 1, token: "cpt_x" }));
    await apiTokens.create("bot", "write", 30);
    expect(calls[0].body).toEqual({ name: "bot", scopes: ["write"], expires_in_days: 30 });
  });
});

describe("expiryLabel", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("says never, a future day or a past one", () => {
    expect(expiryLabel({ expires_at: null }, now)).toBe("Never expires");
    expect(expiryLabel({ expires_at: "2027-01-03T12:00:00Z" }, now)).toBe("Expires 2027-01-03");
    expect(expiryLabel({ expires_at: "2026-12-01T12:00:00Z" }, now)).toBe("Expired 2026-12-01");
  });
});
