// What the signed-in person may do, as the API says (GET /auth/me, sign-in, sign-up): admins
// change the reputation thresholds at run time, so the frontend never compares reputations.
import type { CurrentUser, Privilege } from "./api/types";

type Viewer = CurrentUser | null | undefined;

export function may(user: Viewer, privilege: Privilege): boolean {
  return !!user?.privileges?.[privilege];
}

/** Flagging and labelling are for other people's posts (an anonymous author is someone else). */
export function mayOnOthers(user: Viewer, authorId: number | undefined, privilege: "flag" | "label"): boolean {
  return !!user && authorId !== user.id && may(user, privilege);
}

/** What only a post's author or a moderator does (the API's can_modify): restoring an earlier version. */
export function mayChange(user: Viewer, authorId: number | undefined): boolean {
  return !!user && (authorId === user.id || moderates(user));
}

/** Why the down button is off, or undefined when it is on. Taking back one's own down vote
 * stays possible (the API only checks new down votes). */
export function whyNoDownvote(user: Viewer, myVote: number): string | undefined {
  if (!user || myVote === -1 || may(user, "downvote")) return undefined;
  return "Voting down needs more reputation";
}

/** Moderators and admins: the moderation tools on threads, posts and profiles. */
export function moderates(user: Viewer): user is CurrentUser {
  return !!user && user.role !== "member";
}
