import { moderates } from "../privileges";
import { useState } from "preact/hooks";
import { moderation } from "../api/moderation";
import type { CurrentUser } from "../api/types";
import { ActionError, failureText } from "./Fields";

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
      setError(failureText(failure));
    }
  };
  return (
    <div class="notice" role="note">
      Closed as a duplicate of <a href={`/questions/${originalId}`}>another question</a>.
      {moderates(user) && (
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
