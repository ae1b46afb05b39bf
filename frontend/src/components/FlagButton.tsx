import { useState } from "preact/hooks";
import { failureText } from "./Fields";
import { FLAG_REASONS, type FlagReason, moderation, type PostKind } from "../api/moderation";
import { FormFooter } from "./FormFooter";

interface Props {
  kind: PostKind;
  id: number;
  /** What the post is, for labels: "question", "answer", "comment". */
  what: string;
}

/** "Flag": an inline form asking why (one flag per person and post). */
export function FlagButton({ kind, id, what }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<FlagReason | "">("");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const name = `flag-${kind}-${id}`;

  const send = async (event: Event) => {
    event.preventDefault();
    if (!reason) {
      setError("Choose a reason.");
      return;
    }
    try {
      const result = await moderation.flag(kind, id, reason, note.trim() || undefined);
      setMessage(result.hidden ? "Thanks. The post is now hidden until a moderator looks at it." : "Thanks. A moderator will look at it.");
      setOpen(false);
      setError("");
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  if (message) {
    return (
      <p class="muted flag-done" role="status">
        {message}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" class="link-button" onClick={() => setOpen(true)} aria-label={`Flag this ${what}`}>
        Flag
      </button>
    );
  }
  return (
    <form class="flag-form" onSubmit={send} noValidate>
      <fieldset>
        <legend>Why should moderators look at this {what}?</legend>
        {FLAG_REASONS.map((option) => (
          <label key={option.value} class="radio">
            <input type="radio" name={name} value={option.value} checked={reason === option.value} onChange={() => setReason(option.value)} /> {option.label}
          </label>
        ))}
      </fieldset>
      <label for={`${name}-note`}>Note for the moderators (optional)</label>
      <input id={`${name}-note`} type="text" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <FormFooter error={error} submit="Send flag" onCancel={() => setOpen(false)} />
    </form>
  );
}
