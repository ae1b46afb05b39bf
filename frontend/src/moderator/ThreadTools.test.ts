import { describe, expect, it } from "vitest";
import { questionIdIn } from "./ThreadTools";

describe("questionIdIn", () => {
  it("reads a number, a #number or a thread's link", () => {
    expect(questionIdIn("42")).toBe(42);
    expect(questionIdIn(" #42 ")).toBe(42);
    expect(questionIdIn("https://forum.example.com/questions/42#answer-7")).toBe(42);
    expect(questionIdIn("/r/42")).toBe(42);
  });
  it("leaves words to the search", () => {
    expect(questionIdIn("vpn 42")).toBeNull();
    expect(questionIdIn("travel expenses")).toBeNull();
  });
});
