import { useRef, useState } from "preact/hooks";
import { answers, questions } from "../api/resources";
import type { Answer, CurrentUser, Question as QuestionData } from "../api/types";
import { AnswerItem } from "../components/AnswerItem";
import { AskSomeone } from "../components/AskSomeone";
import { Comments } from "../components/Comments";
import { DuplicateNotice } from "../components/DuplicateNotice";
import { describedBy, Field, focusFirstInvalid, FormError, remap } from "../components/Fields";
import { FlagButton } from "../components/FlagButton";
import { MarkdownEditor } from "../components/MarkdownEditor";
import { HiddenNotice } from "../components/ModerationNotes";
import { ServerHtml } from "../components/ServerHtml";
import { Revisions } from "../components/Revisions";
import { ErrorState, Loading } from "../components/States";
import { TagInput } from "../components/TagInput";
import { TagList } from "../components/TagList";
import { VoteButtons } from "../components/VoteButtons";
import { WatchButton } from "../components/Community";
import { age, authorName, plural } from "../format";
import { ThreadTools } from "../moderator";
import { mayChange, mayOnOthers, moderates, whyNoDownvote } from "../privileges";
import { signInPath } from "../router";
import { useSession } from "../session";
import { SubmissionKey } from "../submission";
import { useLanding } from "../landing";
import { useLoad, useTitle } from "../useLoad";
import { NotFound } from "./NotFound";
import { SourceCredit } from "../components/SourceCredit";

/** Accepted answer first, then by score (the API's order among equals). */
export function ordered(list: Answer[]): Answer[] {
  return [...list].sort((a, b) => Number(b.is_accepted) - Number(a.is_accepted) || b.score - a.score);
}

export function QuestionPage({ id }: { id: number }) {
  const thread = useLoad(() => questions.get(id), String(id));
  const user = useSession();
  useTitle(thread.data?.title);
  // A link to one answer or comment (a mail, a notification, the moderation log).
  useLanding(!!thread.data, id, true);
  if (thread.error) {
    return (thread.error as { status?: number }).status === 404 ? <NotFound what="question" /> : <ErrorState error={thread.error} retry={thread.reload} />;
  }
  if (!thread.data) return <Loading label="Loading the question" />;
  return <Thread key={`${thread.data.id}-${thread.data.accepted_answer_id}-${thread.data.answers.length}`} question={thread.data} user={user} reload={thread.reload} />;
}

