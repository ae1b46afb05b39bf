import { useState } from "preact/hooks";
import { moderation } from "../api/moderation";
import { ActionError, failureText } from "./Fields";
import { FormFooter } from "./FormFooter";

type Label = "needs-verification" | "outdated";

interface Props {
  answerId: number;
  label: Label | null | undefined;
  onChange: (label: Label | null, note: string | null) => void;
}

/** Moderators and trusted members mark an answer instead of hiding it (it stays visible). */
export function LabelControl({ answerId, label, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<Label>("needs-verification");
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const field = `label-${answerId}`;

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      setError("");
      setOpen(false);
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await moderation.label(answerId, choice, note.trim());
      onChange(choice, note.trim());
    });
  };
  const remove = () =>
    run(async () => {
      await moderation.unlabel(answerId);
      onChange(null, null);
    });

  if (label) {
    return (
      <>
        <button type="button" class="link-button" onClick={remove}>
          Remove label
        </button>
        <ActionError error={error} inline />
      </>
    );
  }
  if (!open) {
    return (
      <button type="button" class="link-button" onClick={() => setOpen(true)}>
        Label
      </button>
    );
  }
  return (
    <form class="flag-form" onSubmit={save} noValidate>
      <fieldset>
        <legend>Label this answer (it stays visible)</legend>
        <label class="radio">
          <input type="radio" name={field} checked={choice === "needs-verification"} onChange={() => setChoice("needs-verification")} /> Needs verification
        </label>
        <label class="radio">
          <input type="radio" name={field} checked={choice === "outdated"} onChange={() => setChoice("outdated")} /> Outdated
        </label>
      </fieldset>
      <label for={`${field}-note`}>What should readers know?</label>
      <input id={`${field}-note`} type="text" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <FormFooter error={error} submit="Save label" onCancel={() => setOpen(false)} />
    </form>
  );
}
