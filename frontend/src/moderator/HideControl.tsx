import { useState } from "preact/hooks";
import { moderation, type PostKind } from "../api/moderation";
import { FormFooter } from "../components/FormFooter";
import { ActionError, failureText } from "../components/Fields";

interface Props {
  kind: PostKind;
  id: number;
  hidden: boolean;
  /** What the post is, for labels: "question", "answer", "comment". */
  what: string;
  changed: (hidden: boolean) => void;
}

/** Moderators: hide a post with a reason its author is told, or show a hidden one again. */
export function HideControl({ kind, id, hidden, what, changed }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const field = `hide-${kind}-${id}`;

  const restore = async () => {
    try {
      changed((await moderation.restore(kind, id)).hidden);
      setError("");
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const hide = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError("Say why: the author is told.");
      return;
    }
    try {
      changed((await moderation.hide(kind, id, reason.trim())).hidden);
      setOpen(false);
      setReason("");
      setError("");
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  if (hidden) {
    return (
      <>
        <button type="button" class="link-button" onClick={restore} aria-label={`Restore this ${what}`}>
          Restore
        </button>
        <ActionError error={error} inline />
      </>
    );
  }
  if (!open) {
    return (
      <button type="button" class="link-button" onClick={() => setOpen(true)} aria-label={`Hide this ${what}`}>
        Hide
      </button>
    );
  }
  return (
    <form class="flag-form" onSubmit={hide} noValidate aria-label={`Hide this ${what}`}>
      <label for={field}>Why hide it? (the author is told; kept in the log)</label>
      <input id={field} type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <FormFooter error={error} submit={`Hide ${what}`} onCancel={() => (setOpen(false), setError(""))} />
    </form>
  );
}
