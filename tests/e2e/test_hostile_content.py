"""Every text field people fill in, filled with cross-site scripting payloads (tests/e2e/
xss_payloads.py: the OWASP filter-evasion cheat sheet and more), then every page that shows
them opened in Chromium: no dialog opens, no script runs, and no event handler, script URL
or active element reaches the page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.pages import wait_until_indexed
from tests.e2e.xss_payloads import PAYLOADS
from tests.people import ApiClient, People

# Found anywhere in the page: event handlers and script or data URLs. Found in what people
# wrote (the server's HTML): any element beyond the allow-list's harmless ones.
INSPECT = """() => {
  const found = [];
  const urls = ["href", "src", "action", "formaction", "data", "background", "dynsrc", "lowsrc",
                "poster", "xlink:href", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}`);
      if (urls.includes(name) && /^(javascript|vbscript|data):/.test(value)) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
  }
  const written = ".post-body *, .comment-body *, .hit-snippet *, .revision-diff *";
  for (const el of document.querySelectorAll(written)) {
    if (!["P","BR","HR","H2","H3","H4","A","ABBR","B","STRONG","I","EM","Q","CITE","BLOCKQUOTE","CODE","PRE",
          "DEL","S","STRIKE","UL","OL","LI","TABLE","THEAD","TBODY","TFOOT","TR","TH","TD","CAPTION","MARK",
          "INS"].includes(el.tagName)) found.push(`element ${el.tagName}`);
  }
  return found.concat(window.__ran || []);
}"""
# Would a payload run anyway, it calls one of these: they record it (and a dialog is watched).
TRAP = """for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { (window.__ran = window.__ran || []).push(`${name}(${args})`); };
}"""


def one_line(text: str) -> str:
    return " ".join(text.split())


def post_everywhere(people: People) -> dict[str, Any]:
    """Each payload as a display name, a title, a question, an answer and a comment; the
    payloads also as tag descriptions (a moderator's)."""
    moderator = people.moderator()
    groups = [PAYLOADS[i : i + 10] for i in range(0, len(PAYLOADS), 10)]
    tags = []
    for n, group in enumerate(groups):
        made = moderator.post("/tags", {"name": f"hostile-{n}", "description": "\n\n".join(group)})
        assert made.status_code == 201, made.get_json()
        tags.append(f"hostile-{n}")
    helper = people.member("Helpful Person")
    threads, authors = [], []
    for n, payload in enumerate(PAYLOADS):
        asker = people.member(one_line(payload)[:60].ljust(2, "x"))
        question = asker.ask(
            title=one_line(f"Payload {n}: {payload}")[:200],
            body=f"{payload}\n\nPayload {n}, in a question's body.",
            tags=[tags[n // 10]],
        )
        answer = helper.answer(question["id"], f"{payload}\n\nPayload {n}, in an answer.")
        comment = asker.post(
            f"/answers/{answer['id']}/comments", {"body": f"{payload} (payload {n}, a comment)"}
        )
        assert comment.status_code == 201, comment.get_json()
        threads.append(question)
        authors.append(asker.me()["id"])
    return {"threads": threads, "authors": authors, "tags": tags, "reader": helper}


def inspect(page: Page, path: str, visible: str, base: str, dialogs: list[str]) -> list[str]:
    page.goto(base + path)
    expect(page.get_by_text(visible, exact=False).first).to_be_visible()
    return [f"{path}: {finding}" for finding in page.evaluate(INSPECT)] + [
        f"{path}: dialog {d}" for d in dialogs
    ]


def test_xss_payloads_in_every_field_never_run_in_the_browser(visitors, people: People) -> None:
    site = post_everywhere(people)
    reader: ApiClient = site["reader"]
    first = site["threads"][0]
    wait_until_indexed(reader, "Payload 0", first["id"])

    visitor = visitors()
    dialogs: list[str] = []
    visitor.context.add_init_script(TRAP)
    visitor.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = visitor.base
    findings: list[str] = []
    for n, thread in enumerate(site["threads"]):
        findings += inspect(
            visitor.page, f"/questions/{thread['id']}", f"Payload {n}, in an answer", base, dialogs
        )
    for tag in site["tags"]:
        findings += inspect(visitor.page, f"/tags/{tag}", f"Tag {tag}", base, dialogs)
    for author in site["authors"][::6]:
        findings += inspect(visitor.page, f"/users/{author}", "Payload", base, dialogs)
    findings += inspect(visitor.page, "/", "Payload", base, dialogs)
    findings += inspect(visitor.page, "/search?q=payload%20alert", "Payload", base, dialogs)
    assert not findings, "\n".join(findings[:40])
    assert len(PAYLOADS) >= 50
