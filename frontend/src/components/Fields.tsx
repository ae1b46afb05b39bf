// Form fields that show the API's messages for their own name right beside them.
import type { ComponentChildren } from "preact";
import { ApiError, REQUEST_FIELD } from "../api/client";

/** What to tell someone when an action failed: the API's message, or the fallback. */
export function failureText(failure: unknown, fallback = "That did not work. Try again."): string {
  return failure instanceof ApiError ? failure.message : fallback;
}

export function fieldErrors(error: unknown, name: string): string[] {
  return error instanceof ApiError ? error.forField(name) : [];
}

/** aria attributes tying a control to its error message. */
export function describedBy(error: unknown, name: string, hintId?: string) {
  const invalid = fieldErrors(error, name).length > 0;
  const ids = [hintId, invalid ? `${name}-error` : undefined].filter(Boolean).join(" ");
  return { "aria-invalid": invalid ? ("true" as const) : undefined, "aria-describedby": ids || undefined };
}

export function FieldError({ error, name }: { error: unknown; name: string }) {
  const messages = fieldErrors(error, name);
  if (!messages.length) return null;
  return (
    <p id={`${name}-error`} class="field-error">
      {messages.join(" ")}
    </p>
  );
}

/** What went wrong with the last action (a button's, not a form field's), announced; nothing when
 * empty. `inline` puts it in the line beside the button instead of a paragraph below. */
export function ActionError({ error, inline = false }: { error: string; inline?: boolean }) {
  if (!error) return null;
  return inline ? (
    <span class="field-error" role="alert">
      {" "}
      {error}
    </span>
  ) : (
    <p class="field-error" role="alert">
      {error}
    </p>
  );
}

/** The error's general message, plus any field messages no control on the form shows. When the
 * server named fields, its message (which names them too) gives way to a pointer at them. */
export function FormError({ error, shown }: { error: unknown; shown: string[] }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) return <p class="form-error" role="alert">Something went wrong. Try again.</p>;
  const others = Object.entries(error.fields).filter(([field]) => !shown.includes(field) || field === REQUEST_FIELD);
  const byField = Object.keys(error.fields).length > 0;
  const summary = !byField ? error.message : others.length ? "Some of this was not accepted:" : "Check the fields marked below.";
  return (
    <div class="form-error" role="alert">
      <p>{summary}</p>
      {others.length > 0 && (
        <ul>
          {others.map(([field, messages]) => (
            <li key={field}>{field === REQUEST_FIELD ? messages.join(" ") : `${field}: ${messages.join(" ")}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Field(props: { label: string; name: string; error: unknown; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      <FieldError error={props.error} name={props.name} />
    </div>
  );
}

/** After a failed submit, put the cursor on the first field the server complained about. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/** The API names the field "body"; on a page with several editors each has its own id. */
export function remap(error: unknown, name: string): unknown {
  if (!(error instanceof ApiError) || !error.fields.body) return error;
  return new ApiError(error.status, error.message, { ...error.fields, [name]: error.fields.body });
}

/** The API's field names as this form's ids, where one page has two fields of one name. */
export function renamed(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof ApiError)) return error;
  const fields = Object.fromEntries(Object.entries(error.fields).map(([field, messages]) => [names[field] ?? field, messages]));
  return new ApiError(error.status, error.message, fields);
}
