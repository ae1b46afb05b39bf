// Up to five tags: type to get suggestions from /tags?q=, Enter or comma to add one.
import { useEffect, useMemo, useState } from "preact/hooks";
import { tags as tagsApi } from "../api/resources";
import type { Tag } from "../api/types";
import { cycle } from "../cycle";
import { latest } from "../latest";
import { describedBy, FieldError } from "./Fields";
import { plural } from "../format";

export const MAX_TAGS = 5;

/** A typed tag as the server will store it. */
export function normalizeTag(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, "-");
}

export function TagInput({ value, onChange, error }: { value: string[]; onChange: (tags: string[]) => void; error: unknown }) {
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<Tag[]>([]);
  const [active, setActive] = useState(-1);
  const runner = useMemo(
    () =>
      latest(
        (q: string, signal) => tagsApi.list({ q, per_page: 6 }, signal),
        (page) => {
          setSuggestions(page.items);
          setActive(-1);
        },
        () => setSuggestions([]),
        80,
      ),
    [],
  );
  useEffect(() => () => runner.cancel(), [runner]);

  const shown = suggestions.filter((tag) => !value.includes(tag.name));
  const add = (name: string) => {
    const tag = normalizeTag(name);
    if (tag && !value.includes(tag) && value.length < MAX_TAGS) onChange([...value, tag]);
    setText("");
    setSuggestions([]);
    runner.cancel();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!shown.length) return;
      event.preventDefault();
      setActive((index) => cycle(index, event.key === "ArrowDown" ? 1 : -1, shown.length));
    } else if (event.key === "Enter" || event.key === ",") {
      if (!text.trim() && event.key === "Enter") return; // let Enter submit the form
      event.preventDefault();
      add(active >= 0 && shown[active] ? shown[active].name : text);
    } else if (event.key === "Backspace" && !text && value.length) {
      onChange(value.slice(0, -1));
    } else if (event.key === "Escape") {
      setSuggestions([]);
    }
  };

  const expanded = shown.length > 0 && text.trim() !== "";
  return (
    <div class="field tag-input">
      <label for="tags">Tags</label>
      <p class="hint" id="tags-hint">
        One to five topics, e.g. onboarding. Enter or comma adds a tag.
      </p>
      <ul class="chosen-tags" aria-label="Chosen tags">
        {value.map((tag) => (
          <li key={tag} class="tag chosen">
            {tag}
            <button type="button" class="remove-tag" aria-label={`Remove tag ${tag}`} onClick={() => onChange(value.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div class="combo">
        <input
          id="tags"
          type="text"
          role="combobox"
          list={undefined}
          autocomplete="off"
          aria-autocomplete="list"
          aria-controls="tag-suggestions"
          aria-expanded={expanded}
          aria-activedescendant={expanded && active >= 0 ? `tag-option-${active}` : undefined}
          value={text}
          disabled={value.length >= MAX_TAGS}
          maxLength={35}
          onInput={(event) => {
            const next = (event.target as HTMLInputElement).value;
            setText(next);
            if (next.trim()) runner.run(normalizeTag(next));
            else setSuggestions([]);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setSuggestions([]), 150)}
          {...describedBy(error, "tags", "tags-hint")}
        />
        <ul id="tag-suggestions" role="listbox" aria-label="Tag suggestions" class="suggestions" hidden={!expanded}>
          {shown.map((tag, index) => (
            <li
              key={tag.name}
              id={`tag-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => add(tag.name)}
            >
              <span class="tag">{tag.name}</span> <span class="muted">{plural(tag.question_count, "question")}</span>
            </li>
          ))}
        </ul>
      </div>
      <FieldError error={error} name="tags" />
    </div>
  );
}
