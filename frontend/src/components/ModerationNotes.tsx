/** What moderation says about a post: hidden pending review (its author and moderators
 * only ever see such a post), and soft labels on answers. */

export function HiddenNotice({ what }: { what: string }) {
  return (
    <p class="notice hidden-notice" role="note">
      This {what} is hidden pending review: only you and the moderators can see it. Editing it sends it back for review.
    </p>
  );
}

const LABELS: Record<string, string> = {
  "needs-verification": "Needs verification",
  outdated: "Outdated",
};

export function AnswerLabel({ label, note }: { label: string | null | undefined; note: string | null | undefined }) {
  if (!label) return null;
  return (
    <p class="notice answer-label" role="note">
      <strong>{LABELS[label] ?? label}</strong>
      {note ? `: ${note}` : ""}
    </p>
  );
}
