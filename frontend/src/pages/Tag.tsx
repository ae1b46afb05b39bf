import { questions, tags as tagsApi } from "../api/resources";
import { TagExperts, TagFollowButtons } from "../components/Community";
import { Pager } from "../components/Pager";
import { QuestionList } from "../components/QuestionRow";
import { Empty, ErrorState, Loading } from "../components/States";
import { plural } from "../format";
import { syntheses } from "../api/synthesis";
import { useLoad, useTitle } from "../useLoad";
import { useEffect } from "preact/hooks";
import { TagDescription } from "../components/TagDescription";
import { TagTools } from "../moderator";
import { may, moderates } from "../privileges";
import { navigate } from "../router";
import { useSession } from "../session";
import { NotFound } from "./NotFound";

const PER_PAGE = 20;

export function TagPage({ name, url }: { name: string; url: URL }) {
  useTitle(`Tag ${name}`);
  const user = useSession();
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const tag = useLoad(() => tagsApi.get(name), name);
  const list = useLoad(() => questions.list({ tag: [name], sort: "active", page, per_page: PER_PAGE }), `${name}|${page}`);
  // A synonym's address shows its main tag, under the main tag's own address.
  const main = tag.data?.name;
  useEffect(() => {
    if (main && main !== name) navigate(`/tags/${encodeURIComponent(main)}?from=${encodeURIComponent(name)}`, { replace: true });
  }, [main, name]);
  if (tag.error) return (tag.error as { status?: number }).status === 404 ? <NotFound what="tag" /> : <ErrorState error={tag.error} retry={tag.reload} />;
  const from = url.searchParams.get("from");
  const merged = url.searchParams.get("merged");
  return (
    <>
      <div class="page-head">
        <h1>
          Tag <span class="tag large">{name}</span>
        </h1>
        <div class="head-actions">
          <TagFollowButtons name={name} />
          <a class="button primary" href={`/ask?tag=${encodeURIComponent(name)}`}>
            Ask about {name}
          </a>
        </div>
      </div>
      {from && from !== name && (
        <p class="notice" role="note">
          “{from}” is another name for {name}.
        </p>
      )}
      {merged && (
        <p class="notice" role="status">
          {merged} was merged into {name}: {plural(Number(url.searchParams.get("moved") ?? 0), "question")} moved.
        </p>
      )}
      {tag.data ? (
        <>
          <TagDescription key={tag.data.description} tag={tag.data} editable={may(user, "edit_others")} changed={tag.reload} />
          {tag.data.synonyms.length > 0 && <p class="muted">Also called: {tag.data.synonyms.join(", ")}</p>}
          {moderates(user) && <TagTools tag={tag.data} changed={tag.reload} />}
          <p class="muted">
            {plural(tag.data.question_count, "question")} · {tag.data.resolved_count} resolved · {tag.data.unanswered_count} unanswered ·{" "}
            <a href={`/tags/${encodeURIComponent(name)}/syntheses`}>The weekly synthesis</a>
          </p>
        </>
      ) : (
        <Loading label="Loading the tag" />
      )}
      {tag.data && <Synthesizers name={name} />}
      {tag.data && <TagExperts name={name} />}
      <section aria-label={`Questions tagged ${name}`} class="list-area">
        {list.error ? (
          <ErrorState error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading questions" />
        ) : list.data.items.length === 0 ? (
          <Empty>
            <p>No questions with this tag yet.</p>
          </Empty>
        ) : (
          <>
            <QuestionList items={list.data.items} />
            <Pager url={url} page={page} perPage={PER_PAGE} total={list.data.meta.total} />
          </>
        )}
      </section>
    </>
  );
}

/** Who writes the community's weekly synthesis (shown once someone does). */
function Synthesizers({ name }: { name: string }) {
  const people = useLoad(() => syntheses.synthesizers(name), `synthesizers|${name}`);
  if (!people.data || people.data.length === 0) return null;
  return (
    <p class="muted">
      The <a href={`/tags/${encodeURIComponent(name)}/syntheses`}>weekly synthesis</a> is written by{" "}
      {people.data.map((person, n) => (
        <span key={person.id}>
          {n > 0 && ", "}
          <a href={`/users/${person.id}`}>{person.display_name}</a>
        </span>
      ))}
      .
    </p>
  );
}
