import { useState } from "preact/hooks";
import { tags as tagsApi } from "../api/resources";
import type { TagDetail } from "../api/types";
import { ActionError, failureText } from "../components/Fields";
import { plural } from "../format";
import { navigate } from "../router";

interface Props {
  tag: TagDetail;
  changed: () => void;
}

/** Moderators shape a community: its synonyms, merging it into another tag, renaming it. */
export function TagTools({ tag, changed }: Props) {
  return (
    <details class="mod-tools">
      <summary>Shape this community</summary>
      <Synonyms tag={tag} changed={changed} />
      <Merge tag={tag} />
      <Rename tag={tag} />
    </details>
  );
}

function Synonyms({ tag, changed }: Props) {
  const [synonym, setSynonym] = useState("");
  const [error, setError] = useState("");
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError("");
      setSynonym("");
      changed();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const add = (event: Event) => {
    event.preventDefault();
    if (!synonym.trim()) return setError("Type the other name.");
    void run(() => tagsApi.addSynonym(tag.name, synonym.trim().toLowerCase()));
  };
  return (
    <form class="mod-tool" onSubmit={add} noValidate aria-label="Synonyms">
      <h3>Synonyms</h3>
      <p class="muted">Other names for {tag.name}: asking, searching, following or muting with one uses {tag.name}.</p>
      {tag.synonyms.length > 0 && (
        <ul class="synonym-list">
          {tag.synonyms.map((name) => (
            <li key={name}>
              <span class="tag">{name}</span>{" "}
              <button type="button" class="link-button" onClick={() => run(() => tagsApi.removeSynonym(tag.name, name))} aria-label={`Remove the synonym ${name}`}>
                remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="synonym-name">Add a synonym</label>
      <input id="synonym-name" type="text" maxLength={35} autoComplete="off" value={synonym} onInput={(e) => setSynonym((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button small">
        Add synonym
      </button>
      <ActionError error={error} />
    </form>
  );
}

function Merge({ tag }: { tag: TagDetail }) {
  const [into, setInto] = useState("");
  const [error, setError] = useState("");
  const [confirming, setConfirming] = useState(false);
  const merge = async (event: Event) => {
    event.preventDefault();
    const target = into.trim().toLowerCase();
    if (!target) return setError("Name the tag to merge into.");
    if (!confirming) return setConfirming(true);
    try {
      const result = await tagsApi.merge(tag.name, target);
      navigate(`/tags/${encodeURIComponent(result.tag.name)}?merged=${encodeURIComponent(tag.name)}&moved=${result.moved}`);
    } catch (failure) {
      setConfirming(false);
      setError(failureText(failure));
    }
  };
  return (
    <form class="mod-tool" onSubmit={merge} noValidate aria-label="Merge">
      <h3>Merge into another tag</h3>
      <label for="merge-into">Merge {tag.name} into</label>
      <input id="merge-into" type="text" maxLength={35} autoComplete="off" value={into} onInput={(e) => (setInto((e.target as HTMLInputElement).value), setConfirming(false))} />
      {confirming && (
        <p class="notice" role="alert">
          {plural(tag.question_count, "question")}, the followers and the synonyms of {tag.name} move to {into.trim().toLowerCase()}, and {tag.name} becomes its synonym. Press again to merge.
        </p>
      )}
      <button type="submit" class="button small">
        {confirming ? "Yes, merge" : "Merge"}
      </button>
      <ActionError error={error} />
    </form>
  );
}

function Rename({ tag }: { tag: TagDetail }) {
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState("");
  const rename = async (event: Event) => {
    event.preventDefault();
    try {
      const renamed = await tagsApi.rename(tag.name, name.trim().toLowerCase());
      navigate(`/tags/${encodeURIComponent(renamed.name)}`);
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return (
    <form class="mod-tool" onSubmit={rename} noValidate aria-label="Rename">
      <h3>Rename</h3>
      <label for="rename-to">New name (the old one stays as a synonym)</label>
      <input id="rename-to" type="text" maxLength={35} autoComplete="off" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button small">
        Rename
      </button>
      <ActionError error={error} />
    </form>
  );
}
