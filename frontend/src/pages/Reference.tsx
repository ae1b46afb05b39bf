// /r/<id>: a resolved thread condensed for reuse: the problem, the answer that solved it.
import { useState } from "preact/hooks";
import { questions, references } from "../api/resources";
import { AnswerLabel } from "../components/ModerationNotes";
import { ServerHtml } from "../components/ServerHtml";
import { ErrorState, Loading } from "../components/States";
import { TagList } from "../components/TagList";
import { fullDate, plural } from "../format";
import { useLoad, useTitle } from "../useLoad";
import { ordered } from "./Question";
import { NotFound } from "./NotFound";
import { SourceCredit } from "../components/SourceCredit";

export function Reference({ id }: { id: number }) {
  const card = useLoad(() => references.get(id), String(id));
  const [copied, setCopied] = useState("");
  const [others, setOthers] = useState<{ html: string; id: number; score: number }[] | null>(null);
  useTitle(card.data?.title);
  if (card.error) {
    return (card.error as { status?: number }).status === 404 ? <NotFound what="reference card (the thread may not be resolved yet)" /> : <ErrorState error={card.error} retry={card.reload} />;
  }
  if (!card.data) return <Loading label="Loading the reference card" />;
  const data = card.data;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied("Link copied.");
    } catch {
      setCopied("Copy failed: select the address bar and copy it from there.");
    }
  };
  const loadOthers = async () => {
    if (others) return;
    const thread = await questions.get(id);
    setOthers(ordered(thread.answers).filter((a) => !a.is_accepted && a.score > 0).map((a) => ({ html: a.body_html, id: a.id, score: a.score })));
  };

  return (
    <article class="reference-card">
      <p class="eyebrow">
        <span class="badge resolved">Resolved</span> Reference card
      </p>
      <h1>{data.title}</h1>
      <section aria-labelledby="problem-heading">
        <h2 id="problem-heading">The problem</h2>
        <p class="problem">{data.problem}</p>
      </section>
      <section aria-labelledby="answer-heading" class="solution">
        <h2 id="answer-heading">What solved it</h2>
        <AnswerLabel label={data.answer_label} note={data.answer_label_note} />
        <ServerHtml class="post-body" html={data.answer_html} />
        <p class="muted">
          Answered by {data.answered_by ? <a href={`/users/${data.answered_by.id}`}>{data.answered_by.display_name}</a> : "Anonymous"} ·{" "}
          {plural(data.answer_score, "vote")}
          <SourceCredit attribution={data.answer_attribution} />
        </p>
      </section>
      {data.answer_count > 1 && (
        <details class="other-answers" onToggle={(e) => (e.target as HTMLDetailsElement).open && loadOthers()}>
          <summary>Other helpful answers ({data.answer_count - 1} more)</summary>
          {!others ? (
            <Loading />
          ) : others.length === 0 ? (
            <p class="muted">No other upvoted answers.</p>
          ) : (
            others.map((answer) => (
              <div key={answer.id} class="other-answer">
                <ServerHtml class="post-body" html={answer.html} />
                <p class="muted">{plural(answer.score, "vote")}</p>
              </div>
            ))
          )}
        </details>
      )}
      <footer class="reference-foot">
        <TagList tags={data.tags} />
        <p class="muted">
          Last updated <time dateTime={data.updated_at}>{fullDate(data.updated_at)}</time>
          {data.question_attribution && <> · question from {data.question_attribution.site} ({data.question_attribution.licence})</>}
        </p>
        <div class="actions no-print">
          <button type="button" class="button" onClick={copy}>
            Copy link
          </button>
          <button type="button" class="button" onClick={() => print()}>
            Print
          </button>
          <a href={`/questions/${data.id}`}>Full thread →</a>
          <span role="status" class="muted">
            {copied}
          </span>
        </div>
      </footer>
    </article>
  );
}
