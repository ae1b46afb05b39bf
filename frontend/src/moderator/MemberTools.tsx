import { useState } from "preact/hooks";
import { moderation } from "../api/moderation";
import type { CurrentUser, Profile } from "../api/types";
import { ActionError, failureText } from "../components/Fields";
import { fullDate } from "../format";

const DURATIONS = [
  { days: 1, label: "1 day" },
  { days: 3, label: "3 days" },
  { days: 7, label: "a week" },
  { days: 30, label: "30 days" },
  { days: 365, label: "a year" },
];

interface Props {
  person: Profile;
  user: CurrentUser;
  changed: () => void;
}

/** Moderators on a member's profile: suspend with a reason and a duration, or lift it; admins
 * also make a member a moderator or a moderator a member. */
export function MemberTools({ person, user, changed }: Props) {
  const [days, setDays] = useState(7);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError("");
      setReason("");
      changed();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const suspend = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) return setError("Say why: the member is told when they try to sign in.");
    void run(() => moderation.suspend(person.id, days, reason.trim()));
  };
  const admin = user.role === "admin";
  const suspendable = person.id !== user.id && person.role !== "admin" && (person.role === "member" || admin);

  return (
    <section class="mod-tools" aria-labelledby="member-tools-heading">
      <h2 id="member-tools-heading">Moderation</h2>
      {person.suspension ? (
        <div class="mod-tool">
          <p class="notice" role="note">
            Suspended until <time dateTime={person.suspension.until}>{fullDate(person.suspension.until)}</time>
            {person.suspension.reason ? `: ${person.suspension.reason}` : ""}
          </p>
          <button type="button" class="button small" onClick={() => run(() => moderation.liftSuspension(person.id))}>
            Lift the suspension
          </button>
        </div>
      ) : (
        suspendable && (
          <form class="mod-tool" onSubmit={suspend} noValidate aria-label="Suspend">
            <label for="suspend-days">Suspend for</label>
            <select id="suspend-days" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
              {DURATIONS.map((option) => (
                <option key={option.days} value={option.days}>
                  {option.label}
                </option>
              ))}
            </select>
            <label for="suspend-reason">Why? (the member is told; kept in the log)</label>
            <input id="suspend-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            <button type="submit" class="button small">
              Suspend
            </button>
          </form>
        )
      )}
      {admin && person.role !== "admin" && person.id !== user.id && (
        <div class="mod-tool">
          <button type="button" class="button small" onClick={() => run(() => moderation.setRole(person.id, person.role === "member" ? "moderator" : "member"))}>
            {person.role === "member" ? "Make a moderator" : "Make a member again"}
          </button>
        </div>
      )}
      <p>
        <a href={`/moderation/log?target_type=user&target_id=${person.id}`}>What moderators did about this person</a>
      </p>
      <ActionError error={error} />
    </section>
  );
}
