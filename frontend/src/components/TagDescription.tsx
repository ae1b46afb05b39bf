import { useState } from "preact/hooks";
import { tags as tagsApi } from "../api/resources";
import type { TagDetail } from "../api/types";
import { FormError, focusFirstInvalid, renamed } from "./Fields";
import { MarkdownEditor } from "./MarkdownEditor";
import { Revisions } from "./Revisions";
import { ServerHtml } from "./ServerHtml";

interface Props {
  tag: TagDetail;
  /** Moderators and members trusted to edit others' posts. */
  editable: boolean;
  changed: () => void;
}

/** A community's description in Markdown, its earlier versions, and an editor for those allowed. */
export function TagDescription({ tag, editable, changed }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(tag.description);
  const [error, setError] = useState<unknown>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await tagsApi.describe(tag.name, draft);
      setEditing(false);
      setError(null);
      changed();
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(event.target as HTMLFormElement);
    }
  };

  if (editing) {
    return (
      <form class="tag-description-form" onSubmit={save} noValidate aria-label="Edit the description">
        <MarkdownEditor
          name="tag-description"
          label={`What ${tag.name} is about`}
          value={draft}
          onInput={setDraft}
          error={renamed(error, { description: "tag-description" })}
          rows={6}
          hint="Who it is for, what belongs here, where else to look. Markdown works."
        />
        <FormError error={error} shown={["description"]} />
        <div class="actions">
          <button type="submit" class="button primary">
            Save description
          </button>
          <button type="button" class="link-button" onClick={() => (setEditing(false), setDraft(tag.description), setError(null))}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <div class="tag-description">
      {tag.description_html ? <ServerHtml class="post-body" html={tag.description_html} /> : editable && <p class="muted">No description yet: say what this community is about.</p>}
      {editable && (
        <button type="button" class="link-button" onClick={() => (setDraft(tag.description), setEditing(true))}>
          Edit description
        </button>
      )}
      <Revisions key={tag.description} what="description" fetch={() => tagsApi.revisions(tag.name)} summary="Description history" />
    </div>
  );
}
