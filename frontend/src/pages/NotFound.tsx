import { useTitle } from "../useLoad";

export function NotFound({ what = "page" }: { what?: string }) {
  useTitle("Not found");
  return (
    <div class="not-found">
      <h1>We could not find that {what}</h1>
      <p>It may have been deleted, or the link may be mistyped.</p>
      <p>
        Try the search box above (press <kbd>/</kbd>), go to <a href="/">the newest questions</a>, or <a href="/ask">ask your own</a>.
      </p>
    </div>
  );
}
