// Settings: the communities (tags) I follow and those I mute, in one place, each undone here.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { me, type TagStances } from "../api/community";
import { useLoad } from "../useLoad";
import { ActionError, failureText } from "./Fields";
import { ErrorState, Loading } from "./States";

export function CommunitiesSection({ userId }: { userId: number }) {
  const stances = useLoad(() => me.tags(), `stances|${userId}`);
  const [error, setError] = useState("");
  const change = async (send: () => Promise<TagStances>) => {
    setError("");
    try {
      stances.set(await send());
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return (
    <section class="account-section" aria-labelledby="communities-heading">
      <h2 id="communities-heading">Your communities</h2>
      {stances.error ? (
        <ErrorState error={stances.error} retry={stances.reload} />
      ) : !stances.data ? (
        <Loading label="Loading your communities" />
      ) : (
        <>
          <StanceList
            title="You follow"
            names={stances.data.followed}
            none={
              <>
                None yet: follow a community from its page (see <a href="/tags">all tags</a>) and its questions come to your <a href="/?tab=for-you">For you</a> list and your digest.
              </>
            }
            action="Unfollow"
            undo={(name) => change(() => me.unfollow(name))}
          />
          <StanceList
            title="You mute"
            names={stances.data.muted}
            none="None: mute a tag on its page to keep its questions out of your lists."
            action="Unmute"
            undo={(name) => change(() => me.unmute(name))}
          />
          <ActionError error={error} />
        </>
      )}
    </section>
  );
}

function StanceList(props: { title: string; names: string[]; none: ComponentChildren; action: string; undo: (name: string) => void }) {
  return (
    <>
      <h3>{props.title}</h3>
      {props.names.length === 0 ? (
        <p class="muted">{props.none}</p>
      ) : (
        <ul class="stance-list" aria-label={props.title}>
          {props.names.map((name) => (
            <li key={name}>
              <a class="tag" href={`/tags/${encodeURIComponent(name)}`}>
                {name}
              </a>{" "}
              <button type="button" class="button small" aria-label={`${props.action} ${name}`} onClick={() => props.undo(name)}>
                {props.action}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
