// The search box in the header of every page: results on every keystroke (after a short
// pause), highlighted by the server, resolved threads shown as reference cards, arrow keys
// and Enter to pick one. On the /search page it drives that page instead of a dropdown.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { search } from "../api/resources";
import type { SearchHit } from "../api/types";
import { cycle } from "../cycle";
import { latest } from "../latest";
import { navigate } from "../router";
import { ServerHtml } from "./ServerHtml";
import { plural } from "../format";
import { askHref } from "../searchWords";

/** The longest search the API takes (its q parameter). */
export const MAX_QUERY_LENGTH = 200;


export const SEARCH_DELAY_MS = 40;
// A query of three words or more is matched by meaning on the server (the model encodes it,
// then a vector search): asked once the typist pauses, not on every keystroke.
export const SENTENCE_DELAY_MS = 250;

export function searchDelay(q: string): number {
  return q.trim().split(/\s+/).length >= 3 ? SENTENCE_DELAY_MS : SEARCH_DELAY_MS;
}
const DROPDOWN_SIZE = 6;

interface Shown {
  q: string;
  hits: SearchHit[];
  total: number;
}

/** Where a hit leads: a resolved thread's reference card, else the thread. */
export function hitHref(hit: SearchHit): string {
  if (hit.kind === "synthesis") return hit.url;
  return hit.status === "resolved" && hit.accepted_answer_snippet ? `/r/${hit.id}` : `/questions/${hit.id}`;
}

/** One key per hit: a thread and a synthesis may share an id. */
export function hitKey(hit: SearchHit): string {
  return `${hit.kind}-${hit.id}`;
}

export function searchHref(q: string): string {
  return `/search?q=${encodeURIComponent(q)}`;
}

/** After the browser has painted the results: what the keystroke -> paint benchmark waits for. */
function markPainted(q: string): void {
  requestAnimationFrame(() =>
    setTimeout(() => performance.mark("search-results-painted", { detail: { q } }), 0),
  );
}

export function SearchBox({ onSearchPage, initial }: { onSearchPage: boolean; initial: string }) {
  const [q, setQ] = useState(initial);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setQ(initial), [initial]);

  const runner = useMemo(
    () =>
      latest(
        (query: string, signal) => search.threads({ q: query, per_page: DROPDOWN_SIZE }, signal),
        (page, query) => {
          setShown({ q: query, hits: page.items, total: page.meta.total });
          setFailed(false);
          setActive(-1);
          markPainted(query);
        },
        () => setFailed(true),
        searchDelay,
      ),
    [],
  );
  useEffect(() => () => runner.cancel(), [runner]);

  // "/" anywhere (outside a text field) jumps to the search box. A layout effect, so the
  // shortcut works as soon as the page shows: a plain effect waits for the next frame,
  // and a "/" typed before it was lost.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  const onInput = (value: string) => {
    setQ(value);
    if (onSearchPage) {
      // The search page reads its query from the address and searches as you go itself.
      const url = new URL(location.href);
      url.searchParams.set("q", value);
      url.searchParams.delete("page");
      navigate(url.pathname + url.search, { replace: true });
      return;
    }
    setOpen(true);
    if (value.trim()) runner.run(value.trim());
    else {
      runner.cancel();
      setShown(null);
    }
  };

  const hits = shown?.hits ?? [];
  const options = shown ? [...hits.map(hitHref), searchHref(shown.q)] : [];
  const expanded = open && !onSearchPage && q.trim() !== "" && (shown !== null || failed);

  const go = (href: string) => {
    setOpen(false);
    runner.cancel();
    navigate(href);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!expanded) {
        setOpen(true);
        return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => cycle(index, step, options.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (expanded && active >= 0 && active < options.length) go(options[active]);
      else if (q.trim()) go(searchHref(q.trim()));
    } else if (event.key === "Escape") {
      if (expanded) setOpen(false);
      else setQ("");
    }
  };

  const activeIndex = active >= options.length ? -1 : active;
  const optionId = (index: number) => `search-option-${index}`;

  return (
    <div class="searchbox" role="search">
      <label for="search-input" class="visually-hidden">
        Search questions and answers
      </label>
      <input
        id="search-input"
        ref={input}
        type="search"
        role="combobox"
        list={undefined}
        autocomplete="off"
        spellcheck={false}
        placeholder="Search (press /)"
        aria-autocomplete="list"
        aria-controls="search-results"
        aria-expanded={expanded}
        aria-activedescendant={expanded && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        value={q}
        maxLength={MAX_QUERY_LENGTH}
        onInput={(event) => onInput((event.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <div id="search-results" class="search-dropdown" hidden={!expanded} data-query={shown?.q ?? ""}>
        {failed && (
          <p class="search-note" role="alert">
            Search is not answering right now. Try again in a moment.
          </p>
        )}
        {shown && !failed && (
          <>
            <p class="visually-hidden" role="status" aria-live="polite">
              {shown.total === 0 ? "No matches" : plural(shown.total, "result")}
            </p>
            {hits.length === 0 && (
              <div class="search-note">
                <p>No questions match “{shown.q}” yet.</p>
                <a href={askHref(shown.q)} onMouseDown={(e) => e.preventDefault()} onClick={() => setOpen(false)}>
                  Ask it: a colleague may know →
                </a>
              </div>
            )}
            <ul role="listbox" aria-label="Search results">
              {hits.map((hit, index) => (
                <li
                  key={hitKey(hit)}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === activeIndex}
                  class={hitHref(hit).startsWith("/r/") ? "search-hit reference" : "search-hit"}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => go(hitHref(hit))}
                >
                  <HitSummary hit={hit} />
                </li>
              ))}
              <li
                id={optionId(hits.length)}
                role="option"
                aria-selected={activeIndex === hits.length}
                class="search-all"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => go(searchHref(shown.q))}
              >
                {shown.total === 1 ? "See it with filters" : `See all ${shown.total} results, with filters`}
              </li>
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

export function HitSummary({ hit }: { hit: SearchHit }) {
  const reference = hitHref(hit).startsWith("/r/");
  return (
    <>
      <span class="hit-title">
        {reference && <span class="badge resolved">Resolved</span>}
        {hit.kind === "synthesis" && <span class="badge synthesis">Weekly synthesis</span>}
        <ServerHtml as="span" html={hit.title_highlighted} />
      </span>
      {reference ? (
        <span class="hit-answer">
          <strong>Answer: </strong>
          <ServerHtml as="span" html={hit.accepted_answer_snippet ?? ""} />
        </span>
      ) : (
        <ServerHtml as="span" class="hit-snippet" html={hit.snippet_highlighted} />
      )}
    </>
  );
}
