import { moderates } from "../privileges";
import { useRef, useState } from "preact/hooks";
import { experts as expertsApi } from "../api/community";
import { type Synthesis, syntheses, type Synthesizer, weekLabel } from "../api/synthesis";

import { ActionError, describedBy, failureText, FieldError, focusFirstInvalid, FormError } from "../components/Fields";
import { ServerHtml } from "../components/ServerHtml";
import { Empty, ErrorState, Loading } from "../components/States";
import { useSession } from "../session";
import { useLanding } from "../landing";
import { useLoad, useTitle } from "../useLoad";
import { NotFound } from "./NotFound";

/** /tags/<name>/syntheses: the community's weekly syntheses; its synthesizers edit the drafts. */
export function Syntheses({ name }: { name: string }) {
  useTitle(`${name}: the weekly synthesis`);
  const user = useSession();
  const list = useLoad(() => syntheses.list(name), `${name}|${user?.id ?? 0}`);
  const people = useLoad(() => syntheses.synthesizers(name), `synthesizers|${name}`);
  // A link to one week (from search, the feed, a notification).
  useLanding(!!list.data, name);
  if (list.error) return (list.error as { status?: number }).status === 404 ? <NotFound what="tag" /> : <ErrorState error={list.error} retry={list.reload} />;
  const mayEdit = !!user && (user.role !== "member" || !!people.data?.some((p) => p.id === user.id));
  const drafts = list.data?.filter((s) => s.status === "draft") ?? [];
  const published = list.data?.filter((s) => s.status === "published") ?? [];
  return (
    <section class="syntheses">
      <div class="page-head">
        <h1>
          <a class="tag large" href={`/tags/${encodeURIComponent(name)}`}>
            {name}
          </a>{" "}
          the weekly synthesis
        </h1>
        <span class="page-actions">
          {mayEdit && (
            <a class="button small" href={`/community-health?tag=${encodeURIComponent(name)}`}>
              Community health
            </a>
          )}{" "}
          <a class="button small" href={syntheses.feedUrl(name)}>
            Atom feed
          </a>
        </span>
      </div>
      <p class="muted">
        What the community solved, learned and who helped, week by week.{" "}
        {people.data && people.data.length > 0 ? <>Written by {people.data.map((p) => p.display_name).join(", ")}.</> : "No synthesizer appointed yet."}
      </p>
      {moderates(user) && people.data && <Appointments name={name} current={people.data} changed={people.set} />}
      {!list.data ? (
        <Loading label="Loading the syntheses" />
      ) : (
        <>
          {mayEdit &&
            drafts.map((draft) => (
              <DraftEditor key={draft.id} draft={draft} changed={list.reload} />
            ))}
          {published.length === 0 ? (
            <Empty>
              <p>Nothing published yet.</p>
            </Empty>
          ) : (
            published.map((item) => (
              <article key={item.id} id={item.week} class="synthesis" tabIndex={-1} aria-label={`The week ${item.week}`}>
                <p class="muted">
                  {weekLabel(item.week)} ({item.week})
                </p>
                <ServerHtml class="post-body" html={item.html} />
              </article>
            ))
          )}
        </>
      )}
    </section>
  );
}

function DraftEditor({ draft, changed }: { draft: Synthesis; changed: () => void }) {
  const [body, setBody] = useState(draft.body);
  const [html, setHtml] = useState(draft.html);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setStatus("");
    try {
      await action();
      setError(null);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    return act(async () => {
      setHtml((await syntheses.edit(draft.id, body)).html);
      setStatus("Draft saved.");
    });
  };
  const publish = () =>
    act(async () => {
      if (body !== draft.body) await syntheses.edit(draft.id, body);
      await syntheses.publish(draft.id);
      changed();
    });
  const id = `draft-${draft.id}`;
  return (
    <form ref={form} class="draft-editor" onSubmit={save} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        Draft for {weekLabel(draft.week)} ({draft.week})
      </h2>
      <p class="hint">
        Prepared from the week's data. Remove or reorder what does not matter, write what the community learned, then publish: followers are told, and it joins the archive and the
        feed. Only this community's synthesizers and the moderators see drafts.
      </p>
      <div class="field">
        <label for={id}>Synthesis (Markdown)</label>
        <textarea id={id} rows={18} value={body} maxLength={30000} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} {...describedBy(error, "body")} />
        <FieldError error={error} name="body" />
      </div>
      <FormError error={error} shown={["body"]} />
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          Save draft
        </button>
        <button type="button" class="button primary" disabled={busy} onClick={publish}>
          Publish
        </button>
        <p role="status" class="muted">
          {status}
        </p>
      </div>
      <h3>As it will read</h3>
      <ServerHtml class="post-body synthesis-preview" html={html} />
    </form>
  );
}

function Appointments({ name, current, changed }: { name: string; current: Synthesizer[]; changed: (people: Synthesizer[]) => void }) {
  const candidates = useLoad(() => expertsApi.ofTag(name, 8), `experts|${name}`);
  const [error, setError] = useState("");
  const act = async (action: () => Promise<Synthesizer[]>) => {
    setError("");
    try {
      changed(await action());
    } catch (failure) {
      setError(failureText(failure, "That did not work."));
    }
  };
  const appointed = new Set(current.map((p) => p.id));
  return (
    <details class="appointments">
      <summary>Synthesizers (moderators)</summary>
      <ul>
        {current.map((person) => (
          <li key={person.id}>
            {person.display_name}{" "}
            <button type="button" class="button small" onClick={() => act(() => syntheses.remove(name, person.id))}>
              Remove<span class="visually-hidden"> {person.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
      <p>People who know {name} best:</p>
      <ul>
        {(candidates.data ?? [])
          .filter((expert) => !appointed.has(expert.id))
          .map((expert) => (
            <li key={expert.id}>
              {expert.display_name}{" "}
              <button type="button" class="button small" onClick={() => act(() => syntheses.appoint(name, expert.id))}>
                Appoint<span class="visually-hidden"> {expert.display_name}</span>
              </button>
            </li>
          ))}
      </ul>
      <ActionError error={error} />
    </details>
  );
}


