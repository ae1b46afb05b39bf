import { questions, tags as tagsApi } from "../api/resources";
import { TagExperts, TagFollowButtons } from "../components/Community";
import { Pager } from "../components/Pager";
import { QuestionList } from "../components/QuestionRow";
import { Empty, ErrorState, Loading } from "../components/States";
import { plural } from "../format";
import { syntheses } from "../api/synthesis";
import { useLoad, useTitle } from "../useLoad";
import { NotFound } from "./NotFound";

const PER_PAGE = 20;

export function TagPage({ name, url }: { name: string; url: URL }) {
  useTitle(`Tag ${name}`);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const tag = useLoad(() => tagsApi.get(name), name);
  const list = useLoad(() => questions.list({ tag: [name], sort: "active", page, per_page: PER_PAGE }), `${name}|${page}`);
  if (tag.error) return (tag.error as { status?: number }).status === 404 ? <NotFound what="tag" /> : <ErrorState error={tag.error} retry={tag.reload} />;
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
      {tag.data ? (
        <>
          {tag.data.description && <p class="lead">{tag.data.description}</p>}
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
