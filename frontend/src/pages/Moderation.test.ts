import { describe, expect, it } from "vitest";
import { logFilter } from "./Moderation";

describe("logFilter", () => {
  it("reads the filters from the address, ids as numbers", () => {
    const url = new URL("https://forum.example.com/moderation/log?actor_id=3&action=lock&since=2026-05-01&page=2&other=x");
    expect(logFilter(url)).toEqual({ actor_id: 3, action: "lock", since: "2026-05-01" });
  });
  it("drops empty values", () => {
    expect(logFilter(new URL("https://forum.example.com/moderation/log?action=&until=%20"))).toEqual({});
  });
});
