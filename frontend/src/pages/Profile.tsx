import { users } from "../api/resources";
import { BadgeList } from "../components/Community";
import { QuestionList } from "../components/QuestionRow";
import { Empty, ErrorState, Loading } from "../components/States";
import { ServerHtml } from "../components/ServerHtml";
import { age } from "../format";
import { MemberTools } from "../moderator";
import { moderates } from "../privileges";
import { useSession } from "../session";
import { useLoad, useTitle } from "../useLoad";
import { NotFound } from "./NotFound";

export function Profile({ id }: { id: number }) {
  const profile = useLoad(() => users.get(id), String(id));
  const asked = useLoad(() => users.questions(id), `q${id}`);
  const answered = useLoad(() => users.answers(id), `a${id}`);
  const user = useSession();
  useTitle(profile.data?.display_name);
  if (profile.error) return (profile.error as { status?: number }).status === 404 ? <NotFound what="person" /> : <ErrorState error={profile.error} retry={profile.reload} />;
  if (!profile.data) return <Loading label="Loading the profile" />;
  const person = profile.data;
  return (
    <>
      <h1>{person.display_name}</h1>
      {person.is_former_member ? (
        <p class="muted">This account was deleted. Its posts stay, so the answers keep helping.</p>
      ) : (
        <p class="muted">
          {person.role !== "member" && <span class="badge">{person.role}</span>} Member since {age(person.created_at)}
        </p>
      )}
      {person.about_html && <ServerHtml class="post-body about-me" html={person.about_html} />}
      <dl class="stats">
        <div>
          <dt>Reputation</dt>
          <dd>{person.reputation}</dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{person.question_count}</dd>
        </div>
        <div>
          <dt>Answers</dt>
          <dd>{person.answer_count}</dd>
        </div>
        <div>
          <dt>Accepted answers</dt>
          <dd>{person.accepted_answer_count}</dd>
        </div>
      </dl>
      {person.communities && person.communities.length > 0 && (
        <section aria-labelledby="communities-heading">
          <h2 id="communities-heading">Answers most in</h2>
          <ul class="tag-list">
            {person.communities.map((community) => (
              <li key={community.tag}>
                <a class="tag" href={`/tags/${encodeURIComponent(community.tag)}`}>
                  {community.tag}
                </a>{" "}
                <span class="muted">
                  {community.answers} {community.answers === 1 ? "answer" : "answers"}
                  {community.accepted > 0 ? `, ${community.accepted} accepted` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {moderates(user) && !person.is_former_member && <MemberTools person={person} user={user} changed={profile.reload} />}
      <BadgeList userId={person.id} />
      <div class="two-columns">
        <section aria-labelledby="asked-heading">
          <h2 id="asked-heading">Questions</h2>
          {asked.error ? (
            <ErrorState error={asked.error} retry={asked.reload} />
          ) : !asked.data ? (
            <Loading />
          ) : asked.data.items.length === 0 ? (
            <Empty>
              <p>No questions yet.</p>
            </Empty>
          ) : (
            <QuestionList items={asked.data.items} />
          )}
        </section>
        <section aria-labelledby="answered-heading">
          <h2 id="answered-heading">Answers</h2>
          {answered.error ? (
            <ErrorState error={answered.error} retry={answered.reload} />
          ) : !answered.data ? (
            <Loading />
          ) : answered.data.items.length === 0 ? (
            <Empty>
              <p>No answers yet.</p>
            </Empty>
          ) : (
            <ul class="answer-list">
              {answered.data.items.map((answer) => (
                <li key={answer.id}>
                  <span class={answer.is_accepted ? "count accepted" : "count"}>
                    {answer.is_accepted && <span aria-hidden="true">✓ </span>}
                    {answer.score}
                    {answer.is_accepted && <span class="visually-hidden"> (accepted)</span>}
                  </span>{" "}
                  <a href={`/questions/${answer.question_id}#answer-${answer.id}`}>{answer.question_title}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
