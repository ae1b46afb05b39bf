// A Markdown textarea with a Preview tab rendered by the server (the same rules as a saved post).
import { useState } from "preact/hooks";
import { markdown } from "../api/resources";
import { describedBy, FieldError } from "./Fields";
import { ServerHtml } from "./ServerHtml";

interface Props {
  name: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error: unknown;
  rows?: number;
  hint?: string;
}

export function MarkdownEditor({ name, label, value, onInput, error, rows = 8, hint }: Props) {
  const [previewing, setPreviewing] = useState(false);
  const [preview, setPreview] = useState<{ html?: string; failed?: boolean; loading?: boolean }>({});
  const hintId = `${name}-hint`;

  const showPreview = async () => {
    setPreviewing(true);
    setPreview({ loading: true });
    try {
      setPreview({ html: (await markdown.preview(value)).html });
    } catch {
      setPreview({ failed: true });
    }
  };

  return (
    <div class="field markdown-editor">
      <div class="editor-head">
        <label for={name}>{label}</label>
        <div class="editor-modes" role="group" aria-label={`${label}: mode`}>
          <button type="button" class="mode" aria-pressed={!previewing} onClick={() => setPreviewing(false)}>
            Write
          </button>
          <button type="button" class="mode" aria-pressed={previewing} onClick={showPreview}>
            Preview
          </button>
        </div>
      </div>
      <p class="hint" id={hintId}>
        {hint ?? "Markdown: **bold**, `code`, lists, [links](https://…). Blank line for a new paragraph."}
      </p>
      <textarea
        id={name}
        name={name}
        rows={rows}
        value={value}
        hidden={previewing}
        onInput={(event) => onInput((event.target as HTMLTextAreaElement).value)}
        {...describedBy(error, name, hintId)}
      />
      {previewing && (
        <div class="preview" aria-live="polite" aria-label={`${label}: preview`} role="region">
          {preview.loading && <p class="muted">Rendering…</p>}
          {preview.failed && <p class="field-error">The preview could not be rendered. Try again.</p>}
          {preview.html !== undefined &&
            (preview.html ? <ServerHtml class="post-body" html={preview.html} /> : <p class="muted">Nothing to preview yet.</p>)}
        </div>
      )}
      <FieldError error={error} name={name} />
    </div>
  );
}
