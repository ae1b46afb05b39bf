import { useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { type Delivery, EVENT_LABELS, tagList, type Webhook, type WebhookEvent, type WebhookFormat, webhooks } from "../api/webhooks";
import { ActionError, describedBy, failureText, FieldError, focusFirstInvalid, FormError } from "../components/Fields";
import { ErrorState, Loading } from "../components/States";
import { age } from "../format";
import { signInPath } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";

const EVENTS = Object.keys(EVENT_LABELS) as WebhookEvent[];

/** /admin/webhooks: post the site's new, answered and resolved questions to team chat (admins). */
export function Webhooks() {
  useTitle("Webhooks");
  const user = useSession();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <p>
        <a href={signInPath()}>Sign in</a> as an admin to manage webhooks.
      </p>
    );
  }
  if (user.role !== "admin") return <ErrorState error={new ApiError(403, "Only admins can see and change webhooks.")} />;
  return <WebhookAdmin />;
}

function WebhookAdmin() {
  const list = useLoad(() => webhooks.list(), "webhooks");
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  return (
    <section class="webhooks">
      <h1>Webhooks</h1>
      <p>
        Post new questions, answers and resolved threads to your team chat. <em>Slack-compatible</em> posts <code>{'{"text": ...}'}</code>, which Slack, Mattermost and
        Rocket.Chat incoming webhooks accept; <em>generic JSON</em> posts the whole event. Each post is signed: <code>X-Commonplace-Signature: sha256=</code> the HMAC-SHA256
        of the body with the webhook's secret. Only what a signed-out reader could see is sent.
      </p>
      <AddWebhook added={list.reload} />
      <h2>Registered webhooks</h2>
      {!list.data ? (
        <Loading label="Loading the webhooks" />
      ) : list.data.length === 0 ? (
        <p class="muted">No webhooks yet.</p>
      ) : (
        <ul class="webhook-list">
          {list.data.map((hook) => (
            <WebhookItem key={hook.id} hook={hook} changed={list.reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AddWebhook({ added }: { added: () => void }) {
  const [url, setUrl] = useState("");
  const [tags, setTags] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(EVENTS);
  const [format, setFormat] = useState<WebhookFormat>("slack");
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setStatus("");
    try {
      await webhooks.add({ url: url.trim(), tags: tagList(tags), events, format });
      setError(null);
      setUrl("");
      setTags("");
      setStatus("Webhook added.");
      added();
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (name: WebhookEvent, on: boolean) => setEvents((old) => (on ? [...old, name] : old.filter((e) => e !== name)));

  return (
    <form ref={form} class="add-webhook" onSubmit={submit} noValidate>
      <h2>Add a webhook</h2>
      <div class="field">
        <label for="webhook-url">Address</label>
        <p class="hint" id="url-hint">
          The incoming-webhook address your chat gave you (http:// or https://).
        </p>
        <input id="webhook-url" name="url" type="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} {...describedBy(error, "url", "url-hint")} />
        <FieldError error={error} name="url" />
      </div>
      <div class="field">
        <label for="webhook-format">Format</label>
        <select id="webhook-format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as WebhookFormat)}>
          <option value="slack">Slack-compatible</option>
          <option value="generic">Generic JSON</option>
        </select>
      </div>
      <div class="field">
        <label for="webhook-tags">Tags</label>
        <p class="hint" id="tags-hint">
          Comma-separated; only questions with one of these tags. Leave empty for every tag.
        </p>
        <input id="webhook-tags" type="text" value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} {...describedBy(error, "tags", "tags-hint")} />
        <FieldError error={error} name="tags" />
      </div>
      <fieldset class="field" aria-describedby="events-error">
        <legend>Post when</legend>
        {EVENTS.map((name) => (
          <div class="check-field" key={name}>
            <input id={`event-${name}`} type="checkbox" checked={events.includes(name)} onChange={(e) => toggle(name, (e.target as HTMLInputElement).checked)} />
            <label for={`event-${name}`}>{EVENT_LABELS[name]}</label>
          </div>
        ))}
        <FieldError error={error} name="events" />
      </fieldset>
      <FormError error={error} shown={["url", "tags", "events", "format"]} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Adding…" : "Add webhook"}
        </button>
        <p role="status" class="muted">
          {status}
        </p>
      </div>
    </form>
  );
}

function WebhookItem({ hook, changed }: { hook: Webhook; changed: () => void }) {
  const [error, setError] = useState("");
  const [showing, setShowing] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setError("");
    try {
      await action();
      changed();
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  const remove = () => {
    if (confirm(`Remove the webhook to ${hook.url}? Its deliveries go with it.`)) void act(() => webhooks.remove(hook.id));
  };
  return (
    <li class="webhook">
      <p class="webhook-url">
        <strong>{hook.url}</strong> {!hook.is_active && <span class="badge">paused</span>}
      </p>
      <p class="muted">
        {hook.format === "slack" ? "Slack-compatible" : "Generic JSON"} · {hook.tags.length ? hook.tags.join(", ") : "every tag"} ·{" "}
        {hook.events.map((e) => EVENT_LABELS[e].replace("A question is ", "")).join(", ")}
      </p>
      <details>
        <summary>Signing secret</summary>
        <code class="secret">{hook.secret}</code>
      </details>
      <ActionError error={error} />
      <div class="actions">
        <button type="button" class="button small" onClick={() => act(() => webhooks.update(hook.id, { is_active: !hook.is_active }))}>
          {hook.is_active ? "Pause" : "Resume"}
        </button>
        <button type="button" class="button small" aria-expanded={showing} onClick={() => setShowing(!showing)}>
          {showing ? "Hide deliveries" : "Show deliveries"}
        </button>
        <button type="button" class="link-button" onClick={remove}>
          Remove
        </button>
      </div>
      {showing && <Deliveries hook={hook} />}
    </li>
  );
}

function Deliveries({ hook }: { hook: Webhook }) {
  const list = useLoad(() => webhooks.deliveries(hook.id), `deliveries-${hook.id}`);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading label="Loading deliveries" />;
  if (list.data.length === 0) return <p class="muted">Nothing posted yet.</p>;
  return (
    <div class="deliveries">
      <button type="button" class="link-button" onClick={list.reload}>
        Refresh
      </button>
      <table>
        <caption>{list.data.length === 1 ? "The last delivery" : `The last ${list.data.length} deliveries`}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Result</th>
            <th scope="col">Answer</th>
            <th scope="col">Took</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((d: Delivery) => (
            <tr key={d.id}>
              <td>{age(d.created_at)}</td>
              <td>{d.event}</td>
              <td>
                {d.status}
                {d.attempts > 1 ? ` (${d.attempts} tries)` : ""}
              </td>
              <td>{d.status_code ?? (d.last_error ? d.last_error : "–")}</td>
              <td>{d.duration_ms !== null ? `${d.duration_ms} ms` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
