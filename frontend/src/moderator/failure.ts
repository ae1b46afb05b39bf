import { ApiError } from "../api/client";

/** What to tell the moderator when an action failed: the API's message, or a plain retry. */
export function failureText(failure: unknown): string {
  return failure instanceof ApiError ? failure.message : "That did not work. Try again.";
}
