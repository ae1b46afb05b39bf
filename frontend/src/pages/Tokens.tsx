import { useRef, useState } from "preact/hooks";
import { type ApiToken, apiTokens, expiryLabel, type TokenScope } from "../api/accounts";
import { ActionError, describedBy, failureText, Field, focusFirstInvalid, FormError } from "../components/Fields";
import { ErrorState, Loading } from "../components/States";
import { age } from "../format";
import { signInPath } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";

const EXPIRIES: [string, string][] = [
  ["30", "In 30 days"],
  ["90", "In 90 days"],
  ["365", "In a year"],
  ["", "Never"],
];

/** /settings/tokens: personal API tokens for scripts and bots. */
export function Tokens() {
  useTitle("API tokens");
  const user = useSession();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <p>
        <a href={signInPath()}>Sign in</a> to manage your API tokens.
      </p>
    );
  }
  return <TokenList />;
}

function TokenList() {
  const list = useLoad(() => apiTokens.list(), "tokens");
  const [made, setMade] = useState<(ApiToken & { token: string }) | null>(null);
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  return (
    <section class="tokens">
      <h1>API tokens</h1>
      <p>
        A script or bot sends a token as <code>Authorization: Bearer &lt;token&gt;</code> and acts as you: a <em>read</em> token only reads, a <em>read and write</em>{" "}
        token may also ask, answer and vote. Keep tokens secret; revoke one the moment it may have leaked.
      </p>
      <NewToken
        made={(token) => {
          setMade(token);
          list.reload();
        }}
      />
      {made && (
        <div class="notice" role="status">
          <p>
            Your new token <strong>{made.name}</strong>. Copy it now: it is not shown again.
          </p>
          <p>
            <code class="token-value">{made.token}</code>
          </p>
        </div>
      )}
      <h2>Your tokens</h2>
      {!list.data ? (
        <Loading label="Loading your tokens" />
      ) : list.data.length === 0 ? (
        <p class="muted">No tokens yet.</p>
      ) : (
        <ul class="token-list">
          {list.data.map((token) => (
            <TokenItem key={token.id} token={token} revoked={list.reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NewToken({ made }: { made: (token: ApiToken & { token: string }) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("read");
  const [expiry, setExpiry] = useState("90");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      made(await apiTokens.create(name.trim(), scope, expiry ? Number(expiry) : null));
      setName("");
      setError(null);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} onSubmit={submit} noValidate class="token-form">
      <h2>New token</h2>
      <Field label="Name" name="name" error={error} hint="What uses it, e.g. “team dashboard”.">
        <input id="name" type="text" value={name} maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} {...describedBy(error, "name", "name-hint")} />
      </Field>
      <fieldset class="field">
        <legend>It may</legend>
        <label class="check-field">
          <input type="radio" name="scope" value="read" checked={scope === "read"} onChange={() => setScope("read")} /> Read
        </label>
        <label class="check-field">
          <input type="radio" name="scope" value="write" checked={scope === "write"} onChange={() => setScope("write")} /> Read and write
        </label>
      </fieldset>
      <div class="field">
        <label for="token-expiry">Expires</label>
        <select id="token-expiry" value={expiry} onChange={(e) => setExpiry((e.target as HTMLSelectElement).value)}>
          {EXPIRIES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <FormError error={error} shown={["name", "scopes", "expires_in_days"]} />
      <button type="submit" class="button primary" disabled={busy}>
        Make the token
      </button>
    </form>
  );
}

function TokenItem({ token, revoked }: { token: ApiToken; revoked: () => void }) {
  const [error, setError] = useState("");
  const revoke = async () => {
    setError("");
    try {
      await apiTokens.revoke(token.id);
      revoked();
    } catch (failure) {
      setError(failureText(failure, "Could not revoke the token."));
    }
  };
  return (
    <li class="token-item">
      <strong>{token.name}</strong> <code>{token.prefix}…</code> · {token.scopes.includes("write") ? "read and write" : "read only"} · made {age(token.created_at)} ·{" "}
      {token.last_used_at ? `last used ${age(token.last_used_at)}` : "never used"} · {expiryLabel(token)}{" "}
      <button type="button" class="button small" onClick={revoke} aria-label={`Revoke ${token.name}`}>
        Revoke
      </button>
      <ActionError error={error} inline />
    </li>
  );
}
