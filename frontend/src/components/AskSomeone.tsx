import { useState } from "preact/hooks";
import { type Expert, experts as expertsApi } from "../api/community";
import type { CurrentUser } from "../api/types";
import { ActionError, failureText } from "./Fields";
import { ErrorState, Loading } from "./States";
import { plural } from "../format";

/** "Ask someone who knows this": the people who answer best in the question's tags, each
 * with a button that invites them to answer (they are notified and may decline). */
export function AskSomeone({ questionId, user }: { questionId: number; user: CurrentUser }) {
  const [list, setList] = useState<Expert[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [inviteError, setInviteError] = useState("");

  const load = async () => {
    if (list) return;
    try {
      setList(await expertsApi.ofQuestion(questionId));
    } catch (failure) {
      setError(failure);
    }
  };
  const invite = async (expert: Expert) => {
    setInviteError("");
    try {
      await expertsApi.invite(questionId, expert.id);
      setList((list ?? []).map((e) => (e.id === expert.id ? { ...e, invitation: "invited" } : e)));
    } catch (failure) {
      setInviteError(failureText(failure, "The invitation did not go out. Try again."));
    }
  };

  return (
    <details class="ask-someone" onToggle={(e) => (e.target as HTMLDetailsElement).open && load()}>
      <summary>Ask someone who knows this</summary>
      {error ? (
        <ErrorState error={error} />
      ) : !list ? (
        <Loading label="Finding people who know these tags" />
      ) : list.length === 0 ? (
        <p class="muted">No colleague has had an answer accepted or upvoted in these tags yet. Sharing the link with a colleague works too.</p>
      ) : (
        <>
          <p class="muted">They answer best in these tags. An invitation tells them; they may say no.</p>
          <ul class="expert-list">
            {list.map((expert) => (
              <li key={expert.id}>
                <a href={`/users/${expert.id}`}>{expert.display_name}</a>{" "}
                <span class="muted">
                  {expert.accepted_answers} accepted · {plural(expert.upvotes, "upvote")}
                </span>{" "}
                {expert.invitation === "invited" ? (
                  <span class="badge">Invited</span>
                ) : expert.invitation === "declined" ? (
                  <span class="badge">Declined</span>
                ) : expert.id === user.id ? null : (
                  <button type="button" class="button small" onClick={() => invite(expert)} aria-label={`Invite ${expert.display_name} to answer`}>
                    Invite
                  </button>
                )}
              </li>
            ))}
          </ul>
          <ActionError error={inviteError} />
        </>
      )}
    </details>
  );
}
