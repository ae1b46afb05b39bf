import { useState } from "preact/hooks";
import { MAIL_KINDS, type MailKind, unsubscribe } from "../api/mail";
import { ActionError, failureText } from "../components/Fields";
import { loadSession } from "../session";
import { useTitle } from "../useLoad";

/** /unsubscribe?token=...: where a mail's unsubscribe link leads in a browser. Opening it
 * changes nothing (mail scanners open links); the button does, without signing in. */
export function Unsubscribe({ url }: { url: URL }) {
  useTitle("Unsubscribe");
  const token = url.searchParams.get("token") ?? "";
  const asked = url.searchParams.get("kind");
  const kind: MailKind | null = asked === "activity" || asked === "digest" ? asked : null;
  const [done, setDone] = useState<MailKind | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    setError("");
    try {
      setDone((await unsubscribe(token)).kind);
      void loadSession();
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section class="unsubscribe">
        <h1>You are unsubscribed</h1>
        <p role="status">You will get no more {MAIL_KINDS[done]}.</p>
        <p>
          Changed your mind? Turn it back on in <a href="/settings">your settings</a>.
        </p>
      </section>
    );
  }
  return (
    <section class="unsubscribe">
      <h1>Unsubscribe</h1>
      {token ? (
        <>
          <p>Stop {kind ? MAIL_KINDS[kind] : "this kind of mail"}?</p>
          <ActionError error={error} />
          <button type="button" class="button primary" disabled={busy} onClick={confirm}>
            {busy ? "Unsubscribing…" : "Unsubscribe"}
          </button>
        </>
      ) : (
        <p>This page needs the link from one of our mails. To choose what we mail you, open <a href="/settings">your settings</a>.</p>
      )}
    </section>
  );
}
