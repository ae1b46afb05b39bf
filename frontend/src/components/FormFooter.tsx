import { ActionError } from "./Fields";

interface Props {
  /** What went wrong with the last try, said as text; nothing when empty. */
  error: string;
  /** The submit button's label, e.g. "Send flag". */
  submit: string;
  onCancel: () => void;
}

/** The end of a small inline form (flag, label): the error, then submit and Cancel. */
export function FormFooter({ error, submit, onCancel }: Props) {
  return (
    <>
      <ActionError error={error} />
      <div class="actions">
        <button class="button small" type="submit">
          {submit}
        </button>
        <button class="link-button" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
