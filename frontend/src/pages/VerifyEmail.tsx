import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { emailAddress } from "../api/accounts";
import { Loading } from "../components/States";
import { signedIn, useSession } from "../session";
import { useTitle } from "../useLoad";

/** /verify-email?token=...: the link from the mail confirms the address at once. */
export function VerifyEmail({ url }: { url: URL }) {
  useTitle("Confirm your address");
  const token = url.searchParams.get("token") ?? "";
  const user = useSession();
  const [state, setState] = useState<"working" | "done" | string>("working");
  useEffect(() => {
    emailAddress.confirm(token).then(
      (account) => {
        setState("done");
        signedIn(account);
      },
      (error: unknown) => setState(error instanceof ApiError ? error.message : "This link did not work."),
    );
  }, [token]);

  if (state === "working") return <Loading label="Confirming your address" />;
  return (
    <div class="narrow">
      <h1>Confirm your address</h1>
      {state === "done" ? (
        <p role="status">Your address is confirmed: you can ask, answer and comment now.</p>
      ) : (
        <>
          <p class="field-error" role="alert">
            {state}
          </p>
          {user ? <p>Your <a href="/settings">settings</a> send a new link.</p> : <p><a href="/signin?next=%2Fsettings">Sign in</a> to ask for a new link.</p>}
        </>
      )}
      <p>
        <a href="/">Go to the questions</a>
      </p>
    </div>
  );
}
