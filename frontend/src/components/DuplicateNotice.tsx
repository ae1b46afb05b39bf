import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { moderation } from "../api/moderation";
import type { CurrentUser } from "../api/types";
import { ActionError } from "./Fields";

interface Props {
  questionId: number;
  originalId: number;
  user: CurrentUser | null | undefined;
  /** Called once the question is reopened, to show it open (or resolved) again. */
  reopened: () => void;
}

/** "Closed as a duplicate", with a way back for moderators when it was not one. */
export function DuplicateNotice({ questionId, originalId, user, reopened }: Props) {
  const [error, setError] = useState("");
  const reopen = async () => {
    try {
      await moderation.reopenDuplicate(questionId);
      reopened();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "That did not work. Try again.");
    }
  };
  return (
    <div class="notice" role="note">
      Closed as a duplicate of <a href={`/questions/${originalId}`}>another question</a>.
      {user && user.role !== "member" && (
        <>
          {" "}
          <button type="button" class="link-button" onClick={reopen}>
            Reopen: not a duplicate
          </button>
        </>
      )}
      <ActionError error={error} />
    </div>
  );
}
