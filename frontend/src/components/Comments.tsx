import { useRef, useState } from "preact/hooks";
import { comments as commentsApi } from "../api/resources";
import type { Comment, CurrentUser } from "../api/types";
import { age, authorName } from "../format";
import { hiddenBadge } from "../postState";
import { HideControl } from "../moderator";
import { mayOnOthers, moderates } from "../privileges";
import { signInPath } from "../router";
import { SubmissionKey } from "../submission";
import { describedBy, FieldError, FormError, remap } from "./Fields";
import { FlagButton } from "./FlagButton";
import { Revisions } from "./Revisions";
import { ServerHtml } from "./ServerHtml";

interface Props {
  id: string; // unique per post, for the form's field ids
  items: Comment[];
  user: CurrentUser | null | undefined;
  add: (body: string, idempotencyKey: string) => Promise<Comment>;
}

export function Comments({ id, items, user, add }: Props) {
  const [list, setList] = useState(items);
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submission = useRef(new SubmissionKey());
  const field = `comment-${id}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const comment = await add(body, submission.current.for(body));
      submission.current.done();
      setList([...list, comment]);
      setBody("");
      setError(null);
      setOpen(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (comment: Comment) => {
    try {
      await commentsApi.remove(comment.id);
      setList(list.filter((c) => c.id !== comment.id));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div class="comments">
      {list.length > 0 && (
        <ul aria-label="Comments">
          {list.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              user={user}
              changed={(next) => setList(list.map((c) => (c.id === next.id ? next : c)))}
              removed={() => remove(comment)}
            />
          ))}
        </ul>
      )}
      {user === null ? (
        <a class="small" href={signInPath()}>
          Sign in to comment
        </a>
      ) : !open ? (
        user && (
          <button type="button" class="link-button" onClick={() => setOpen(true)}>
            Add a comment
          </button>
        )
      ) : (
        <form class="comment-form" onSubmit={submit} noValidate>
          <label for={field}>Your comment</label>
          <textarea id={field} rows={2} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} {...describedBy(remap(error, field), field)} />
          <FieldError error={remap(error, field)} name={field} />
          <FormError error={error} shown={["body"]} />
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>
              Add comment
            </button>
            <button type="button" class="link-button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Edited: its text changed after it was posted (a second's slack for the same write). */
export function wasEdited(comment: Comment): boolean {
  return !!comment.updated_at && Date.parse(comment.updated_at) - Date.parse(comment.created_at) > 1000;
}

interface ItemProps {
  comment: Comment;
  user: CurrentUser | null | undefined;
  changed: (comment: Comment) => void;
  removed: () => void;
}

function CommentItem({ comment, user, changed, removed }: ItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [error, setError] = useState<unknown>(null);
  const field = `comment-edit-${comment.id}`;

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      changed(await commentsApi.edit(comment.id, draft));
      setEditing(false);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };

  if (editing) {
    return (
      <li class="comment" id={`comment-${comment.id}`}>
        <form class="comment-form" onSubmit={save} noValidate aria-label="Edit comment">
          <label for={field}>Edit your comment</label>
          <textarea id={field} rows={2} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} {...describedBy(remap(error, field), field)} />
          <FieldError error={remap(error, field)} name={field} />
          <FormError error={error} shown={["body"]} />
          <div class="actions">
            <button type="submit" class="button">
              Save comment
            </button>
            <button type="button" class="link-button" onClick={() => (setEditing(false), setDraft(comment.body), setError(null))}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li class="comment" id={`comment-${comment.id}`}>
      <ServerHtml as="span" class="comment-body" html={comment.body_html} />
      <span class="muted">
        {" – "}
        {comment.author ? <a href={`/users/${comment.author.id}`}>{comment.author.display_name}</a> : authorName(null)}{" "}
        <time dateTime={comment.created_at}>{age(comment.created_at)}</time>
        {wasEdited(comment) && !comment.can_delete && " (edited)"}
      </span>
      {hiddenBadge(comment) && <span class="badge">{hiddenBadge(comment)}</span>}{" "}
      {comment.can_edit && (
        <button type="button" class="link-button" onClick={() => (setDraft(comment.body), setEditing(true))} aria-label="Edit this comment">
          edit
        </button>
      )}{" "}
      {comment.can_delete && (
        <button type="button" class="link-button" onClick={removed} aria-label="Delete this comment">
          delete
        </button>
      )}{" "}
      {mayOnOthers(user, comment.author?.id, "flag") && <FlagButton kind="comments" id={comment.id} what="comment" />}
      {moderates(user) && <HideControl kind="comments" id={comment.id} hidden={!!comment.hidden} what="comment" changed={(hidden) => changed({ ...comment, hidden })} />}
      {wasEdited(comment) && comment.can_delete && (
        <Revisions key={comment.updated_at} what="comment" summary="edited: earlier texts" fetch={() => commentsApi.revisions(comment.id)} />
      )}
    </li>
  );
}
