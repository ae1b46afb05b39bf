/** What moderation says about a post: hidden pending review or waiting for approval (its
 * author and moderators only ever see such a post), and soft labels on answers. */
import { hiddenNotice } from "../postState";

export function HiddenNotice({ post, what }: { post: { hidden?: boolean; held?: boolean }; what: string }) {
  const text = hiddenNotice(post, what);
  if (!text) return null;
  return (
    <p class="notice hidden-notice" role="note">
      {text}
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
