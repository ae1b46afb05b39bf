import { useEffect, useRef, useState } from "preact/hooks";
import { type AccountSettings, mailSettings } from "../api/mail";
import type { CurrentUser, Digest } from "../api/types";
import { describedBy, FieldError, focusFirstInvalid, FormError } from "../components/Fields";
import { DataSection, EmailSection, PasswordSection, ProfileSection, VerificationNotice } from "../components/AccountSections";
import { CommunitiesSection } from "../components/CommunitiesSection";
import { Loading } from "../components/States";
import { signInPath } from "../router";
import { loadSession, useSession } from "../session";
import { useTitle } from "../useLoad";

const DIGESTS: [Digest, string][] = [
  ["weekly", "Weekly"],
  ["daily", "Daily"],
  ["off", "Never"],
];

function settingsOf(user: CurrentUser): AccountSettings {
  return {
    email_activity: user.email_activity ?? true,
    digest: user.digest ?? "weekly",
    accepts_invitations: user.accepts_invitations ?? true,
  };
}

/** /settings: what Commonplace mails me, whether people may invite me to answer, the communities I
 * follow and mute, my profile, sign-in and data. */
export function Settings() {
  useTitle("Your settings");
  const user = useSession();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <p>
        <a href={signInPath()}>Sign in</a> to choose what Commonplace mails you.
      </p>
    );
  }
  return (
    <>
      <VerificationNotice user={user} />
      <SettingsForm user={user} />
      <CommunitiesSection userId={user.id} />
      <ProfileSection user={user} />
      <EmailSection user={user} />
      <PasswordSection user={user} />
      <section class="account-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        <p>
          Scripts and bots can read (or post) as you with a personal token: <a href="/settings/tokens">manage your tokens</a>.
        </p>
      </section>
      <DataSection user={user} />
    </>
  );
}

function SettingsForm({ user }: { user: CurrentUser }) {
  const [draft, setDraft] = useState<AccountSettings>(() => settingsOf(user));
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // Another tab (or the unsubscribe page) may have changed them: start from the account's.
  useEffect(() => setDraft(settingsOf(user)), [user.email_activity, user.digest, user.accepts_invitations]);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setStatus("");
    try {
      await mailSettings.save(draft);
      await loadSession();
      setError(null);
      setStatus("Saved.");
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };
  const set = (change: Partial<AccountSettings>) => setDraft((old) => ({ ...old, ...change }));

  return (
    <section class="account-settings">
      <h1>Your settings</h1>
      <p>
        Mail goes to <strong>{user.email}</strong>. Every mail also has a link to stop that kind of mail in one click.
      </p>
      <form ref={form} onSubmit={save} noValidate>
        <div class="field check-field">
          <input id="email_activity" type="checkbox" checked={draft.email_activity} onChange={(e) => set({ email_activity: (e.target as HTMLInputElement).checked })} {...describedBy(error, "email_activity", "email_activity-hint")} />
          <label for="email_activity">Mail me about activity on my posts</label>
          <p class="hint" id="email_activity-hint">
            Answers to your questions, comments on your posts, mentions, invitations to answer and your accepted answers. Several on one question within a few minutes come in one mail.
          </p>
          <FieldError error={error} name="email_activity" />
        </div>
        <div class="field">
          <label for="digest">Digest of my communities</label>
          <p class="hint" id="digest-hint">
            New questions and newly resolved threads in the tags you follow, questions you could help with first, and the thanks you received. Nothing is sent when there is nothing new.
          </p>
          <select id="digest" value={draft.digest} onChange={(e) => set({ digest: (e.target as HTMLSelectElement).value as Digest })} {...describedBy(error, "digest", "digest-hint")}>
            {DIGESTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError error={error} name="digest" />
        </div>
        <div class="field check-field">
          <input id="accepts_invitations" type="checkbox" checked={draft.accepts_invitations} onChange={(e) => set({ accepts_invitations: (e.target as HTMLInputElement).checked })} {...describedBy(error, "accepts_invitations", "accepts_invitations-hint")} />
          <label for="accepts_invitations">People may invite me to answer</label>
          <p class="hint" id="accepts_invitations-hint">
            Members can ask you to answer a question in a topic you know.
          </p>
          <FieldError error={error} name="accepts_invitations" />
        </div>
        <FormError error={error} shown={["email_activity", "digest", "accepts_invitations"]} />
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Saving…" : "Save settings"}
          </button>
          <p role="status" class="muted">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}
