// What a notification says and where it leads, as plain text (rendered as text, never HTML).
import type { Notification } from "./api/community";

const BADGE_NAMES: Record<string, string> = {
  first_question: "First question",
  first_answer: "First answer",
  first_accepted: "First accepted answer",
  helpful: "Helpful",
  problem_solver: "Problem solver",
  curious: "Curious",
  community_builder: "Community builder",
};

/** Moderation outcomes whose key does not read well in a sentence ("was … by the moderators"). */
const MODERATION_ACTIONS: Record<string, string> = {
  "closed-duplicate": "closed as a duplicate",
  rejected: "not published", // pre-moderation: said kindly, the reason explains
};

export function describe(n: Notification): string {
  const who = n.actor?.display_name ?? "Someone";
  const title = n.question ? `“${n.question.title}”` : "a question";
  switch (n.kind) {
    case "answered":
      return `${who} answered your question ${title}`;
    case "commented":
      return `${who} commented on your post in ${title}`;
    case "mentioned":
      return `${who} mentioned you in ${title}`;
    case "accepted":
      return `${who} accepted your answer to ${title}`;
    case "watched":
      if (n.data.event === "accepted") {
        return n.actor ? `${who} accepted an answer to ${title}, which you watch` : `An answer to ${title}, which you watch, was accepted`;
      }
      return `New activity on ${title}, which you watch`;
    case "followed_tag":
      return n.count > 1 ? `${n.count} new questions in ${n.tag ?? "a tag you follow"}` : `A new question in ${n.tag ?? "a tag you follow"}: ${title}`;
    case "invited":
      return `${who} invited you to answer ${title}`;
    case "badge": {
      const key = typeof n.data.badge === "string" ? n.data.badge : "";
      return `You earned the badge “${BADGE_NAMES[key] ?? key}”. Thank you for helping!`;
    }
    case "moderation": {
      // Sent by the moderators as a group (no actor): data.action, data.post_type, data.reason.
      const what = typeof n.data.post_type === "string" ? n.data.post_type : "post";
      const action = typeof n.data.action === "string" ? (MODERATION_ACTIONS[n.data.action] ?? n.data.action) : "reviewed"; // hidden, restored, labelled…
      const reason = typeof n.data.reason === "string" && n.data.reason ? `: ${n.data.reason}` : "";
      return `Your ${what} in ${title} was ${action} by the moderators${reason}`;
    }
    case "synthesis": {
      const tag = typeof n.data.tag === "string" ? n.data.tag : "a community you follow";
      const week = typeof n.data.week === "string" ? ` (${n.data.week})` : "";
      return `The weekly synthesis of ${tag}${week} is out: what was solved, who helped`;
    }
    default:
      return n.question ? `Something happened in ${title}` : "Something happened";
  }
}

/** Where the notification leads: the post, the tag's newest questions, or the profile. */
export function target(n: Notification, userId: number): string {
  if (n.kind === "followed_tag" && n.tag) return `/?tab=for-you`;
  if (n.kind === "badge") return `/users/${userId}`;
  if (n.kind === "synthesis" && typeof n.data.tag === "string") {
    return `/tags/${encodeURIComponent(n.data.tag)}/syntheses${typeof n.data.week === "string" ? `#${n.data.week}` : ""}`;
  }
  if (!n.question) return "/notifications";
  // The post itself: the comment, else the answer, else the thread.
  const anchor = n.comment_id ? `#comment-${n.comment_id}` : n.answer_id ? `#answer-${n.answer_id}` : "";
  return `/questions/${n.question.id}${anchor}`;
}
