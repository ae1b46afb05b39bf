import { describe, expect, it } from "vitest";
import { weekLabel } from "./synthesis";

describe("weekLabel", () => {
  it("names an ISO week by its Monday", () => {
    expect(weekLabel("2026-W49")).toBe("the week of 30 November 2026");
    expect(weekLabel("2026-W01")).toBe("the week of 29 December 2025");
    expect(weekLabel("2020-W53")).toBe("the week of 28 December 2020");
  });
  it("leaves anything else as it is", () => {
    expect(weekLabel("soon")).toBe("soon");
  });
});
