import { useState } from "preact/hooks";
import { tags as tagsApi } from "../api/resources";
import { describedBy, FieldError, FormError, focusFirstInvalid, renamed } from "../components/Fields";
import { MarkdownEditor } from "../components/MarkdownEditor";
import { navigate } from "../router";

/** Moderators: start a community (a tag) before its first question. */
export function NewCommunity() {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const tag = await tagsApi.create(name.trim(), description);
      navigate(`/tags/${encodeURIComponent(tag.name)}`);
    } catch (failure) {
      setError(failure);
      focusFirstInvalid(event.target as HTMLFormElement);
    }
  };
  const shown = renamed(error, { name: "community-name", description: "community-description" });
  return (
    <details class="mod-tools">
      <summary>Start a new community</summary>
      <form class="mod-tool" onSubmit={create} noValidate aria-label="Start a new community">
        <label for="community-name">Tag name</label>
        <p class="hint" id="community-name-hint">
          1-35 characters: a-z 0-9 + # . - (no spaces).
        </p>
        <input id="community-name" type="text" maxLength={35} autoComplete="off" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} {...describedBy(shown, "community-name", "community-name-hint")} />
        <FieldError error={shown} name="community-name" />
        <MarkdownEditor name="community-description" label="What it is about" value={description} onInput={setDescription} error={shown} rows={4} />
        <FormError error={error} shown={["name", "description"]} />
        <button type="submit" class="button primary">
          Create the community
        </button>
      </form>
    </details>
  );
}
