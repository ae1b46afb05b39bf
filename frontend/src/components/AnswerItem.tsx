import { useState } from "preact/hooks";
import { answers } from "../api/resources";
import type { Answer, CurrentUser } from "../api/types";
import { age, authorName } from "../format";
import { HideControl } from "../moderator";
import { mayChange, mayOnOthers, moderates, whyNoDownvote } from "../privileges";
import { Comments } from "./Comments";
import { Revisions } from "./Revisions";
import { HelpedButton } from "./Community";
import { FlagButton } from "./FlagButton";
import { ActionError, failureText, FormError, remap } from "./Fields";
import { LabelControl } from "./LabelControl";
import { MarkdownEditor } from "./MarkdownEditor";
import { AnswerLabel, HiddenNotice } from "./ModerationNotes";
import { ServerHtml } from "./ServerHtml";
import { VoteButtons } from "./VoteButtons";
import { SourceCredit } from "./SourceCredit";

interface Props {
  answer: Answer;
  user: CurrentUser | null | undefined;
  onAcceptChange: (answerId: number, accepted: boolean) => void;
}

export function AnswerItem({ answer: initial, user, onAcceptChange }: Props) {
  const [answer, setAnswer] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(initial.body);
  const [error, setError] = useState<unknown>(null);
  const [acceptError, setAcceptError] = useState("");
  const own = !!user && answer.author?.id === user.id;
  const labels = mayOnOthers(user, answer.author?.id, "label");

  const toggleAccept = async () => {
    setAcceptError("");
    try {
      const result = answer.is_accepted ? await answers.unaccept(answer.id) : await answers.accept(answer.id);
      onAcceptChange(answer.id, result.accepted_answer_id === answer.id);
    } catch (failure) {
      setAcceptError(failureText(failure));
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      setAnswer(await answers.edit(answer.id, draft));
      setEditing(false);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <article class={initial.is_accepted ? "post answer accepted" : "post answer"} aria-labelledby={`answer-${answer.id}-by`} id={`answer-${answer.id}`}>
      <VoteButtons label="answer" score={answer.score} myVote={answer.my_vote} own={own} signedIn={!!user} noDownvote={(v) => whyNoDownvote(user, v)} send={(v) => answers.vote(answer.id, v)} />
      <div class="post-main">
        {initial.is_accepted && (
          <p class="badge accepted-badge">
            <span aria-hidden="true">✓</span> Accepted answer
          </p>
        )}
        <HiddenNotice post={answer} what="answer" />
        <AnswerLabel label={answer.label} note={answer.label_note} />
        {editing ? (
          <form onSubmit={save} noValidate>
            <MarkdownEditor name={`answer-${answer.id}-body`} label="Edit your answer" value={draft} onInput={setDraft} error={remap(error, `answer-${answer.id}-body`)} />
            <FormError error={error} shown={["body"]} />
            <div class="actions">
              <button class="button primary" type="submit">
                Save edit
              </button>
              <button class="link-button" type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <ServerHtml class="post-body" html={answer.body_html} />
        )}
        <footer class="post-foot">
          <div class="post-actions">
            <HelpedButton answerId={answer.id} count={answer.helped_count ?? 0} helped={!!answer.helped_by_me} own={own} signedIn={!!user} />
            {answer.can_accept && (
              <button type="button" class="button small" onClick={toggleAccept}>
                {initial.is_accepted ? "Unaccept" : "Accept this answer"}
              </button>
            )}
            {answer.can_edit && !editing && (
              <button type="button" class="link-button" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            {mayOnOthers(user, answer.author?.id, "flag") && <FlagButton kind="answers" id={answer.id} what="answer" />}
            {moderates(user) && <HideControl kind="answers" id={answer.id} hidden={!!answer.hidden} what="answer" changed={(hidden) => setAnswer({ ...answer, hidden })} />}
            {labels && <LabelControl answerId={answer.id} label={answer.label} onChange={(label, note) => setAnswer({ ...answer, label, label_note: note })} />}
          </div>
          <p class="byline" id={`answer-${answer.id}-by`}>
            Answer by {answer.author ? <a href={`/users/${answer.author.id}`}>{answer.author.display_name}</a> : authorName(null)}{" "}
            <time dateTime={answer.created_at}>{age(answer.created_at)}</time>
            <SourceCredit attribution={answer.attribution} />
          </p>
        </footer>
        <ActionError error={acceptError} />
        {answer.updated_at && (
          <Revisions
            what="answer"
            fetch={() => answers.revisions(answer.id)}
            restore={mayChange(user, answer.author?.id) ? async (revisionId) => setAnswer(await answers.rollback(answer.id, revisionId)) : undefined}
          />
        )}
        <Comments id={`a${answer.id}`} items={answer.comments} user={user} add={(body, key) => answers.comment(answer.id, body, key)} />
      </div>
    </article>
  );
}