function Thread({ question, user, reload }: { question: QuestionData; user: CurrentUser | null | undefined; reload: () => void }) {
  const [editing, setEditing] = useState(false);
  const own = !!user && question.author?.id === user.id;
  const resolved = question.status === "resolved";
  return (
    <article class="thread">
      {editing ? (
        <EditQuestion question={question} done={(changed) => (setEditing(false), changed && reload())} />
      ) : (
        <header class="thread-head">
          <h1>{question.title}</h1>
          <p class="muted">
            {resolved && <span class="badge resolved">Resolved</span>} Asked <time dateTime={question.created_at}>{age(question.created_at)}</time> · active{" "}
            <time dateTime={question.last_activity_at}>{age(question.last_activity_at)}</time> · viewed {plural(question.view_count, "time")}
            {resolved && (
              <>
                {" · "}
                <a href={`/r/${question.id}`}>Reference card</a>
              </>
            )}
          </p>
        </header>
      )}
      <section class="post question-post" aria-label="Question">
        <VoteButtons label="question" score={question.score} myVote={question.my_vote} own={own} signedIn={!!user} noDownvote={(v) => whyNoDownvote(user, v)} send={(v) => questions.vote(question.id, v)} />
        <div class="post-main">
          <HiddenNotice post={question} what="question" />
          {question.locked && (
            <p class="notice" role="note">
              This thread is locked by a moderator: it takes no new answers, comments or votes.
            </p>
          )}
          {question.duplicate_of_id && <DuplicateNotice questionId={question.id} originalId={question.duplicate_of_id} user={user} reopened={reload} />}
          {!editing && <ServerHtml class="post-body" html={question.body_html} />}
          <TagList tags={question.tags} />
          <footer class="post-foot">
            <div class="post-actions">
              <WatchButton questionId={question.id} />
              {question.can_edit && !editing && (
                <button type="button" class="link-button" onClick={() => setEditing(true)}>
                  Edit
                </button>
              )}
              {mayOnOthers(user, question.author?.id, "flag") && <FlagButton kind="questions" id={question.id} what="question" />}
            </div>
            <p class="byline">
              Asked by {question.author ? <a href={`/users/${question.author.id}`}>{question.author.display_name}</a> : authorName(null)}
              {question.anonymous && question.author && <span class="muted"> (anonymous to others)</span>}
              <SourceCredit attribution={question.attribution} />
            </p>
          </footer>
          {moderates(user) && <ThreadTools question={question} changed={reload} />}
          {question.updated_at && (
            <Revisions
              what="question"
              fetch={() => questions.revisions(question.id)}
              restore={
                mayChange(user, question.author?.id)
                  ? async (revisionId) => {
                      await questions.rollback(question.id, revisionId);
                      reload();
                    }
                  : undefined
              }
            />
          )}
          <Comments id="q" items={question.comments} user={user} add={(body, key) => questions.comment(question.id, body, key)} />
        </div>
      </section>
      {user && !resolved && !question.duplicate_of_id && !question.locked && <AskSomeone questionId={question.id} user={user} />}
      <section aria-labelledby="answers-heading" class="answers">
        <h2 id="answers-heading">{plural(question.answers.length, "answer")}</h2>
        {question.answers.length === 0 && <p class="muted">No answers yet. If you know something that helps, say so: partial answers are welcome.</p>}
        {ordered(question.answers).map((answer) => (
          <AnswerItem key={answer.id} answer={answer} user={user} onAcceptChange={reload} />
        ))}
      </section>
      <AnswerForm questionId={question.id} user={user} posted={reload} />
    </article>
  );
}

function AnswerForm({ questionId, user, posted }: { questionId: number; user: CurrentUser | null | undefined; posted: () => void }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submission = useRef(new SubmissionKey());
  if (user === undefined) return null;
  if (user === null) {
    return (
      <p class="signin-prompt">
        <a href={signInPath()}>Sign in to answer</a>
      </p>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await answers.post(questionId, body, submission.current.for(body));
      submission.current.done();
      setBody("");
      setError(null);
      posted();
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(event.target as HTMLFormElement);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="answer-form" onSubmit={submit} noValidate aria-labelledby="your-answer">
      <h2 id="your-answer">Your answer</h2>
      <MarkdownEditor name="answer-body" label="Answer" value={body} onInput={setBody} error={remap(error, "answer-body")} />
      <FormError error={error} shown={["body"]} />
      <button type="submit" class="button primary" disabled={busy}>
        Post your answer
      </button>
    </form>
  );
}

function EditQuestion({ question, done }: { question: QuestionData; done: (changed: boolean) => void }) {
  const [title, setTitle] = useState(question.title);
  const [body, setBody] = useState(question.body);
  const [tags, setTags] = useState(question.tags);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await questions.edit(question.id, { title, body, tags });
      done(true);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(event.target as HTMLFormElement);
    }
  };
  return (
    <form class="edit-question" onSubmit={submit} noValidate aria-label="Edit question">
      <Field label="Title" name="title" error={error}>
        <input id="title" type="text" value={title} maxLength={200} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} {...describedBy(error, "title")} />
      </Field>
      <MarkdownEditor name="body" label="Question" value={body} onInput={setBody} error={error} />
      <TagInput value={tags} onChange={setTags} error={error} />
      <FormError error={error} shown={["title", "body", "tags"]} />
      <div class="actions">
        <button class="button primary" type="submit">
          Save edit
        </button>
        <button class="link-button" type="button" onClick={() => done(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
