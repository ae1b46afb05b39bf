import { useState } from "preact/hooks";
import { questions } from "../api/resources";
import type { Revision } from "../api/types";
import { fullDate } from "../format";
import { ErrorState, Loading } from "./States";

/** The question's earlier versions, loaded when opened. */
export function Revisions({ questionId }: { questionId: number }) {
  const [items, setItems] = useState<Revision[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    if (items) return;
    try {
      setItems(await questions.revisions(questionId));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <details class="revisions" onToggle={(e) => (e.target as HTMLDetailsElement).open && load()}>
      <summary>Revision history</summary>
      {error ? (
        <ErrorState error={error} />
      ) : !items ? (
        <Loading label="Loading revisions" />
      ) : items.length === 0 ? (
        <p class="muted">This question has not been edited.</p>
      ) : (
        <ol class="revision-list">
          {items.map((revision, index) => (
            <li key={revision.id}>
              <p class="muted">
                Version {items.length - index} · {fullDate(revision.created_at)} · {revision.editor ? revision.editor.display_name : "Anonymous"}
              </p>
              <p class="revision-title">{revision.title}</p>
              {revision.tags && <p class="muted">Tags: {revision.tags.join(", ")}</p>}
              <pre class="revision-body">{revision.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
