import { describe, expect, it } from "vitest";
import { configureClient } from "./client";
import { changesFrom, draftOf, settingLabel, showValue, type SiteSetting, siteSettings, valueOf } from "./settings";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setting(name: string, type: SiteSetting["type"], value: SiteSetting["value"]): SiteSetting {
  return { name, type, description: "", minimum: null, maximum: null, value, default: value, overridden: false, updated_at: null, updated_by: null };
}

const THRESHOLD = setting("FLAG_THRESHOLD", "integer", 3);
const PREMODERATION = setting("PREMODERATION", "boolean", false);
const POST_LIMIT = setting("POST_LIMIT", "rate_limit", "20 per minute; 200 per day");
const DOMAINS = setting("ALLOWED_EMAIL_DOMAINS", "domains", ["example.com"]);

function recording(answer: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  configureClient({
    fetch: (async (url: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push({ url: String(url), init });
      if (String(url).endsWith("/auth/csrf")) return json(200, { csrf_token: "tok" });
      return json(200, answer);
    }) as typeof fetch,
  });
  return calls;
}

describe("site settings calls", () => {
  it("lists the settings", async () => {
    const calls = recording([THRESHOLD]);
    expect(await siteSettings.list()).toEqual([THRESHOLD]);
    expect(calls[0].url).toBe("/api/v1/admin/settings");
    expect(calls[0].init.method).toBe("GET");
  });

  it("sends only the changes, with the CSRF token", async () => {
    const calls = recording([{ ...THRESHOLD, value: 1, overridden: true }]);
    const result = await siteSettings.update({ FLAG_THRESHOLD: 1 });
    expect(result[0].value).toBe(1);
    const sent = calls.find((c) => c.init.method === "PATCH");
    expect(sent?.url).toBe("/api/v1/admin/settings");
    expect((sent?.init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("tok");
    expect(JSON.parse(String(sent?.init.body))).toEqual({ FLAG_THRESHOLD: 1 });
  });

  it("resets a setting to its default with null", async () => {
    const calls = recording([THRESHOLD]);
    await siteSettings.reset("FLAG_THRESHOLD");
    const sent = calls.find((c) => c.init.method === "PATCH");
    expect(JSON.parse(String(sent?.init.body))).toEqual({ FLAG_THRESHOLD: null });
  });
});

describe("the settings form's values", () => {
  it("labels settings in words", () => {
    expect(settingLabel("FLAG_THRESHOLD")).toBe("Flag threshold");
    expect(settingLabel("NEW_MEMBER_ANSWERS_PER_DAY")).toBe("New member answers per day");
  });

  it("shows values as people read them", () => {
    expect(showValue(["a.com", "b.org"])).toBe("a.com, b.org");
    expect(showValue([])).toBe("any (no restriction)");
    expect(showValue(true)).toBe("on");
    expect(showValue(15)).toBe("15");
  });

  it("turns drafts into values of the setting's type", () => {
    expect(valueOf(THRESHOLD, " 2 ")).toBe(2);
    expect(valueOf(THRESHOLD, "two")).toBe("two"); // the server explains what is wrong
    expect(valueOf(PREMODERATION, true)).toBe(true);
    expect(valueOf(POST_LIMIT, " 5 per minute ")).toBe("5 per minute");
    expect(valueOf(DOMAINS, "Example.com, corp.example.org\nother.net")).toEqual(["Example.com", "corp.example.org", "other.net"]);
    expect(valueOf(DOMAINS, "  ")).toEqual([]);
  });

  it("finds only the settings that changed", () => {
    const all = [THRESHOLD, PREMODERATION, POST_LIMIT, DOMAINS];
    const drafts = Object.fromEntries(all.map((s) => [s.name, draftOf(s)]));
    expect(changesFrom(all, drafts)).toEqual({});
    drafts.FLAG_THRESHOLD = "1";
    drafts.PREMODERATION = true;
    drafts.ALLOWED_EMAIL_DOMAINS = "example.com";
    expect(changesFrom(all, drafts)).toEqual({ FLAG_THRESHOLD: 1, PREMODERATION: true });
  });
});
