import { useRef, useState } from "preact/hooks";
import { passwords } from "../api/accounts";
import { describedBy, Field, focusFirstInvalid, FormError } from "../components/Fields";
import { navigate } from "../router";
import { signedIn } from "../session";
import { useTitle } from "../useLoad";

/** /forgot-password: ask for a reset link by mail. */
export function ForgotPassword() {
  useTitle("Forgot your password");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await passwords.requestReset(email.trim());
      setError(null);
      setSent(true);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>Forgot your password</h1>
      {sent ? (
        <p role="status">
          If <strong>{email.trim()}</strong> has an account here, a link to choose a new password is on its way. It works once, for an hour.
        </p>
      ) : (
        <form ref={form} onSubmit={submit} noValidate class="account-form">
          <Field label="Work email" name="email" error={error} hint="We mail you a link to choose a new password.">
            <input id="email" type="email" autocomplete="email" value={email} maxLength={254} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} {...describedBy(error, "email", "email-hint")} />
          </Field>
          <FormError error={error} shown={["email"]} />
          <button type="submit" class="button primary" disabled={busy}>
            Mail me a link
          </button>
        </form>
      )}
      <p>
        <a href="/signin">Back to sign in</a>
      </p>
    </div>
  );
}

/** /reset-password?token=...: the link from the mail; choose a new password and sign in. */
export function ResetPassword({ url }: { url: URL }) {
  useTitle("Choose a new password");
  const token = url.searchParams.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      signedIn(await passwords.reset(token, password));
      navigate("/settings?password=reset", { replace: true });
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>Choose a new password</h1>
      <p>Every other place you are signed in will be signed out.</p>
      <form ref={form} onSubmit={submit} noValidate class="account-form">
        <Field label="New password" name="password" error={error} hint="At least 8 characters.">
          <input id="password" type="password" autocomplete="new-password" value={password} maxLength={256} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} {...describedBy(error, "password", "password-hint")} />
        </Field>
        <FormError error={error} shown={["password"]} />
        <button type="submit" class="button primary" disabled={busy || !token}>
          Set the new password
        </button>
      </form>
      <p>
        <a href="/forgot-password">Ask for a new link</a>
      </p>
    </div>
  );
}
