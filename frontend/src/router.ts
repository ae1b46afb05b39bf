// History-API routing: a path pattern per page, links handled without a reload.
import { useEffect, useState } from "preact/hooks";

export interface Match {
  name: string;
  params: Record<string, string>;
}

const ROUTES: [string, RegExp][] = [
  ["home", /^\/$/],
  ["search", /^\/search$/],
  ["ask", /^\/ask$/],
  ["question", /^\/questions\/(?<id>[1-9]\d{0,9})(?:\/[^/]*)?$/],
  ["reference", /^\/r\/(?<id>[1-9]\d{0,9})$/],
  ["tags", /^\/tags$/],
  ["tag", /^\/tags\/(?<name>[^/]+)$/],
  ["tag-syntheses", /^\/tags\/(?<name>[^/]+)\/syntheses$/],
  ["profile", /^\/users\/(?<id>[1-9]\d{0,9})$/],
  ["signin", /^\/signin$/],
  ["signup", /^\/signup$/],
  ["notifications", /^\/notifications$/],
  ["moderation", /^\/moderation$/],
  ["moderation-log", /^\/moderation\/log$/],
  ["community-health", /^\/community-health$/],
  ["admin-settings", /^\/admin\/settings$/],
  ["admin-webhooks", /^\/admin\/webhooks$/],
  ["settings", /^\/settings$/],
  ["tokens", /^\/settings\/tokens$/],
  ["admin-people", /^\/admin\/people$/],
  ["forgot-password", /^\/forgot-password$/],
  ["reset-password", /^\/reset-password$/],
  ["verify-email", /^\/verify-email$/],
  ["unsubscribe", /^\/unsubscribe$/],
];

export function match(pathname: string): Match {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const [name, pattern] of ROUTES) {
    const found = pattern.exec(path);
    if (found) {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(found.groups ?? {})) params[key] = decodeURIComponent(value);
      return { name, params };
    }
  }
  return { name: "notfound", params: {} };
}

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

/** The current location; re-renders on navigation and on back/forward. */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return url;
}

/** Same-origin link clicks become navigations (modified clicks still open tabs). */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest("a");
    if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
    if (link.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  });
}

export function signInPath(next = location.pathname + location.search): string {
  return `/signin?next=${encodeURIComponent(next)}`;
}

/** Only a local path may be a `next` target (an absolute URL there would be an open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
