import { listQuestions } from "../api/community";
import { tags as tagsApi, type ListSort } from "../api/resources";
import { Pager } from "../components/Pager";
import { QuestionList } from "../components/QuestionRow";
import { Empty, ErrorState, Loading } from "../components/States";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";
import { plural } from "../format";

const PER_PAGE = 20;

interface ListTab {
  id: string;
  label: string;
  sort: ListSort;
  status?: string;
  feed?: "for-you";
}

// Questions in the tags I follow and the questions I watch (signed-in people only).
export const FOR_YOU: ListTab = { id: "for-you", label: "For you", sort: "active", feed: "for-you" };

export const TABS: ListTab[] = [
  { id: "newest", label: "Newest", sort: "newest" },
  { id: "active", label: "Active", sort: "active" },
  { id: "unanswered", label: "Unanswered", sort: "unanswered" },
  { id: "resolved", label: "Resolved", sort: "active", status: "resolved" },
];

function hrefWith(url: URL, changes: Record<string, string | string[] | null>): string {
  const next = new URL(url);
  next.searchParams.delete("page");
  for (const [key, value] of Object.entries(changes)) {
    next.searchParams.delete(key);
    for (const item of value === null ? [] : Array.isArray(value) ? value : [value]) next.searchParams.append(key, item);
  }
  return next.pathname + next.search;
}

export function Home({ url }: { url: URL }) {
  useTitle(undefined);
  const user = useSession();
  const wanted = url.searchParams.get("tab");
  const tab = (user && wanted === FOR_YOU.id ? FOR_YOU : TABS.find((t) => t.id === wanted)) ?? TABS[0];
  const chosen = url.searchParams.getAll("tag").slice(0, 5);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const showMuted = url.searchParams.get("show_muted") === "1";
  const list = useLoad(
    () => listQuestions({ sort: tab.sort, status: tab.status, tag: chosen, page, per_page: PER_PAGE, feed: tab.feed, show_muted: showMuted }),
    `${user?.id ?? 0}|${tab.id}|${chosen.join(",")}|${page}|${showMuted}`,
  );
  const hidden = list.data?.meta.hidden_by_mutes ?? 0;
  const popular = useLoad(() => tagsApi.list({ per_page: 8 }), "popular");
  const chips = [...new Set([...chosen, ...(popular.data?.items.map((t) => t.name) ?? [])])];

  return (
    <>
      <div class="page-head">
        <h1>Questions</h1>
        <a class="button primary" href="/ask">
          Ask a question
        </a>
      </div>
      <nav class="tabs" aria-label="Question lists">
        {user ? (
          <a class="tab" href={hrefWith(url, { tab: FOR_YOU.id })} aria-current={tab.id === FOR_YOU.id ? "page" : undefined}>
            {FOR_YOU.label}
          </a>
        ) : (
          <span class="tab muted-tab" title="Sign in, then follow tags to see their questions here">
            {FOR_YOU.label}
          </span>
        )}
        {TABS.map((t) => (
          <a key={t.id} class="tab" href={hrefWith(url, { tab: t.id === "newest" ? null : t.id })} aria-current={t.id === tab.id ? "page" : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {chips.length > 0 && (
        <div class="chips" role="group" aria-label="Filter by tag">
          {chips.map((name) => {
            const on = chosen.includes(name);
            return (
              <a key={name} class="chip" aria-pressed={on} role="button" href={hrefWith(url, { tag: on ? chosen.filter((t) => t !== name) : [...chosen, name] })}>
                {on && <span aria-hidden="true">✓ </span>}
                {name}
              </a>
            );
          })}
        </div>
      )}
      <section aria-label={`${tab.label} questions`} aria-busy={list.loading} class="list-area">
        {list.error ? (
          <ErrorState error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading questions" />
        ) : list.data.items.length === 0 ? (
          <Empty>
            {tab.feed ? (
              <p>
                Follow <a href="/tags">tags</a> or watch questions to see them here.
              </p>
            ) : (
              <>
                <p>No questions here yet.</p>
                <a href="/ask">Ask the first one →</a>
              </>
            )}
            {hidden > 0 && <MutedNote url={url} hidden={hidden} />}
          </Empty>
        ) : (
          <>
            <p class="muted count-line">
              {plural(list.data.meta.total, "question")}
              {hidden > 0 && (
                <>
                  {" · "}
                  <MutedNote url={url} hidden={hidden} />
                </>
              )}
              {showMuted && (
                <>
                  {" · "}
                  <a href={hrefWith(url, { show_muted: null })}>Hide muted tags</a>
                </>
              )}
            </p>
            <QuestionList items={list.data.items} />
            <Pager url={url} page={page} perPage={PER_PAGE} total={list.data.meta.total} />
          </>
        )}
      </section>
    </>
  );
}

function MutedNote({ url, hidden }: { url: URL; hidden: number }) {
  return (
    <>
      {hidden} hidden by your muted tags (<a href={hrefWith(url, { show_muted: "1" })}>show them</a>)
    </>
  );
}
