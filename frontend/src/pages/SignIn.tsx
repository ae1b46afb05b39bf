import { useRef, useState } from "preact/hooks";
import { describedBy, Field, focusFirstInvalid, FormError } from "../components/Fields";
import { navigate, safeNext } from "../router";
import { signIn, signUp } from "../session";
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
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const next = safeNext(url.searchParams.get("next"));
  const other = `${signingUp ? "/signin" : "/signup"}${url.search}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (signingUp) await signUp(email, password, name);
      else await signIn(email, password);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>{signingUp ? "Create an account" : "Sign in"}</h1>
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
      </p>
    </div>
  );
}
