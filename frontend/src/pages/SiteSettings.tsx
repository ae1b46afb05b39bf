import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { changesFrom, type Draft, draftOf, settingLabel, showValue, type SiteSetting, siteSettings } from "../api/settings";
import { describedBy, FieldError, focusFirstInvalid, FormError } from "../components/Fields";
import { ErrorState, Loading } from "../components/States";
import { age } from "../format";
import { signInPath } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";

/** /admin/settings: the site's thresholds, sign-up domains and rate limits (admins). */
export function SiteSettings() {
  useTitle("Site settings");
  const user = useSession();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <p>
        <a href={signInPath()}>Sign in</a> as an admin to change site settings.
      </p>
    );
  }
  if (user.role !== "admin") return <ErrorState error={new ApiError(403, "Only admins can see and change site settings.")} />;
  return <SettingsForm />;
}

function SettingsForm() {
  const settings = useLoad(() => siteSettings.list(), "settings");
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The form starts from (and after each save returns to) the values in force.
  useEffect(() => {
    if (settings.data) setDrafts(Object.fromEntries(settings.data.map((s) => [s.name, draftOf(s)])));
  }, [settings.data]);

  if (settings.error) return <ErrorState error={settings.error} retry={settings.reload} />;
  if (!settings.data) return <Loading label="Loading the site settings" />;
  const all = settings.data;

  const send = async (write: () => Promise<SiteSetting[]>, done: string) => {
    setBusy(true);
    setStatus("");
    try {
      settings.set(await write());
      setError(null);
      setStatus(done);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  const save = (event: Event) => {
    event.preventDefault();
    const changes = changesFrom(all, drafts);
    const count = Object.keys(changes).length;
    if (!count) {
      setError(null);
      setStatus("Nothing changed.");
      return;
    }
    void send(() => siteSettings.update(changes), count === 1 ? "Saved 1 change." : `Saved ${count} changes.`);
  };

  const draft = (name: string, value: Draft) => setDrafts((old) => ({ ...old, [name]: value }));

  return (
    <section class="site-settings">
      <h1>Site settings</h1>
      <p>
        Thresholds and limits for the whole site. Each one starts from the server's configuration; what you set here replaces it at once, for everyone, until you reset
        it. Every change is in the <a href="/moderation/log">moderation log</a>. To post new questions to your team chat, add <a href="/admin/webhooks">webhooks</a>. To change someone's role or account, see <a href="/admin/people">People</a>.
      </p>
      <form ref={form} onSubmit={save} noValidate>
        {all.map((setting) => (
          <SettingField key={setting.name} setting={setting} draft={drafts[setting.name] ?? draftOf(setting)} onDraft={draft} error={error} busy={busy} reset={() => send(() => siteSettings.reset(setting.name), `${settingLabel(setting.name)} is back to its default.`)} />
        ))}
        <FormError error={error} shown={all.map((s) => s.name)} />
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Saving…" : "Save changes"}
          </button>
          <p role="status" class="muted">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}

interface FieldProps {
  setting: SiteSetting;
  draft: Draft;
  onDraft: (name: string, value: Draft) => void;
  error: unknown;
  busy: boolean;
  reset: () => void;
}

function SettingField({ setting, draft, onDraft, error, busy, reset }: FieldProps) {
  const { name } = setting;
  const hintId = `${name}-hint`;
  const label = settingLabel(name);
  const bounds = setting.minimum !== null && setting.maximum !== null ? ` From ${setting.minimum} to ${setting.maximum}.` : "";
  const hint = (
    <p class="hint" id={hintId}>
      {setting.description}
      {bounds} Default: {showValue(setting.default)}. <code>{name}</code>
      {setting.overridden && setting.updated_at && (
        <>
          {" "}
          · Set by {setting.updated_by?.display_name ?? "an admin"} <time dateTime={setting.updated_at}>{age(setting.updated_at)}</time>
        </>
      )}
    </p>
  );
  const changed = setting.overridden && (
    <>
      {" "}
      <span class="badge">changed</span>
    </>
  );
  const resetButton = setting.overridden && (
    <p class="setting-reset">
      <button type="button" class="link-button" disabled={busy} onClick={reset}>
        Reset {label.toLowerCase()} to default
      </button>
    </p>
  );
  if (setting.type === "boolean") {
    return (
      <div class="field check-field setting">
        <input id={name} type="checkbox" checked={draft === true} onChange={(e) => onDraft(name, (e.target as HTMLInputElement).checked)} {...describedBy(error, name, hintId)} />
        <label for={name}>
          {label}
          {changed}
        </label>
        {hint}
        {resetButton}
        <FieldError error={error} name={name} />
      </div>
    );
  }
  return (
    <div class="field setting">
      <label for={name}>
        {label}
        {changed}
      </label>
      {hint}
      <input
        id={name}
        type="text"
        inputMode={setting.type === "integer" ? "numeric" : undefined}
        value={String(draft)}
        onInput={(e) => onDraft(name, (e.target as HTMLInputElement).value)}
        {...describedBy(error, name, hintId)}
      />
      {resetButton}
      <FieldError error={error} name={name} />
    </div>
  );
}
