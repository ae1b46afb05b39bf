import type { Attribution } from "../api/types";

// The credit an imported post carries wherever its text is shown (its licence requires it).
export function SourceCredit({ attribution }: { attribution: Attribution | null }) {
  if (!attribution) return null;
  return (
    <>
      {" · "}
      <a href={attribution.url} rel="nofollow noopener">
        originally by {attribution.author_name} on {attribution.site}
      </a>{" "}
      ({attribution.licence})
    </>
  );
}
