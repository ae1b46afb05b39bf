import { describe, expect, it } from "vitest";
import { match, safeNext } from "./router";
import { cycle } from "./cycle";

describe("match", () => {
  it.each([
    ["/", "home", {}],
    ["/questions/42", "question", { id: "42" }],
    ["/questions/42/some-slug", "question", { id: "42" }],
    ["/r/7", "reference", { id: "7" }],
    ["/tags/c%2B%2B", "tag", { name: "c++" }],
    ["/users/3/", "profile", { id: "3" }],
    ["/signin", "signin", {}],
    ["/admin/settings", "admin-settings", {}],
  ])("%s is the %s page", (path, name, params) => {
    expect(match(path)).toEqual({ name, params });
  });

  it.each(["/questions/abc", "/questions/0", "/r/", "/nope", "/questions/99999999999"])("%s is not found", (path) => {
    expect(match(path).name).toBe("notfound");
  });
});

describe("safeNext", () => {
  it("keeps local paths and refuses other sites", () => {
    expect(safeNext("/questions/3?x=1")).toBe("/questions/3?x=1");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});

describe("cycle", () => {
  it("moves through the options and back to the text field", () => {
    expect(cycle(-1, 1, 3)).toBe(0);
    expect(cycle(2, 1, 3)).toBe(-1);
    expect(cycle(-1, -1, 3)).toBe(2);
    expect(cycle(0, -1, 3)).toBe(-1);
  });
});
