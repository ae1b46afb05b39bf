import { useRef, useState } from "preact/hooks";
import { type SignInOptions, ssoLoginUrl } from "../api/accounts";
import { describedBy, Field, focusFirstInvalid, FormError } from "../components/Fields";
import { Loading } from "../components/States";
import { navigate, safeNext } from "../router";
import { signIn, signUp, useSignInOptions } from "../session";
import { useTitle } from "../useLoad";

export function SignIn({ url }: { url: URL }) {
  return <AccountForm url={url} mode="signin" />;
}

export function SignUp({ url }: { url: URL }) {
  return <AccountForm url={url} mode="signup" />;
}

function AccountForm({ url, mode }: { url: URL; mode: "signin" | "signup" }) {
  const signingUp = mode === "signup";
  useTitle(signingUp ? "Create an account" : "Sign in");
  const options = useSignInOptions();
  const next = safeNext(url.searchParams.get("next"));
  if (options === undefined) return <Loading />;
  const sso = options ? ssoLoginUrl(options, next) : null;
  const passwords = options?.passwords ?? true;
  return (
    <div class="narrow">
      <h1>{signingUp ? "Create an account" : "Sign in"}</h1>
      {options?.require_sign_in && !signingUp && <p>This Commonplace is private to its members: sign in to read it.</p>}
      {options?.sso_error && (
        <p class="field-error" role="alert">
          {options.sso_error}
        </p>
      )}
      {sso && options && (
        <p>
          <a class="button primary sso-button" href={sso}>
            {options.sso_label}
          </a>
        </p>
      )}
      {passwords ? (
        <PasswordForm url={url} mode={mode} next={next} options={options} />
      ) : (
        <p class="muted">Accounts here are your company account: use the button above{signingUp ? " to make yours" : ""}.</p>
      )}
    </div>
  );
}

function PasswordForm({ url, mode, next, options }: { url: URL; mode: "signin" | "signup"; next: string; options: SignInOptions | null }) {
  const signingUp = mode === "signup";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [mailed, setMailed] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const other = `${signingUp ? "/signin" : "/signup"}${url.search}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (signingUp) {
        if ((await signUp(email, password, name)) === null) {
          setMailed(email.trim());
          return;
        }
      } else await signIn(email, password);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  if (mailed) {
    return (
      <div class="notice" role="status">
        <p>
          <strong>Check your mail.</strong> We sent a link to <strong>{mailed}</strong>: open it to finish your account. It works for 48 hours.
        </p>
      </div>
    );
  }
  return (
    <>
      {options?.sso && <p class="muted or-divider">or with a password</p>}
      <form ref={form} onSubmit={submit} noValidate class="account-form">
        {signingUp && (
          <Field label="Your name" name="display_name" error={error} hint="How colleagues will see you.">
            <input id="display_name" type="text" autocomplete="name" value={name} maxLength={60} onInput={(e) => setName((e.target as HTMLInputElement).value)} {...describedBy(error, "display_name", "display_name-hint")} />
          </Field>
        )}
        <Field label="Work email" name="email" error={error}>
          <input id="email" type="email" autocomplete="email" value={email} maxLength={254} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} {...describedBy(error, "email")} />
        </Field>
        <Field label="Password" name="password" error={error} hint={signingUp ? "At least 8 characters." : undefined}>
          <input
            id="password"
            type="password"
            autocomplete={signingUp ? "new-password" : "current-password"}
            value={password}
            maxLength={256}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            {...describedBy(error, "password", signingUp ? "password-hint" : undefined)}
          />
        </Field>
        <FormError error={error} shown={["display_name", "email", "password"]} />
        <button type="submit" class="button primary" disabled={busy}>
          {signingUp ? "Create account" : "Sign in"}
        </button>
      </form>
      <p>
        {signingUp ? "Already have an account? " : "New here? "}
        <a href={other}>{signingUp ? "Sign in" : "Create an account"}</a>
        {!signingUp && (
          <>
            {" · "}
            <a href="/forgot-password">Forgot your password?</a>
          </>
        )}
      </p>
    </>
  );
}
