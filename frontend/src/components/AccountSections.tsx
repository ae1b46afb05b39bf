// The Settings page's account sections: profile, email, password, one's data and leaving.
import { useRef, useState } from "preact/hooks";
import { deleteAccount, EXPORT_URL, emailAddress, passwords, profile } from "../api/accounts";
import type { CurrentUser } from "../api/types";
import { ActionError, describedBy, failureText, Field, focusFirstInvalid, FormError, renamed } from "./Fields";
import { navigate } from "../router";
import { loadSession, signedIn, signOutLocally } from "../session";

function useForm() {
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const run = async (event: Event, action: () => Promise<string>) => {
    event.preventDefault();
    setBusy(true);
    setStatus("");
    try {
      setStatus(await action());
      setError(null);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };
  return { error, status, busy, form, run };
}

/** Shown until the address is confirmed, where the site asks for that. */
export function VerificationNotice({ user }: { user: CurrentUser }) {
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  if (user.email_verified !== false) return null;
  const resend = async () => {
    setError("");
    try {
      await emailAddress.resend();
      setStatus(`A new link is on its way to ${user.email}.`);
    } catch (failure) {
      setError(failureText(failure, "Could not send a new link."));
    }
  };
  return (
    <div class="notice" role="status">
      <p>
        Confirm your address to ask, answer and comment: open the link we mailed to <strong>{user.email}</strong>.{" "}
        <button type="button" class="link-button" onClick={resend}>
          Send a new link
        </button>
      </p>
      {status && <p>{status}</p>}
      <ActionError error={error} />
    </div>
  );
}

export function ProfileSection({ user }: { user: CurrentUser }) {
  const [name, setName] = useState(user.display_name);
  const [about, setAbout] = useState(user.about ?? "");
  const { error, status, busy, form, run } = useForm();
  const submit = (event: Event) =>
    run(event, async () => {
      signedIn(await profile.save({ display_name: name.trim(), about }));
      return "Profile saved.";
    });
  return (
    <section class="account-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <form ref={form} onSubmit={submit} noValidate>
        <Field label="Your name" name="display_name" error={error} hint="How colleagues see you next to your posts.">
          <input id="display_name" type="text" autocomplete="name" value={name} maxLength={60} onInput={(e) => setName((e.target as HTMLInputElement).value)} {...describedBy(error, "display_name", "display_name-hint")} />
        </Field>
        <Field label="About me" name="about" error={error} hint="What you work on and what people may ask you about (Markdown). Shown on your profile.">
          <textarea id="about" rows={4} maxLength={5000} value={about} onInput={(e) => setAbout((e.target as HTMLTextAreaElement).value)} {...describedBy(error, "about", "about-hint")} />
        </Field>
        <FormError error={error} shown={["display_name", "about"]} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Save profile
          </button>
          <p role="status" class="muted">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}

export function EmailSection({ user }: { user: CurrentUser }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { error: failure, status, busy, form, run } = useForm();
  const error = renamed(failure, { email: "new_email", password: "email_password" });
  if (user.has_password === false) {
    return (
      <section class="account-section" aria-labelledby="email-heading">
        <h2 id="email-heading">Email</h2>
        <p>
          <strong>{user.email}</strong> comes from your company account: it changes there.
        </p>
      </section>
    );
  }
  const submit = (event: Event) =>
    run(event, async () => {
      const changed = await emailAddress.change(email.trim(), password);
      signedIn(changed);
      setEmail("");
      setPassword("");
      return changed.email_verified ? "Email changed." : `Email changed: confirm it with the link we mailed to ${changed.email}.`;
    });
  return (
    <section class="account-section" aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p>
        Now <strong>{user.email}</strong>
        {user.email_verified === false ? " (not confirmed yet)" : ""}.
      </p>
      <form ref={form} onSubmit={submit} noValidate>
        <Field label="New email" name="new_email" error={error}>
          <input id="new_email" type="email" autocomplete="email" value={email} maxLength={254} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} {...describedBy(error, "new_email")} />
        </Field>
        <Field label="Your password" name="email_password" error={error}>
          <input id="email_password" type="password" autocomplete="current-password" value={password} maxLength={256} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} {...describedBy(error, "email_password")} />
        </Field>
        <FormError error={error} shown={["new_email", "email_password"]} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Change email
          </button>
          <p role="status" class="muted">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}

export function PasswordSection({ user }: { user: CurrentUser }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { error, status, busy, form, run } = useForm();
  if (user.has_password === false) return null;
  const submit = (event: Event) =>
    run(event, async () => {
      await passwords.change(current, next);
      setCurrent("");
      setNext("");
      await loadSession();
      return "Password changed. You stay signed in here; everywhere else you were signed in is signed out.";
    });
  return (
    <section class="account-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form ref={form} onSubmit={submit} noValidate>
        <Field label="Current password" name="current_password" error={error}>
          <input id="current_password" type="password" autocomplete="current-password" value={current} maxLength={256} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} {...describedBy(error, "current_password")} />
        </Field>
        <Field label="New password" name="new_password" error={error} hint="At least 8 characters.">
          <input id="new_password" type="password" autocomplete="new-password" value={next} maxLength={256} onInput={(e) => setNext((e.target as HTMLInputElement).value)} {...describedBy(error, "new_password", "new_password-hint")} />
        </Field>
        <FormError error={error} shown={["current_password", "new_password"]} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Change password
          </button>
          <p role="status" class="muted">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}

export function DataSection({ user }: { user: CurrentUser }) {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const { error: failure, busy, form, run } = useForm();
  const error = renamed(failure, { password: "delete_password" });
  const needsPassword = user.has_password !== false;
  const submit = (event: Event) =>
    run(event, async () => {
      await deleteAccount(needsPassword ? password : null);
      signOutLocally();
      navigate("/?account=deleted", { replace: true });
      return "";
    });
  return (
    <section class="account-section" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p>
        <a href={EXPORT_URL} download="commonplace-export.json">
          Download everything stored about you
        </a>{" "}
        (one JSON file: profile, posts and their revisions, comments, votes, follows, notifications).
      </p>
      {!confirming ? (
        <button type="button" class="button danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form ref={form} onSubmit={submit} noValidate class="danger-zone">
          <p>
            Your questions, answers and comments stay, shown as by a <em>former member</em>, and your votes keep counting. Your name, email, about me, follows,
            notifications, sessions and tokens are deleted. This cannot be undone.
          </p>
          {needsPassword && (
            <Field label="Your password, to delete the account" name="delete_password" error={error}>
              <input id="delete_password" type="password" autocomplete="current-password" value={password} maxLength={256} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} {...describedBy(error, "delete_password")} />
            </Field>
          )}
          <FormError error={error} shown={["delete_password"]} />
          <div class="actions">
            <button type="submit" class="button danger" disabled={busy}>
              Delete my account
            </button>
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
