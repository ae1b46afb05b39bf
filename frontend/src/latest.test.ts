import { describe, expect, it } from "vitest";
import { latest } from "./latest";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("latest", () => {
  it("waits for a pause: only the last of quick calls is asked", async () => {
    const asked: string[] = [];
    const runner = latest(async (q: string) => (asked.push(q), q), () => {}, () => {}, 5);
    runner.run("v");
    runner.run("vp");
    runner.run("vpn");
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual(["vpn"]);
  });

  it("waits as long as the question asks: a longer pause for a sentence", async () => {
    const asked: string[] = [];
    const runner = latest(async (q: string) => (asked.push(q), q), () => {}, () => {}, (q) => (q.includes(" ") ? 40 : 1));
    runner.run("vpn password expired");
    await new Promise((r) => setTimeout(r, 15));
    expect(asked).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(asked).toEqual(["vpn password expired"]);
    runner.run("vpn");
    await new Promise((r) => setTimeout(r, 15));
    expect(asked).toEqual(["vpn password expired", "vpn"]);
  });

  it("drops an answer that arrives after a newer question", async () => {
    const pending: Record<string, ReturnType<typeof deferred<string>>> = {};
    const shown: string[] = [];
    const aborted: string[] = [];
    const runner = latest(
      (q: string, signal) => {
        signal.addEventListener("abort", () => aborted.push(q));
        pending[q] = deferred<string>();
        return pending[q].promise;
      },
      (result) => shown.push(result),
      () => {},
      0,
    );
    runner.run("slow");
    await new Promise((r) => setTimeout(r, 5));
    runner.run("fast");
    await new Promise((r) => setTimeout(r, 5));
    pending.fast.resolve("fast results");
    await tick();
    pending.slow.resolve("slow results");
    await tick();
    expect(shown).toEqual(["fast results"]);
    expect(aborted).toEqual(["slow"]);
  });

  it("reports errors of the newest call only, and nothing after cancel", async () => {
    const errors: unknown[] = [];
    const runner = latest(async (q: string) => Promise.reject(new Error(q)), () => {}, (e) => errors.push(e), 0);
    runner.run("boom");
    await new Promise((r) => setTimeout(r, 5));
    runner.run("never");
    runner.cancel();
    await new Promise((r) => setTimeout(r, 5));
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
  });
});
