// What a search's words say beyond words: "[vpn] password expired" names the tag vpn, as the
// API reads it (backend/searching/query.py).

const TAG_WORD = /(?<!\S)\[([^[\]\s]{1,35})\](?!\S)/g;

/** The tags a search names in square brackets, lower case. */
export function tagsNamed(q: string): string[] {
  return [...q.matchAll(TAG_WORD)].map((found) => found[1].toLowerCase());
}

/** The ask form for what was searched: its other words as the title, the tags it names (and
 * those it was filtered by) as the question's tags, at most five. */
export function askHref(q: string, tags: string[] = []): string {
  const query = new URLSearchParams({ title: q.replace(TAG_WORD, " ").split(/\s+/).filter(Boolean).join(" ") });
  for (const tag of [...new Set([...tags, ...tagsNamed(q)])].slice(0, 5)) query.append("tag", tag);
  return `/ask?${query}`;
}
