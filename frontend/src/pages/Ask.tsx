import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { questions } from "../api/resources";
import type { SimilarQuestion } from "../api/types";
import { describedBy, Field, focusFirstInvalid, FormError } from "../components/Fields";
import { MarkdownEditor } from "../components/MarkdownEditor";
import { ServerHtml } from "../components/ServerHtml";
import { TagInput } from "../components/TagInput";
import { latest } from "../latest";
import { navigate, signInPath } from "../router";
import { useSession } from "../session";
import { SubmissionKey } from "../submission";
import { useTitle } from "../useLoad";
import { Loading } from "../components/States";
import { plural } from "../format";

const SIMILAR_DELAY_MS = 150;
// The body refines the suggestions once the asker pauses: not on every keystroke.
const BODY_PAUSE_MS = 800;

export function Ask({ url }: { url: URL }) {
  useTitle("Ask a question");
  const user = useSession();
  const [title, setTitle] = useState(url.searchParams.get("title") ?? "");
  const [body, setBody] = useState("");
  const submission = useRef(new SubmissionKey());
  const [tags, setTags] = useState<string[]>(url.searchParams.getAll("tag").slice(0, 5));
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [similar, setSimilar] = useState<SimilarQuestion[] | null>(null);
  const [settledBody, setSettledBody] = useState("");
  const form = useRef<HTMLFormElement>(null);

  const finder = useMemo(
    () =>
      latest(
        (draft: { title: string; body: string }, signal) => questions.similar(draft.title, draft.body, signal),
        (result) => setSimilar(result.items),
        () => setSimilar(null),
        SIMILAR_DELAY_MS,
      ),
    [],
  );
  useEffect(() => () => finder.cancel(), [finder]);
  useEffect(() => {
    const timer = setTimeout(() => setSettledBody(body.slice(0, 2000)), BODY_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [body]);
  useEffect(() => {
    if (title.trim().length >= 4) finder.run({ title: title.trim(), body: settledBody });
    else {
      finder.cancel();
      setSimilar(null);
    }
  }, [title, settledBody]);

  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <div class="narrow">
        <h1>Ask a question</h1>
        <p>
          <a href={signInPath()}>Sign in</a> or <a href="/signup">create an account</a> to ask. You can still ask anonymously once signed in.
        </p>
      </div>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const data = { title, body, tags, anonymous };
      const question = await questions.ask(data, submission.current.for(data));
      submission.current.done();
      navigate(`/questions/${question.id}`);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="ask-page">
      <h1>Ask a question</h1>
      <form ref={form} onSubmit={submit} noValidate class="ask-form">
        <Field label="Title" name="title" error={error} hint="Say what you are stuck on, as you would to a colleague.">
          <input
            id="title"
            name="title"
            type="text"
            value={title}
            maxLength={200}
            autoFocus
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
            {...describedBy(error, "title", "title-hint")}
          />
        </Field>
        <section class="similar" aria-live="polite" aria-label="Similar questions" hidden={similar === null}>
          {similar && similar.length > 0 && (
            <>
              <h2>Does one of these answer you?</h2>
              <ul>
                {similar.map((item) => (
                  <li key={item.id}>
                    <a href={item.status === "resolved" ? `/r/${item.id}` : `/questions/${item.id}`} target="_blank" rel="noopener">
                      {item.status === "resolved" && <span class="badge resolved">Resolved</span>}
                      <ServerHtml as="span" html={item.title_highlighted} />
                    </a>{" "}
                    <span class="muted">({plural(item.answer_count, "answer")}, opens in a new tab)</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {similar && similar.length === 0 && (
            <p class="muted no-similar">No similar question found: yours looks new, so ask it.</p>
          )}
        </section>
        <MarkdownEditor name="body" label="Details" value={body} onInput={setBody} error={error} rows={10} hint="What you tried, what happened, what you expected. Markdown works." />
        <TagInput value={tags} onChange={setTags} error={error} />
        <div class="field check-field">
          <input id="anonymous" type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.target as HTMLInputElement).checked)} aria-describedby="anonymous-hint" />
          <label for="anonymous">Ask anonymously</label>
          <p class="hint" id="anonymous-hint">
            Others see “Anonymous”; only you and the moderators can see that you asked. You earn no reputation for it.
          </p>
        </div>
        <FormError error={error} shown={["title", "body", "tags", "anonymous"]} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Posting…" : "Post your question"}
        </button>
      </form>
    </div>
  );
}
