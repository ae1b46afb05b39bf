// One Idempotency-Key per submission of a form. Pressing the button again with the same
// content (after a dropped connection, or a click while the first is in flight) sends the
// same key, so the server saves the post once; changed content, or a post that went
// through, starts a new submission with a new key.

export function newKey(): string {
  // crypto.randomUUID needs a secure context; an intranet may serve plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class SubmissionKey {
  private key: string | null = null;
  private content = "";

  /** The key for submitting this content: the last one if the content is unchanged. */
  for(content: unknown): string {
    const text = JSON.stringify(content);
    if (this.key === null || text !== this.content) {
      this.key = newKey();
      this.content = text;
    }
    return this.key;
  }

  /** The submission went through: the next one is new even with the same content. */
  done(): void {
    this.key = null;
  }
}
