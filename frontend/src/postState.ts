// What a hidden post (only its author and moderators ever see one) says about why it is hidden.

interface Hideable {
  hidden?: boolean;
  /** Held by pre-moderation: a new member's post waiting for a moderator's approval. */
  held?: boolean;
  /** Held, and a moderator declined to publish it (until its author edits it). */
  rejected?: boolean;
}

/** The notice on a question or an answer. */
export function hiddenNotice(post: Hideable, what: string): string | null {
  if (post.held && post.rejected)
    return `A moderator did not publish this ${what}: only you and the moderators can see it. If you edit it, it goes back to them.`;
  if (post.held) return `Waiting for a moderator's approval: only you and the moderators can see this ${what} until then.`;
  if (post.hidden) return `This ${what} is hidden pending review: only you and the moderators can see it. Editing it sends it back for review.`;
  return null;
}

/** The short mark on a comment or a list row. */
export function hiddenBadge(post: Hideable): string | null {
  if (post.held && post.rejected) return "not published by a moderator";
  if (post.held) return "waiting for a moderator's approval";
  if (post.hidden) return "hidden pending review";
  return null;
}
