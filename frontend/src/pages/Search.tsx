// /search?q=&kind=&status=&tag=: every result with filters; the header box types into the address.
import { useEffect, useMemo, useState } from "preact/hooks";
import { search, type SearchQuery } from "../api/resources";
import type { SearchHit } from "../api/types";
import { HitSummary, hitHref, hitKey, MAX_QUERY_LENGTH, searchDelay } from "../components/SearchBox";
import { askHref, tagsNamed } from "../searchWords";
import { Pager } from "../components/Pager";
import { TagList } from "../components/TagList";
import { Empty, ErrorState, Loading } from "../components/States";
import { latest } from "../latest";
import { navigate } from "../router";
import { useTitle } from "../useLoad";
import { plural } from "../format";

const PER_PAGE = 20;
const KINDS = [
  ["all", "Everything"],
  ["thread", "Questions"],
  ["synthesis", "Weekly syntheses"],
] as const;
type Kind = (typeof KINDS)[number][0];
type Result = {
  key: string;
  hits: SearchHit[];
  total: number;
  byMeaning: boolean;
  facets: Record<string, Record<string, number>>;
};

export function Search({ url }: { url: URL }) {
  // A longer one pasted into the address is searched as the box would have taken it.
  const q = Array.from(url.searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH).join("");
  const kind: Kind = KINDS.find(([value]) => value === url.searchParams.get("kind"))?.[0] ?? "all";
  // A status is a thread's: with syntheses only, it does not apply.
  const status = kind === "synthesis" ? "all" : ((url.searchParams.get("status") ?? "all") as SearchQuery["status"]);
  const chosen = url.searchParams.getAll("tag").slice(0, 5);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const key = JSON.stringify([q, kind, status, chosen, page]);
  const query = { q: q.trim(), kind, status, tag: chosen, page, per_page: PER_PAGE, key };
  useTitle(q ? `Search: ${q}` : "Search");

  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runner = useMemo(
    () =>
      latest(
        ({ key, ...query }: SearchQuery & { key: string }, signal) => search.threads(query, signal).then((data) => ({ data, key })),
        ({ data, key }) => {
          setResult({ key, hits: data.items, total: data.meta.total, byMeaning: data.meta.matched_by === "meaning", facets: data.facets ?? {} });
          setError(null);
        },
        (failure) => setError(failure),
        (query) => searchDelay(query.q ?? ""),
      ),
    [],
  );
  useEffect(() => {
    runner.run(query);
  }, [key]);
  useEffect(() => () => runner.cancel(), [runner]);

  const set = (changes: Record<string, string | string[] | null>) => {
    const next = new URL(url);
    next.searchParams.delete("page");
    for (const [name, value] of Object.entries(changes)) {
      next.searchParams.delete(name);
      for (const item of value === null ? [] : Array.isArray(value) ? value : [value]) next.searchParams.append(name, item);
    }
    navigate(next.pathname + next.search, { replace: true });
  };
  const tagFacets = Object.entries(result?.facets.tags ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);

  return (
    <>
      <h1>{q ? <>Results for “{q}”</> : "Search"}</h1>
      <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>Show</legend>
          {KINDS.map(([value, label]) => (
            <label key={value} class="radio">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => set({ kind: value === "all" ? null : value })} />
              {label}{" "}
              {value !== "all" && <span class="muted">{result?.key === key ? (result.facets.kind?.[value] ?? 0) : ""}</span>}
            </label>
          ))}
        </fieldset>
        <fieldset disabled={kind === "synthesis"}>
          <legend>Status</legend>
          {(["all", "resolved", "open"] as const).map((value) => (
            <label key={value} class="radio">
              <input type="radio" name="status" value={value} checked={status === value} onChange={() => set({ status: value === "all" ? null : value })} />
              {value === "all" ? "Any" : value === "resolved" ? "Resolved" : "Open"}
            </label>
          ))}
        </fieldset>
        {(tagFacets.length > 0 || chosen.length > 0) && (
          <fieldset>
            <legend>Tags</legend>
            {[...new Set([...chosen, ...tagFacets.map(([name]) => name)])].map((name) => (
              <label key={name} class="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(name)}
                  onChange={(event) =>
                    set({ tag: (event.target as HTMLInputElement).checked ? [...chosen, name] : chosen.filter((t) => t !== name) })
                  }
                />
                {name} <span class="muted">{result?.facets.tags?.[name] ?? ""}</span>
              </label>
            ))}
          </fieldset>
        )}
        {q && tagsNamed(q).length === 0 && (
          <p class="hint">
            A tag in square brackets keeps to it: <kbd>[{tagFacets[0]?.[0] ?? "onboarding"}] {q}</kbd>.
          </p>
        )}
      </form>
      <section aria-label="Results" aria-busy={result?.key !== key} class="list-area">
        {error ? (
          <ErrorState error={error} retry={() => runner.run(query)} />
        ) : !result ? (
          <Loading label="Searching" />
        ) : result.hits.length === 0 ? (
          <Empty>
            <p>
              No {kind === "synthesis" ? "weekly syntheses" : "questions"} match{q ? ` “${q}”` : ""} with these filters.
            </p>
            <a href={askHref(q, chosen)}>Ask it: a colleague may know →</a>
          </Empty>
        ) : (
          <>
            <p class="muted count-line" role="status">
              {result.byMeaning ? `${plural(result.total, "thread")} close to what you describe` : plural(result.total, "result")}
            </p>
            <ol class="results">
              {result.hits.map((hit) => (
                <li key={hitKey(hit)} class={hitHref(hit).startsWith("/r/") ? "result reference-result" : "result"}>
                  <a href={hitHref(hit)} class="result-link">
                    <HitSummary hit={hit} />
                  </a>
                  <div class="meta-line">
                    <TagList tags={hit.tags} />
                    <span class="muted">
                      {hit.kind === "synthesis" ? <>The community's week, {hit.week}</> : <>{plural(hit.score, "vote")} · {plural(hit.answer_count, "answer")}</>}
                      {hitHref(hit).startsWith("/r/") && (
                        <>
                          {" · "}
                          <a href={`/questions/${hit.id}`}>full thread</a>
                        </>
                      )}
                    </span>
                  </div>
                </li>
              ))}
            </ol>
            <Pager url={url} page={page} perPage={PER_PAGE} total={result.total} />
          </>
        )}
      </section>
    </>
  );
}
