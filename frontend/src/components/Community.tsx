// Small community controls: follow/mute a tag, watch a question, experts, badges.
import { useState } from "preact/hooks";
import { badges as badgesApi, experts as expertsApi, helped as helpedApi, me, watching, type Expert, type TagStances } from "../api/community";
import { age, plural } from "../format";
import { useSession } from "../session";
import { useLoad } from "../useLoad";
import { ActionError, failureText } from "./Fields";
import "./community.css";

/** Follow or mute a tag (signed-in people only); the two are exclusive. */
export function TagFollowButtons({ name }: { name: string }) {
  const user = useSession();
  const stances = useLoad<TagStances | null>(() => (user ? me.tags() : Promise.resolve(null)), `${user?.id ?? 0}|${name}`);
  const [error, setError] = useState("");
  if (!user || !stances.data) return null;
  const following = stances.data.followed.includes(name);
  const muting = stances.data.muted.includes(name);
  const change = async (send: () => Promise<TagStances>) => {
    setError("");
    try {
      stances.set(await send());
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  return (
    <div class="follow-buttons" role="group" aria-label={`Your settings for ${name}`}>
      <button type="button" class="button small" aria-pressed={following} onClick={() => change(() => (following ? me.unfollow(name) : me.follow(name)))}>
        {following ? "Following" : "Follow"}
      </button>
      <button type="button" class="button small" aria-pressed={muting} onClick={() => change(() => (muting ? me.unmute(name) : me.mute(name)))}>
        {muting ? "Muted" : "Mute"}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** Watch a question: hear about its new answers and comments. */
export function WatchButton({ questionId }: { questionId: number }) {
  const user = useSession();
  const state = useLoad<{ watching: boolean } | null>(() => (user ? watching.get(questionId) : Promise.resolve(null)), `${user?.id ?? 0}|${questionId}`);
  const [error, setError] = useState("");
  if (!user || !state.data) return null;
  const on = state.data.watching;
  const toggle = async () => {
    setError("");
    try {
      state.set(await (on ? watching.unwatch(questionId) : watching.watch(questionId)));
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  return (
    <>
      <button type="button" class="link-button" aria-pressed={on} onClick={toggle} title="Hear about new answers and comments">
        {on ? "Watching" : "Watch"}
      </button>
      <ActionError error={error} inline />
    </>
  );
}

export function ExpertList({ experts, label }: { experts: Expert[]; label: string }) {
  if (experts.length === 0) return <p class="muted">No colleague has had an answer accepted or upvoted here yet.</p>;
  return (
    <ol class="expert-list" aria-label={label}>
      {experts.map((expert) => (
        <li key={expert.id}>
          <a href={`/users/${expert.id}`}>{expert.display_name}</a>{" "}
          <span class="muted">
            {expert.accepted_answers} accepted · {plural(expert.upvotes, "upvote")}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Who knows this tag best. */
export function TagExperts({ name }: { name: string }) {
  const experts = useLoad(() => expertsApi.ofTag(name), name);
  return (
    <section aria-labelledby="experts-heading" class="experts">
      <h2 id="experts-heading">Who knows {name}</h2>
      {experts.data ? <ExpertList experts={experts.data} label={`People who know ${name}`} /> : experts.error ? null : <p class="muted">Loading…</p>}
    </section>
  );
}

/** A person's badges. */
export function BadgeList({ userId }: { userId: number }) {
  const list = useLoad(() => badgesApi.of(userId), String(userId));
  if (!list.data || list.data.length === 0) return null;
  return (
    <section aria-labelledby="badges-heading">
      <h2 id="badges-heading">Badges</h2>
      <ul class="badge-list">
        {list.data.map((badge) => (
          <li key={badge.badge} title={badge.description}>
            <span class="badge">{badge.name}</span> <span class="muted">{age(badge.awarded_at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "This helped me": a one-click thanks on someone else's answer (no reputation). */
export function HelpedButton(props: { answerId: number; count: number; helped: boolean; own: boolean; signedIn: boolean }) {
  const { answerId, own, signedIn } = props;
  const [state, setState] = useState({ count: props.count, helped: props.helped });
  const [error, setError] = useState("");
  const toggle = async () => {
    setError("");
    try {
      const result = await (state.helped ? helpedApi.unmark(answerId) : helpedApi.mark(answerId));
      setState({ count: result.helped_count, helped: result.helped });
    } catch (failure) {
      setError(failureText(failure, "That did not work; try again."));
    }
  };
  const label = `${state.count} ${state.count === 1 ? "person" : "people"} found this helpful`;
  if (own || !signedIn) {
    return state.count > 0 ? <span class="muted">{label}</span> : null;
  }
  return (
    <>
      <button type="button" class="button small" aria-pressed={state.helped} onClick={toggle} title={label}>
        This helped me{state.count > 0 && ` · ${state.count}`}
      </button>
      <ActionError error={error} inline />
    </>
  );
}
