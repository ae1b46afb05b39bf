import { describe, expect, it } from "vitest";
import { askHref, tagsNamed } from "./searchWords";

describe("a search's words", () => {
  it("name tags in square brackets, each a word of its own", () => {
    expect(tagsNamed("[VPN] password [network]")).toEqual(["vpn", "network"]);
    expect(tagsNamed("list[0] and [a b] and x[y]")).toEqual([]);
  });

  it("become the ask form's title and tags", () => {
    expect(askHref("[vpn] password  expired")).toBe("/ask?title=password+expired&tag=vpn");
    expect(askHref("badge", ["travel"])).toBe("/ask?title=badge&tag=travel");
    expect(askHref("[travel] badge", ["travel", "security"])).toBe("/ask?title=badge&tag=travel&tag=security");
    expect(askHref("list[0] empty")).toBe("/ask?title=list%5B0%5D+empty");
  });
});
