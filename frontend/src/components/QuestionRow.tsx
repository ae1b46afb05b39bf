import type { QuestionSummary } from "../api/types";
import { age, authorName, plural } from "../format";
import { hiddenBadge } from "../postState";
import { TagList } from "./TagList";

export function QuestionRow({ question }: { question: QuestionSummary }) {
  const accepted = question.accepted_answer_id !== null;
  return (
    <li class="question-row">
      <div class="counts" aria-hidden="false">
        <span class="count">{plural(question.score, "vote")}</span>
        <span class={accepted ? "count answered accepted" : question.answer_count ? "count answered" : "count"}>
          {accepted && <span aria-hidden="true">✓ </span>}
          {plural(question.answer_count, "answer")}
          {accepted && <span class="visually-hidden"> (one accepted)</span>}
        </span>
      </div>
      <div class="summary">
        <h3 class="question-title">
          <a href={`/questions/${question.id}`}>{question.title}</a>
        </h3>
        <div class="meta-line">
          {hiddenBadge(question) && <span class="badge">{hiddenBadge(question)}</span>}
          <TagList tags={question.tags} />
          <span class="byline">
            {question.author ? <a href={`/users/${question.author.id}`}>{question.author.display_name}</a> : authorName(null)}
            {" · asked "}
            <time dateTime={question.created_at}>{age(question.created_at)}</time>
            {question.attribution && <> · from {question.attribution.site}</>}
          </span>
        </div>
      </div>
    </li>
  );
}

export function QuestionList({ items }: { items: QuestionSummary[] }) {
  return (
    <ol class="question-list">
      {items.map((question) => (
        <QuestionRow key={question.id} question={question} />
      ))}
    </ol>
  );
}
