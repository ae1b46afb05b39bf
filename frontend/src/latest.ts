// Search as you go: wait for a pause in typing, then ask; a newer question cancels the
// older one, and an answer that arrives after a newer question is dropped, never shown.

export interface Latest<A> {
  /** Ask for `arg` after the pause; resolves only for the newest call's answer. */
  run(arg: A): void;
  /** Forget pending work (e.g. the box was cleared). */
  cancel(): void;
}

export function latest<A, R>(
  work: (arg: A, signal: AbortSignal) => Promise<R>,
  onResult: (result: R, arg: A) => void,
  onError: (error: unknown, arg: A) => void,
  delayMs: number | ((arg: A) => number),
): Latest<A> {
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;

  const cancel = () => {
    generation += 1;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };

  return {
    cancel,
    run(arg: A) {
      cancel();
      const mine = generation;
      timer = setTimeout(() => {
        timer = undefined;
        const controller = new AbortController();
        inFlight = controller;
        work(arg, controller.signal).then(
          (result) => {
            if (mine === generation) onResult(result, arg);
          },
          (error: unknown) => {
            if (mine === generation && !controller.signal.aborted) onError(error, arg);
          },
        );
      }, typeof delayMs === "function" ? delayMs(arg) : delayMs);
    },
  };
}
