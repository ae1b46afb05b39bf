import { useState } from "preact/hooks";
import { type Person, people } from "../api/accounts";
import { ApiError } from "../api/client";
import { ActionError, failureText } from "../components/Fields";
import { ErrorState, Loading } from "../components/States";
import { age } from "../format";
import { navigate, signInPath } from "../router";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";

const ROLES: Person["role"][] = ["member", "moderator", "admin"];

/** /admin/people?q=...: find accounts, change roles, deactivate, reactivate, delete (admins). */
export function People({ url }: { url: URL }) {
  useTitle("People");
  const user = useSession();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <p>
        <a href={signInPath()}>Sign in</a> as an admin to manage people.
      </p>
    );
  }
  if (user.role !== "admin") return <ErrorState error={new ApiError(403, "Only admins can manage people's accounts.")} />;
  return <PeopleAdmin url={url} myId={user.id} />;
}

function PeopleAdmin({ url, myId }: { url: URL; myId: number }) {
  const q = url.searchParams.get("q") ?? "";
  const [draft, setDraft] = useState(q);
  const found = useLoad(() => people.find(q), `people:${q}`);
  const search = (event: Event) => {
    event.preventDefault();
    navigate(draft.trim() ? `/admin/people?q=${encodeURIComponent(draft.trim())}` : "/admin/people", { replace: true });
  };
  return (
    <section class="people">
      <h1>People</h1>
      <form role="search" onSubmit={search} class="people-search">
        <label for="people-q">Find by name or email</label>
        <input id="people-q" type="search" value={draft} maxLength={100} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        <button type="submit" class="button">
          Find
        </button>
      </form>
      {found.error ? (
        <ErrorState error={found.error} retry={found.reload} />
      ) : !found.data ? (
        <Loading label="Loading people" />
      ) : found.data.items.length === 0 ? (
        <p class="muted">Nobody matches “{q}”.</p>
      ) : (
        <>
          <p class="muted">
            {found.data.meta.total} {found.data.meta.total === 1 ? "account" : "accounts"}
            {found.data.meta.total > found.data.items.length ? `, the first ${found.data.items.length} shown: narrow the search` : ""}.
          </p>
          <div class="table-scroll">
          <table class="people-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last seen</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {found.data.items.map((person) => (
                <PersonRow key={person.id} person={person} isMe={person.id === myId} changed={found.reload} />
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </section>
  );
}

function PersonRow({ person, isMe, changed }: { person: Person; isMe: boolean; changed: () => void }) {
  const [error, setError] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setError("");
    try {
      await action();
      changed();
    } catch (failure) {
      setError(failureText(failure, "That did not work."));
    }
  };
  return (
    <tr class={person.is_active ? undefined : "inactive"}>
      <td>
        <a href={`/users/${person.id}`}>{person.display_name}</a>
        {person.sso && <span class="pill">SSO</span>}
      </td>
      <td>
        {person.email}
        {!person.email_verified && <span class="muted"> (unconfirmed)</span>}
      </td>
      <td>
        <select aria-label={`Role of ${person.display_name}`} value={person.role} onChange={(e) => act(() => people.update(person.id, { role: (e.target as HTMLSelectElement).value as Person["role"] }))}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td>{person.last_seen_at ? age(person.last_seen_at) : "never"}</td>
      <td>
        {person.is_active ? "active " : "deactivated "}
        {!isMe && (
          <>
            <button type="button" class="button small" onClick={() => act(() => people.update(person.id, { is_active: !person.is_active }))}>
              {person.is_active ? `Deactivate` : `Reactivate`}
              <span class="visually-hidden"> {person.display_name}</span>
            </button>{" "}
            {confirmDelete ? (
              <button type="button" class="button small danger" onClick={() => act(() => people.remove(person.id))}>
                Delete {person.display_name} for good
              </button>
            ) : (
              <button type="button" class="button small" onClick={() => setConfirmDelete(true)}>
                Delete…<span class="visually-hidden"> {person.display_name}</span>
              </button>
            )}
          </>
        )}
        <ActionError error={error} />
      </td>
    </tr>
  );
}
