import { useState } from "preact/hooks";
import { experts, me } from "../api/community";
import { ActionError, failureText } from "../components/Fields";
import { Pager } from "../components/Pager";
import { Empty, ErrorState, Loading } from "../components/States";
import { age } from "../format";
import { describe, target } from "../notifications";
import { signInPath } from "../router";
import { loadSession, useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";
import "../components/community.css";

const PER_PAGE = 20;

export function Notifications({ url }: { url: URL }) {
  useTitle("Notifications");
  const user = useSession();
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const list = useLoad(() => (user ? me.notifications(page) : Promise.resolve(null)), `${user?.id ?? 0}|${page}`);
  const [error, setError] = useState("");
  if (user === null) {
    return (
      <Empty>
        <p>
          <a href={signInPath()}>Sign in</a> to see your notifications.
        </p>
      </Empty>
    );
  }
  const markAll = async () => {
    setError("");
    try {
      await me.markRead();
      await loadSession();
      list.reload();
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  return (
    <>
      <div class="page-head">
        <h1>Notifications</h1>
        {list.data && list.data.items.some((n) => !n.is_read) && (
          <button type="button" class="button small" onClick={markAll}>
            Mark all read
          </button>
        )}
      </div>
      <p class="muted">
        Also by mail: choose what in <a href="/settings">your settings</a>.
      </p>
      <ActionError error={error} />
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data || !user ? (
        <Loading label="Loading notifications" />
      ) : list.data.items.length === 0 ? (
        <Empty>
          <p>Nothing yet. Follow tags and watch questions to hear about them here.</p>
        </Empty>
      ) : (
        <>
          <ul class="notification-list">
            {list.data.items.map((n) => (
              <li key={n.id} class={n.is_read ? "read" : "unread"}>
                {!n.is_read && <span class="visually-hidden">Unread: </span>}
                <a href={target(n, user.id)}>{describe(n)}</a> <span class="muted">{age(n.updated_at)}</span>
                {n.kind === "invited" && n.question && <DeclineButton questionId={n.question.id} title={n.question.title} declined={n.data.declined === true} done={list.reload} />}
              </li>
            ))}
          </ul>
          <Pager url={url} page={page} perPage={PER_PAGE} total={list.data.meta.total} />
        </>
      )}
    </>
  );
}

/** An invitation to answer can be declined; the inviter is not told, and may ask someone else. */
function DeclineButton({ questionId, title, declined, done }: { questionId: number; title: string; declined: boolean; done: () => void }) {
  const [error, setError] = useState("");
  if (declined) return <span class="badge">Declined</span>;
  const decline = async () => {
    try {
      await experts.decline(questionId);
      await loadSession(); // the invitation's notification is read now
      done();
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  return (
    <>
      {" "}
      <button type="button" class="link-button" onClick={decline} aria-label={`Decline the invitation to answer “${title}”`}>
        Decline
      </button>
      <ActionError error={error} inline />
    </>
  );
}
