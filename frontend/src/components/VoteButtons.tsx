// Up/down votes shown at once (optimistic) and put back if the API refuses.
import { useState } from "preact/hooks";
import { ApiError } from "../api/client";

interface Props {
  label: string; // "question" or "answer", for screen readers
  score: number;
  myVote: number;
  own: boolean;
  signedIn: boolean;
  /** Why voting down is not open to this person (given their current vote), if it is not. */
  noDownvote?: (myVote: number) => string | undefined;
  send: (value: number) => Promise<{ score: number; my_vote: number }>;
}

export function VoteButtons({ label, score, myVote, own, signedIn, noDownvote, send }: Props) {
  const [state, setState] = useState({ score, myVote });
  const [message, setMessage] = useState("");
  const disabled = own || !signedIn;
  const why = own ? `You cannot vote on your own ${label}` : !signedIn ? "Sign in to vote" : undefined;
  const whyNotDown = why ?? noDownvote?.(state.myVote);

  const vote = async (value: 1 | -1) => {
    const before = state;
    const next = before.myVote === value ? 0 : value;
    setState({ score: before.score - before.myVote + next, myVote: next });
    setMessage("");
    try {
      const result = await send(next);
      setState({ score: result.score, myVote: result.my_vote });
    } catch (error) {
      setState(before);
      setMessage(error instanceof ApiError ? error.message : "Your vote was not saved.");
    }
  };

  return (
    <div class="votes">
      <button
        type="button"
        class="vote up"
        aria-pressed={state.myVote === 1}
        aria-label={`Upvote this ${label}`}
        title={why ?? "This helped"}
        disabled={disabled}
        onClick={() => vote(1)}
      >
        ▲
      </button>
      <span class="score" aria-label={`Score ${state.score}`} aria-live="polite">
        {state.score}
      </span>
      <button
        type="button"
        class="vote down"
        aria-pressed={state.myVote === -1}
        aria-label={`Downvote this ${label}`}
        title={whyNotDown ?? "Not helpful"}
        disabled={disabled || !!whyNotDown}
        onClick={() => vote(-1)}
      >
        ▼
      </button>
      {message && (
        <p class="field-error vote-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
