// The only place HTML strings reach the page: body_html / answer_html (rendered and
// sanitized by the server's one allow-list), *_highlighted and a search hit's
// accepted_answer_snippet (escaped text with <mark>) and
// revisions' *diff_html (escaped text with <del> and <ins>).
// Everything else people wrote is inserted as text by JSX.

interface Props {
  html: string;
  as?: "div" | "span";
  class?: string;
  id?: string;
}

export function ServerHtml({ html, as: Tag = "div", ...rest }: Props) {
  return <Tag {...rest} dangerouslySetInnerHTML={{ __html: html }} />;
}
