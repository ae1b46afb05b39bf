import { useEffect } from "preact/hooks";

/** A link to one part of a page (#answer-12, #2026-W49) lands on it once `ready` says the page
 * has drawn it: the browser looked for it before the data came. `mark` also outlines it. */
export function useLanding(ready: boolean, page: unknown, mark = false): void {
  const hash = location.hash;
  useEffect(() => {
    const target = ready && hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (!target) return;
    if (mark) target.classList.add("linked");
    if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }, [ready, page, hash]);
}
