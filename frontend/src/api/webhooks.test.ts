import { describe, expect, it } from "vitest";
import { tagList } from "./webhooks";

describe("tagList", () => {
  it("splits on commas, trims, lowercases and drops repeats and blanks", () => {
    expect(tagList(" Shift-Handover, payroll ,, shift-handover ")).toEqual(["shift-handover", "payroll"]);
  });
  it("is empty for an empty field (every tag)", () => {
    expect(tagList("  ")).toEqual([]);
  });
});
