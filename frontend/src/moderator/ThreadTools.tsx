import { useEffect, useState } from "preact/hooks";
import { moderation } from "../api/moderation";
import { search } from "../api/resources";
import type { Question } from "../api/types";
import { ActionError, failureText } from "../components/Fields";
import { HideControl } from "./HideControl";

interface Props {
  question: Question;
  /** Called after any change, to show the thread as it now is. */
  changed: () => void;
}

/** Moderators' tools for a thread: lock or unlock it, close it as a duplicate, hide or restore it. */
export function ThreadTools({ question, changed }: Props) {
  return (
    <details class="mod-tools">
      <summary>Moderate this thread</summary>
      <LockControl question={question} changed={changed} />
      {!question.duplicate_of_id && <DuplicateControl question={question} changed={changed} />}
      <p>
        <HideControl kind="questions" id={question.id} hidden={!!question.hidden} what="question" changed={changed} />
      </p>
    </details>
  );
}

function LockControl({ question, changed }: Props) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError("");
      changed();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  if (question.locked) {
    return (
      <div class="mod-tool">
        <button type="button" class="button small" onClick={() => run(() => moderation.unlock(question.id))}>
          Unlock thread
        </button>
        <ActionError error={error} />
      </div>
    );
  }
  const lock = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) return setError("Say why: it is shown in the moderation log.");
    void run(() => moderation.lock(question.id, reason.trim()));
  };
  return (
    <form class="mod-tool" onSubmit={lock} noValidate aria-label="Lock thread">
      <label for="lock-reason">Lock: no new answers, comments or votes. Why?</label>
      <input id="lock-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button small">
        Lock thread
      </button>
      <ActionError error={error} />
    </form>
  );
}

interface Candidate {
  id: number;
  title: string;
}

/** A question number or a link to one, pasted instead of searched. */
export function questionIdIn(text: string): number | null {
  const found = /^#?(\d+)$/.exec(text.trim()) ?? /\/(?:questions|r)\/(\d+)/.exec(text);
  return found ? Number(found[1]) : null;
}

function DuplicateControl({ question, changed }: Props) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Candidate[]>([]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    const text = query.trim();
    const pasted = questionIdIn(text);
    if (pasted !== null) {
      setFound(pasted === question.id ? [] : [{ id: pasted, title: `Question #${pasted}` }]);
      return;
    }
    if (text.length < 2) {
      setFound([]);
      return;
    }
    const aborter = new AbortController();
    const timer = window.setTimeout(() => {
      search.threads({ q: text, kind: "thread", per_page: 6 }, aborter.signal).then(
        (page) => setFound(page.items.filter((hit) => hit.id !== question.id).map((hit) => ({ id: hit.id, title: hit.title }))),
        () => undefined, // a newer query replaced it, or search failed: the list stays as it was
      );
    }, 200);
    return () => {
      window.clearTimeout(timer);
      aborter.abort();
    };
  }, [query, question.id]);

  const close = async (event: Event) => {
    event.preventDefault();
    if (chosen === null) return setError("Choose the original question.");
    try {
      await moderation.closeAsDuplicate(question.id, chosen, reason.trim() || undefined);
      setError("");
      changed();
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  return (
    <form class="mod-tool" onSubmit={close} noValidate aria-label="Close as duplicate">
      <label for="duplicate-search">Close as a duplicate of… (search, or paste a question's link or number)</label>
      <input id="duplicate-search" type="search" autoComplete="off" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      {found.length > 0 && (
        <fieldset class="duplicate-choices">
          <legend>The original question</legend>
          {found.map((candidate) => (
            <label key={candidate.id} class="radio">
              <input type="radio" name="duplicate-of" value={candidate.id} checked={chosen === candidate.id} onChange={() => setChosen(candidate.id)} /> {candidate.title}
            </label>
          ))}
        </fieldset>
      )}
      <label for="duplicate-reason">Note for the log (optional)</label>
      <input id="duplicate-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button small">
        Close as duplicate
      </button>
      <ActionError error={error} />
    </form>
  );
}
