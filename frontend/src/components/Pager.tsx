// Previous / next links that keep the rest of the query string.

export function pageHref(url: URL, page: number): string {
  const next = new URL(url);
  if (page <= 1) next.searchParams.delete("page");
  else next.searchParams.set("page", String(page));
  return next.pathname + next.search;
}

export function Pager({ url, page, perPage, total }: { url: URL; page: number; perPage: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? <a href={pageHref(url, page - 1)} rel="prev">← Previous</a> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={pageHref(url, page + 1)} rel="next">Next →</a> : <span />}
    </nav>
  );
}
