import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { type AuditEntry, type AuditLogPage, kindPath, type LogFilter, moderation, type QueuePost, type SuggestedEdit } from "../api/moderation";
import { ActionError, failureText } from "../components/Fields";
import { Pager } from "../components/Pager";
import { Empty, ErrorState, Loading } from "../components/States";
import { age, fullDate, plural } from "../format";
import { navigate } from "../router";
import { useLoad, useTitle } from "../useLoad";

/** /moderation: flagged and hidden posts, suggested edits, new members' posts held for approval. */
export function ModerationQueue() {
  useTitle("Moderation queue");
  const queue = useLoad(() => moderation.queue(), "queue");
  if (queue.error) return <ErrorState error={queue.error} retry={queue.reload} />;
  if (!queue.data) return <Loading label="Loading the moderation queue" />;
  const { posts, suggested_edits, first_posts } = queue.data;
  return (
    <section class="moderation">
      <h1>Moderation queue</h1>
      <p>
        <a href="/moderation/log">Audit log</a> · <a href="/community-health">Community health</a>
      </p>
      <h2>Flagged and hidden posts</h2>
      {posts.length ? (
        <ul class="queue">
          {posts.map((item) => (
            <QueueItem key={`${item.post_type}-${item.post_id}`} item={item} done={queue.reload} />
          ))}
        </ul>
      ) : (
        <Empty>Nothing flagged. Thank you, everyone.</Empty>
      )}
      <h2>Suggested edits</h2>
      {suggested_edits.length ? (
        <ul class="queue">
          {suggested_edits.map((edit) => (
            <SuggestionItem key={edit.id} edit={edit} done={queue.reload} />
          ))}
        </ul>
      ) : (
        <Empty>No suggested edits waiting.</Empty>
      )}
      {first_posts.length > 0 && (
        <>
          <h2>New members' posts waiting for approval</h2>
          <ul class="queue">
            {first_posts.map((item) => (
              <HeldItem key={`held-${item.post_type}-${item.post_id}`} item={item} done={queue.reload} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function useAction(done: () => void): [string, (action: () => Promise<unknown>) => Promise<void>] {
  const [error, setError] = useState("");
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError("");
      done();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return [error, run];
}

/** What a queue entry is about: the post, its thread, its author and age (badges after), its text. */
function PostSummary({ item, children }: { item: QueuePost; children?: ComponentChildren }) {
  return (
    <>
      <p>
        <strong>{item.post_type}</strong> in <a href={`/questions/${item.question_id}`}>{item.title}</a> by {item.author?.display_name ?? "someone"},{" "}
        <time dateTime={item.created_at}>{age(item.created_at)}</time>
        {children}
      </p>
      <blockquote>{item.excerpt}</blockquote>
    </>
  );
}

function QueueItem({ item, done }: { item: QueuePost; done: () => void }) {
  const [error, run] = useAction(done);
  const [reason, setReason] = useState("");
  const kind = kindPath(item.post_type);
  const reasonId = `reason-${item.post_type}-${item.post_id}`;
  return (
    <li class="queue-item">
      <PostSummary item={item}>
        {item.hidden && <span class="badge"> hidden</span>}
        {item.edited_since_hidden && <span class="badge"> edited since hidden</span>}
      </PostSummary>
      {item.flags.length > 0 && (
        <ul class="flags">
          {item.flags.map((flag, index) => (
            <li key={index}>
              {flag.reason}
              {flag.note ? `: ${flag.note}` : ""}
            </li>
          ))}
        </ul>
      )}
      <label for={reasonId}>Reason (shown to the author and in the log)</label>
      <input id={reasonId} type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <div class="actions">
        <button type="button" class="button small" onClick={() => run(() => moderation.dismiss(kind, item.post_id))}>
          Dismiss flags
        </button>
        <button type="button" class="button small" onClick={() => run(() => moderation.hide(kind, item.post_id, reason.trim() || "Hidden after review."))}>
          Keep hidden
        </button>
        {item.hidden && (
          <button type="button" class="button small" onClick={() => run(() => moderation.restore(kind, item.post_id))}>
            Restore
          </button>
        )}
      </div>
      <ActionError error={error} />
    </li>
  );
}

/** A new member's post held for approval (pre-moderation): approving publishes it and sends
 * what it would have told others; rejecting keeps it held and tells its author why. */
function HeldItem({ item, done }: { item: QueuePost; done: () => void }) {
  const [error, run] = useAction(done);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const kind = kindPath(item.post_type);
  const reasonId = `held-reason-${item.post_type}-${item.post_id}`;
  const reject = () => {
    setMissing(!reason.trim());
    if (reason.trim()) void run(() => moderation.hide(kind, item.post_id, reason.trim()));
  };
  return (
    <li class="queue-item">
      <PostSummary item={item}>{item.edited_since_hidden && <span class="badge"> edited</span>}</PostSummary>
      <label for={reasonId}>Why not publish it? (for a rejection: shown to the author and in the log)</label>
      <input id={reasonId} type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <div class="actions">
        <button type="button" class="button small" onClick={() => run(() => moderation.restore(kind, item.post_id))}>
          Approve
        </button>
        <button type="button" class="button small" onClick={reject}>
          Reject
        </button>
      </div>
      <ActionError error={missing ? "Say why, kindly: the author reads it." : error} />
    </li>
  );
}

function SuggestionItem({ edit, done }: { edit: SuggestedEdit; done: () => void }) {
  const [error, run] = useAction(done);
  return (
    <li class="queue-item">
      <p>
        Edit of {edit.post_type === "question" ? <a href={`/questions/${edit.post_id}`}>question #{edit.post_id}</a> : `answer #${edit.post_id}`} suggested by{" "}
        {edit.editor?.display_name ?? "someone"}, <time dateTime={edit.created_at}>{age(edit.created_at)}</time>
      </p>
      {edit.title && <p>Title: {edit.title}</p>}
      {edit.tags && <p>Tags: {edit.tags.join(", ")}</p>}
      {edit.body && <blockquote>{edit.body}</blockquote>}
      <div class="actions">
        <button type="button" class="button small" onClick={() => run(() => moderation.approveEdit(edit.id))}>
          Approve
        </button>
        <button type="button" class="button small" onClick={() => run(() => moderation.rejectEdit(edit.id))}>
          Reject
        </button>
      </div>
      <ActionError error={error} />
    </li>
  );
}

const FILTERS = ["actor_id", "action", "target_type", "target_id", "since", "until"] as const;

/** The log's filters as the address says them (so a filtered log can be linked to). */
export function logFilter(url: URL): LogFilter {
  const filter: Record<string, string | number> = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filter[name] = name.endsWith("_id") ? Number(value) : value;
  }
  return filter as LogFilter;
}

function logAddress(filter: LogFilter): string {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filter[name] !== undefined && filter[name] !== "") query.set(name, String(filter[name]));
  const text = query.toString();
  return text ? `/moderation/log?${text}` : "/moderation/log";
}

/** /moderation/log: every moderator action, newest first, filtered by who, what, target and days. */
export function ModerationLog({ url }: { url: URL }) {
  useTitle("Moderation log");
  const page = Number(url.searchParams.get("page") ?? "1") || 1;
  const filter = logFilter(url);
  const log = useLoad(() => moderation.log(filter, page), url.search);
  return (
    <section class="moderation">
      <h1>Moderation log</h1>
      <p>
        <a href="/moderation">Moderation queue</a>
      </p>
      {log.data && <LogFilters key={url.search} filter={filter} choices={log.data.choices} />}
      {log.error ? (
        <ErrorState error={log.error} retry={log.reload} />
      ) : !log.data ? (
        <Loading label="Loading the moderation log" />
      ) : log.data.items.length ? (
        <>
          <p class="muted" role="status">
            {plural(log.data.meta.total, "action")}
          </p>
          <div class="table-scroll">
            <table class="audit-log">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry: AuditEntry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.created_at} title={fullDate(entry.created_at)}>
                        {age(entry.created_at)}
                      </time>
                    </td>
                    <td>{entry.actor ? <a href={`/users/${entry.actor.id}`}>{entry.actor.display_name}</a> : "—"}</td>
                    <td>
                      {entry.action}{" "}
                      {entry.target_url ? <a href={entry.target_url}>{targetName(entry)}</a> : targetName(entry)}
                    </td>
                    <td>{entry.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager url={url} page={page} perPage={log.data.meta.per_page} total={log.data.meta.total} />
        </>
      ) : (
        <Empty>{Object.keys(filter).length ? "No moderator action matches these filters." : "No moderator actions yet."}</Empty>
      )}
    </section>
  );
}

function LogFilters({ filter, choices }: { filter: LogFilter; choices: AuditLogPage["choices"] }) {
  const [draft, setDraft] = useState<LogFilter>(filter);
  const set = (name: keyof LogFilter, value: string) =>
    setDraft({ ...draft, [name]: value === "" ? undefined : name.endsWith("_id") ? Number(value) : value });
  const apply = (event: Event) => {
    event.preventDefault();
    navigate(logAddress(draft));
  };
  const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;
  return (
    <form class="log-filters" onSubmit={apply} aria-label="Filter the log">
      <div>
        <label for="log-actor">Who</label>
        <select id="log-actor" value={draft.actor_id ?? ""} onChange={(e) => set("actor_id", value(e))}>
          <option value="">Anyone</option>
          {choices.actors.map((person) => (
            <option key={person.id} value={person.id}>
              {person.display_name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="log-action">What</label>
        <select id="log-action" value={draft.action ?? ""} onChange={(e) => set("action", value(e))}>
          <option value="">Any action</option>
          {choices.actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="log-target">On</label>
        <select id="log-target" value={draft.target_type ?? ""} onChange={(e) => setDraft({ ...draft, target_type: value(e) || undefined, target_id: undefined })}>
          <option value="">Anything</option>
          {choices.target_types.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="log-since">From</label>
        <input id="log-since" type="date" value={draft.since ?? ""} onInput={(e) => set("since", value(e))} />
      </div>
      <div>
        <label for="log-until">To</label>
        <input id="log-until" type="date" value={draft.until ?? ""} onInput={(e) => set("until", value(e))} />
      </div>
      {draft.target_id !== undefined && (
        <p class="muted">
          Only {draft.target_type ?? "target"} #{draft.target_id}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button small">
          Filter
        </button>
        {Object.keys(filter).length > 0 && (
          <a class="button small" href="/moderation/log">
            Clear filters
          </a>
        )}
      </div>
    </form>
  );
}

/** How the log names an entry's target: by what it is called where that is known. */
function targetName(entry: AuditEntry): string {
  const label = entry.target_label;
  if (!label) return `${entry.target_type} #${entry.target_id}`;
  if (entry.target_type === "question") return `question “${label}”`;
  if (entry.target_type === "answer" || entry.target_type === "comment") return `${entry.target_type} on “${label}”`;
  if (entry.target_type === "tag") return `tag ${label}`;
  return label;
}
