import { useState } from "preact/hooks";
import type { Revision } from "../api/types";
import { fullDate } from "../format";
import { ActionError, failureText } from "./Fields";
import { ServerHtml } from "./ServerHtml";
import { ErrorState, Loading } from "./States";

/** The versions of a question, an answer, a comment or a tag's description, loaded when opened:
 * each shows what changed from the one before (removed words struck through, added ones
 * underlined), the first its whole text. */
export function Revisions({
  what,
  fetch,
  restore,
  summary = "Revision history",
}: {
  /** What was edited, for the text: "question", "answer", "comment", "description". */
  what: string;
  fetch: () => Promise<Revision[]>;
  /** Given to the post's author and moderators: back to an earlier version (a new revision). */
  restore?: (revisionId: number) => Promise<void>;
  summary?: string;
}) {
  const [restoreError, setRestoreError] = useState("");
  const [items, setItems] = useState<Revision[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (again = false) => {
    if (items && !again) return;
    try {
      setItems(await fetch());
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <details class="revisions" onToggle={(e) => (e.target as HTMLDetailsElement).open && load()}>
      <summary>{summary}</summary>
      <ActionError error={restoreError} />
      {error ? (
        <ErrorState error={error} />
      ) : !items ? (
        <Loading label="Loading revisions" />
      ) : items.length === 0 ? (
        <p class="muted">This {what} has not been edited.</p>
      ) : (
        <ol class="revision-list">
          {items.map((revision, index) => (
            <li key={revision.id}>
              <p class="muted">
                Version {items.length - index} · {fullDate(revision.created_at)} · {revision.editor ? revision.editor.display_name : "Anonymous"}
              </p>
              {revision.title_diff_html ? (
                <ServerHtml as="div" class="revision-title revision-diff" html={revision.title_diff_html} />
              ) : (
                revision.title && <p class="revision-title">{revision.title}</p>
              )}
              {revision.tags && revision.tags.length > 0 && <p class="muted">Tags: {revision.tags.join(", ")}</p>}
              {revision.diff_html !== null ? (
                <>
                  <ServerHtml as="div" class="revision-body revision-diff" html={revision.diff_html} />
                  <details class="revision-full">
                    <summary>Whole text of version {items.length - index}</summary>
                    <pre class="revision-body">{revision.body}</pre>
                  </details>
                </>
              ) : (
                <pre class="revision-body">{revision.body}</pre>
              )}
              {restore && index > 0 && (
                <button
                  type="button"
                  class="button small"
                  onClick={async () => {
                    setRestoreError("");
                    try {
                      await restore(revision.id);
                      await load(true);
                    } catch (failure) {
                      setRestoreError(failureText(failure));
                    }
                  }}
                >
                  Restore version {items.length - index}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
