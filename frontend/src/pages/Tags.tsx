import { tags as tagsApi } from "../api/resources";
import { Pager } from "../components/Pager";
import { Empty, ErrorState, Loading } from "../components/States";
import { NewCommunity } from "../moderator";
import { moderates } from "../privileges";
import { navigate } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";

const PER_PAGE = 36;

export function Tags({ url }: { url: URL }) {
  useTitle("Tags");
  const user = useSession();
  const q = url.searchParams.get("q") ?? "";
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const list = useLoad(() => tagsApi.list({ q: q.trim().toLowerCase() || undefined, page, per_page: PER_PAGE }), `${q}|${page}`);
  return (
    <>
      <h1>Tags</h1>
      <p class="muted">Communities of practice: each tag gathers the questions of one topic.</p>
      {moderates(user) && <NewCommunity />}
      <div class="field inline-field">
        <label for="tag-filter">Find a tag</label>
        <input
          id="tag-filter"
          type="text"
          value={q}
          maxLength={35}
          onInput={(e) => navigate(`/tags?q=${encodeURIComponent((e.target as HTMLInputElement).value)}`, { replace: true })}
        />
      </div>
      <section aria-label="Tags" aria-busy={list.loading} class="list-area">
        {list.error ? (
          <ErrorState error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading tags" />
        ) : list.data.items.length === 0 ? (
          <Empty>
            <p>No tags start with “{q}”.</p>
          </Empty>
        ) : (
          <>
            <ul class="tag-grid">
              {list.data.items.map((tag) => (
                <li key={tag.name} class="tag-card">
                  <a class="tag" href={`/tags/${encodeURIComponent(tag.name)}`}>
                    {tag.name}
                  </a>
                  <span class="muted"> × {tag.question_count}</span>
                  {tag.excerpt && <p>{tag.excerpt}</p>}
                </li>
              ))}
            </ul>
            <Pager url={url} page={page} perPage={PER_PAGE} total={list.data.meta.total} />
          </>
        )}
      </section>
    </>
  );
}
