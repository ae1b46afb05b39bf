"""backend.content: the Markdown renderer and the HTML sanitizer every post goes through.

The XSS payloads are the ones of the OWASP "XSS Filter Evasion Cheat Sheet" (plus a few
well-known mutation-XSS and HTML5 vectors). Every output is parsed -- by the stdlib
html.parser and by the html5lib that bleach itself ships, so a parser differential cannot
hide anything -- and checked against the allow-list by assert_safe(); nothing here greps
raw HTML for "script".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from bleach._vendor import html5lib  # the parser bleach cleans with; a second, spec-conformant view

from backend.content import plain_text, render_markdown, sanitize_html

# The policy, written out here rather than imported, so that loosening it in
# backend/content.py makes these tests fail instead of silently following along.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "a", "abbr", "b", "strong", "i", "em", "q",
        "cite", "blockquote", "code", "pre", "del", "s", "strike", "ul", "ol", "li",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}, "abbr": {"title"}}
NEVER_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math",
        "img", "meta", "link", "base", "form", "input", "button", "textarea", "select",
        "video", "audio", "source", "details", "noscript", "xml", "xss", "bgsound",
    }
)  # fmt: skip
LINK_REL = "nofollow noopener ugc"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers drop C0 controls and spaces around a URL and tabs/newlines inside it; we drop
# them everywhere, which is stricter.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
# A URL only has a scheme if it starts with one in the WHATWG sense; "jav%09ascript:x"
# or "%6Aavascript:x" are relative paths, not schemes.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


# --------------------------------------------------------------------------- the checker


class _Collector(HTMLParser):
    """Every start/end tag (with entity-decoded attributes) and every comment/declaration."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.end_tags: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"<?{data}>")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _stdlib_view(html: str) -> tuple[list[tuple[str, list[tuple[str, str]]]], list[str], list[str]]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements, parser.end_tags, parser.other


def _html5lib_view(html: str) -> tuple[list[tuple[str, list[tuple[str, str]]]], list[str]]:
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    elements, other = [], []
    for node in fragment.iter():
        if node is fragment:
            continue
        if not isinstance(node.tag, str):  # ET.Comment / ET.ProcessingInstruction
            other.append(f"{'comment' if node.tag is ET.Comment else 'pi'}: {node.text!r}")
            continue
        elements.append((_local(node.tag), [(_local(k), v) for k, v in node.attrib.items()]))
    return elements, other


def href_is_safe(href: str) -> bool:
    url = _URL_IGNORED.sub("", href).lower()
    if url.startswith(("javascript:", "vbscript:", "livescript:", "data:")):
        return False
    if url.startswith(("http:", "https:", "mailto:", "/", "#", "?")) or not url:
        return True
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def _check_elements(elements: list[tuple[str, list[tuple[str, str]]]], html: str, parser: str) -> None:
    where = f"[{parser}] in {html!r}"
    for tag, attrs in elements:
        assert tag not in NEVER_TAGS, f"forbidden <{tag}> {where}"
        assert tag in ALLOWED_TAGS, f"<{tag}> is not on the allow-list {where}"
        names = [name for name, _ in attrs]
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}> {where}"
            assert name != "style", f"style={value!r} on <{tag}> {where}"
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()), f"attribute {name}= on <{tag}> {where}"
            if name == "href":
                assert href_is_safe(value), f"unsafe href={value!r} {where}"
        if tag == "a":
            assert names.count("rel") == 1, f"<a> without exactly one rel {where}"
            rel = dict(attrs)["rel"]
            assert rel.split() == LINK_REL.split(), f"<a rel={rel!r}> {where}"


def assert_safe(html: str) -> None:
    """Fail unless `html` is inside the allow-list, as read by two independent HTML parsers."""
    assert isinstance(html, str)
    elements, end_tags, other = _stdlib_view(html)
    _check_elements(elements, html, "html.parser")
    for tag in end_tags:
        assert tag in ALLOWED_TAGS, f"stray </{tag}> in {html!r}"
    assert not other, f"comments/declarations {other} survived in {html!r}"

    elements5, other5 = _html5lib_view(html)
    _check_elements(elements5, html, "html5lib")
    assert not other5, f"comments/processing instructions {other5} survived in {html!r}"


def _tags(html: str) -> list[str]:
    return [tag for tag, _ in _stdlib_view(html)[0]]


def _anchors(html: str) -> list[dict[str, str]]:
    return [dict(attrs) for tag, attrs in _stdlib_view(html)[0] if tag == "a"]


# ------------------------------------------------------------- OWASP cheat-sheet payloads

P = pytest.param

OWASP_PAYLOADS = [
    # --- basic script injection, in every casing
    P("<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>", id="script-src-remote"),
    P("<script>alert('XSS')</script>", id="script-lower"),
    P("<SCRIPT>alert('XSS')</SCRIPT>", id="script-upper"),
    P("<ScRiPt>alert('XSS')</sCrIpT>", id="script-mixed-case"),
    P("<script >alert(1)</script >", id="script-trailing-space"),
    P(
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
        "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
        id="polyglot",
    ),
    # --- image / javascript: URLs
    P("<IMG SRC=\"javascript:alert('XSS');\">", id="img-javascript-quoted"),
    P("<IMG SRC=javascript:alert('XSS')>", id="img-javascript-unquoted"),
    P("<IMG SRC=JaVaScRiPt:alert('XSS')>", id="img-javascript-mixed-case"),
    P("<IMG SRC=javascript:alert(&quot;XSS&quot;)>", id="img-html-entities"),
    P("<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>", id="img-grave-accent"),
    P('<a onmouseover="alert(document.cookie)">xxs link</a>', id="malformed-a-quoted"),
    P("<a onmouseover=alert(document.cookie)>xxs link</a>", id="malformed-a-unquoted"),
    P('<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', id="malformed-img"),
    P("<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>", id="fromcharcode"),
    P("<IMG SRC=# onmouseover=\"alert('xxs')\">", id="default-src-hash"),
    P("<IMG SRC= onmouseover=\"alert('xxs')\">", id="default-src-empty"),
    P("<IMG onmouseover=\"alert('xxs')\">", id="default-src-missing"),
    P('<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>', id="on-error-alert"),
    P(
        '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
        "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
        '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
        id="img-onerror-encoded",
    ),
    P(
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
        "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        id="decimal-entities",
    ),
    P(
        "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
        "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
        "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
        id="decimal-entities-no-semicolon-padded",
    ),
    P(
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65"
        "&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        id="hex-entities-no-semicolon",
    ),
    P("<IMG SRC=\"jav\tascript:alert('XSS');\">", id="embedded-tab"),
    P("<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">", id="embedded-encoded-tab"),
    P("<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", id="embedded-encoded-newline"),
    P("<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">", id="embedded-encoded-carriage-return"),
    P('<IMG SRC=java\0script:alert("XSS")>', id="null-breaks-up-javascript"),
    P("<IMG SRC=\" &#14;  javascript:alert('XSS');\">", id="spaces-and-meta-chars-before-javascript"),
    P('<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>', id="non-alpha-non-digit-script"),
    P('<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>', id="non-alpha-non-digit-body"),
    P('<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>', id="non-alpha-non-digit-no-space"),
    P('<<SCRIPT>alert("XSS");//\\<</SCRIPT>', id="extraneous-open-brackets"),
    P("<SCRIPT SRC=http://xss.rocks/xss.js?< B >", id="no-closing-script-tag"),
    P("<SCRIPT SRC=//xss.rocks/.j>", id="protocol-resolution"),
    P("<IMG SRC=\"`('XSS')\"", id="half-open-html-js"),
    P("<iframe src=http://xss.rocks/scriptlet.html <", id="double-open-angle-brackets"),
    P("\\\";alert('XSS');//", id="escaping-js-escapes"),
    P("</script><script>alert('XSS');</script>", id="end-script-tag"),
    P('</TITLE><SCRIPT>alert("XSS");</SCRIPT>', id="end-title-tag"),
    P('<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">', id="input-image"),
    P("<BODY BACKGROUND=\"javascript:alert('XSS')\">", id="body-image"),
    P("<IMG DYNSRC=\"javascript:alert('XSS')\">", id="img-dynsrc"),
    P("<IMG LOWSRC=\"javascript:alert('XSS')\">", id="img-lowsrc"),
    P(
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        id="list-style-image",
    ),
    P("<IMG SRC='vbscript:msgbox(\"XSS\")'>", id="vbscript-in-image"),
    P("<svg/onload=alert('XSS')>", id="svg-onload"),
    P("<svg><script>alert(1)</script></svg>", id="svg-script"),
    P("Set.constructor`alert\\x28document.domain\\x29`", id="ecmascript6-template"),
    P("<BODY ONLOAD=alert('XSS')>", id="body-onload"),
    P(
        "<BODY onafterprint=alert(1) onbeforeprint=alert(1) onbeforeunload=alert(1) onerror=alert(1)"
        " onhashchange=alert(1) onload=alert(1) onmessage=alert(1) onoffline=alert(1) ononline=alert(1)"
        " onpagehide=alert(1) onpageshow=alert(1) onpopstate=alert(1) onresize=alert(1)"
        " onstorage=alert(1) onunload=alert(1)>",
        id="body-all-event-handlers",
    ),
    P(
        "<p onclick=alert(1) onmouseover=alert(1) onfocus=alert(1) onblur=alert(1) onkeydown=alert(1)"
        " onanimationstart=alert(1) onpointerenter=alert(1)>text</p>",
        id="allowed-tag-event-handlers",
    ),
    P("<BGSOUND SRC=\"javascript:alert('XSS');\">", id="bgsound"),
    P("<BR SIZE=\"&{alert('XSS')}\">", id="ampersand-javascript-includes"),
    P('<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">', id="style-sheet-link"),
    P('<LINK REL="stylesheet" HREF="http://xss.rocks/xss.css">', id="remote-style-sheet-link"),
    P("<STYLE>@import'http://xss.rocks/xss.css';</STYLE>", id="remote-style-sheet-import"),
    P('<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">', id="meta-link"),
    P('<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>', id="moz-binding"),
    P("<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>", id="style-breaking-up-javascript"),
    P("<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">", id="img-style-expression"),
    P("<XSS STYLE=\"xss:expression(alert('XSS'))\">", id="anonymous-tag-style-expression"),
    P("<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>", id="style-type-javascript"),
    P(
        "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE><A CLASS=XSS></A>",
        id="style-background-image",
    ),
    P(
        '<STYLE type="text/css">BODY{background:url("javascript:alert(\'XSS\')")}</STYLE>',
        id="style-background",
    ),
    P('<XSS STYLE="behavior: url(xss.htc);">', id="style-behavior-htc"),
    P("\u00bcscript\u00bealert(\u00a2XSS\u00a2)\u00bc/script\u00be", id="us-ascii-encoding"),
    P('<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">', id="meta-refresh"),
    P(
        '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,'
        'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
        id="meta-refresh-data-base64",
    ),
    P(
        '<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert(\'XSS\');">',
        id="meta-refresh-extra-url",
    ),
    P('<META HTTP-EQUIV="Set-Cookie" Content="USERID=<SCRIPT>alert(\'XSS\')</SCRIPT>">', id="meta-cookie"),
    P("<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>", id="iframe"),
    P('<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>', id="iframe-event"),
    P('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', id="iframe-srcdoc"),
    P("<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>", id="frame"),
    P("<TABLE BACKGROUND=\"javascript:alert('XSS')\">", id="table-background"),
    P("<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">", id="td-background"),
    P("<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", id="div-background-image"),
    P(
        "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063"
        "\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053"
        "\\0027\\0029'\\0029\">",
        id="div-background-image-unicode",
    ),
    P("<DIV STYLE=\"background-image: url(&#1;javascript:alert('XSS'))\">", id="div-background-extra-chars"),
    P("<DIV STYLE=\"width: expression(alert('XSS'));\">", id="div-expression"),
    P("<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->", id="downlevel-hidden-block"),
    P("<BASE HREF=\"javascript:alert('XSS');//\">", id="base-tag"),
    P('<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>', id="object-tag"),
    P('<object data="javascript:alert(1)"></object>', id="object-javascript-data"),
    P(
        '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAv'
        "c3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9y"
        "Zy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0i"
        'eHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" '
        'type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
        id="embed-svg",
    ),
    P(
        '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>'
        '<SPAN DATASRC="#xss" DATAFLD="B" DATAFORMATAS="HTML"></SPAN>',
        id="xml-data-island-comment",
    ),
    P(
        "<XML ID=I><X><C><![CDATA[<IMG SRC=\"javas]]><![CDATA[cript:alert('XSS');\">]]></C></X></xml>"
        "<SPAN DATASRC=#I DATAFLD=C DATAFORMATAS=HTML></SPAN>",
        id="xml-data-island-cdata",
    ),
    P(
        '<HTML><BODY><?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time">'
        '<?import namespace="t" implementation="#default#time2">'
        '<t:set attributeName="innerHTML" to="XSS<SCRIPT DEFER>alert("XSS")</SCRIPT>"></BODY></HTML>',
        id="html-time",
    ),
    P(
        "<!--#exec cmd=\"/bin/echo '<SCR'\"--><!--#exec cmd=\"/bin/echo 'IPT SRC=http://xss.rocks/xss.js>"
        "</SCRIPT>'\"-->",
        id="ssi",
    ),
    P("<? echo('<SCR)';echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>", id="php"),
    P(
        '<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"> </HEAD>'
        "+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
        id="utf7",
    ),
    P('<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-1"),
    P('<SCRIPT =">" SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-2"),
    P('<SCRIPT a=">" \'\' SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-3"),
    P('<SCRIPT "a=\'>\'" SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-4"),
    P('<SCRIPT a=`>` SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-5"),
    P('<SCRIPT a=">\'>" SRC="httx://xss.rocks/xss.js"></SCRIPT>', id="quote-encapsulation-6"),
    P(
        '<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="httx://xss.rocks/xss.js"></SCRIPT>',
        id="quote-encapsulation-document-write",
    ),
    P('<A HREF="http://66.102.7.147/">XSS</A>', id="url-ip"),
    P('<A HREF="http://%77%77%77%2E%67%6F%6F%67%6C%65%2E%63%6F%6D">XSS</A>', id="url-encoding"),
    P('<A HREF="http://1113982867/">XSS</A>', id="url-dword"),
    P('<A HREF="h\ntt\tp://6\t6.000146.0x7.147/">XSS</A>', id="url-mixed-encoding"),
    P('<A HREF="//www.google.com/">XSS</A>', id="url-protocol-resolution"),
    P("<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>", id="url-js-link-location"),
    P("<IMG SRC=\"javascript:alert('XSS')\"", id="img-unterminated"),
    # --- link-specific vectors
    P('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', id="a-data-base64"),
    P('<a href="JaVaScRiPt:alert(1)">x</a>', id="a-javascript-mixed-case"),
    P('<a href="&#1;javascript:alert(1)">x</a>', id="a-control-char-entity"),
    P('<a href="\x01javascript:alert(1)">x</a>', id="a-raw-control-char"),
    P('<a href=" javascript:alert(1)">x</a>', id="a-leading-space"),
    P('<a href="javascript&colon;alert(1)">x</a>', id="a-named-colon-entity"),
    P('<a href="java&NewLine;script:alert(1)">x</a>', id="a-named-newline-entity"),
    P('<a href="java&Tab;script:alert(1)">x</a>', id="a-named-tab-entity"),
    P('<a href="javas&#99;ript:alert(1)">x</a>', id="a-decimal-entity-mid"),
    P('<a href="&#x6A;avascript:alert(1)">x</a>', id="a-hex-entity-first-char"),
    P('<a href="vbscript:msgbox(1)">x</a>', id="a-vbscript"),
    P('<a href="livescript:alert(1)">x</a>', id="a-livescript"),
    P(
        '<a href="https://example.com/" onclick="alert(1)" style="color:red">x</a>',
        id="a-allowed-plus-events",
    ),
    P('<abbr title="x" onclick="alert(1)" style="x">x</abbr>', id="abbr-allowed-plus-events"),
    P('<a href="https://example.com/" rel="opener" target="_blank">x</a>', id="a-user-rel-target"),
    # --- mutation XSS and HTML5 vectors
    P('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', id="mxss-noscript"),
    P('<math><mi//xlink:href="data:x,<script>alert(4)</script>">', id="mxss-math-xlink"),
    P('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', id="mxss-svg-style"),
    P(
        "<math><mtext><table><mglyph><style><!--</style>"
        '<img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
        id="mxss-math-mglyph",
    ),
    P('<!--<img src="--><img src=x onerror=alert(1)//">', id="comment-confusion"),
    P('<p title="</p><script>alert(1)</script>">x</p>', id="attribute-holds-markup"),
    P("<form><button formaction=javascript:alert(1)>X</button></form>", id="form-button-formaction"),
    P('<form action="javascript:alert(1)"><input type=submit></form>', id="form-action"),
    P("<input onfocus=alert(1) autofocus>", id="input-autofocus"),
    P("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    P("<video><source onerror=alert(1)></video>", id="video-source-onerror"),
    P("<audio src=x onerror=alert(1)>", id="audio-onerror"),
    P("<marquee onstart=alert(1)>x</marquee>", id="marquee-onstart"),
    P("<img src=x:alert(alt) onerror=eval(src) alt=0>", id="img-eval-src"),
    P("<xss id=x tabindex=1 onfocus=alert(1)></xss>", id="custom-tag-onfocus"),
    P("<textarea autofocus onfocus=alert(1)>", id="textarea-onfocus"),
    # --- breaking out of an href the linkifier or Markdown writes
    P('https://example.com/"onmouseover="alert(1)', id="linkify-double-quote-breakout"),
    P("https://example.com/'onmouseover='alert(1)", id="linkify-single-quote-breakout"),
    P('[x](https://example.com/"onclick="alert(1))', id="markdown-href-quote-breakout"),
    P('[x](https://example.com/ "t"onclick="alert(1)")', id="markdown-title-quote-breakout"),
]

# Payloads that are only a URL: tried as href, Markdown link, autolink, reference link, image.
URL_PAYLOADS = [
    P("javascript:alert('XSS')", id="javascript"),
    P("JaVaScRiPt:alert(1)", id="javascript-mixed-case"),
    P("javascript:alert(String.fromCharCode(88,83,83))", id="javascript-fromcharcode"),
    P("javascript://%0aalert(1)", id="javascript-comment-newline"),
    P("javascript://example.com/%0aalert(1)", id="javascript-host-comment"),
    P("jav&#x09;ascript:alert('XSS');", id="encoded-tab"),
    P("jav&#x0A;ascript:alert('XSS');", id="encoded-newline"),
    P("jav&#x0D;ascript:alert('XSS');", id="encoded-carriage-return"),
    P("jav\tascript:alert(1)", id="raw-tab"),
    P("java\0script:alert(1)", id="raw-null"),
    P("&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)", id="decimal-entities"),
    P("&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)", id="hex-entities-no-semicolon"),
    P("&#1;javascript:alert(1)", id="control-char-entity"),
    P("javascript&colon;alert(1)", id="named-colon-entity"),
    P("%6A%61%76%61script:alert(1)", id="percent-encoded-scheme"),
    P('vbscript:msgbox("XSS")', id="vbscript"),
    P("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", id="data-html-base64"),
    P("data:text/html,<script>alert(1)</script>", id="data-html"),
    P("data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", id="data-svg"),
    P("data:image/png;base64,iVBORw0KGgo=", id="data-png"),
    P("feed:javascript:alert(1)", id="feed-javascript"),
    P("//xss.rocks/xss.js", id="protocol-relative"),
]


def _markdown_link_forms(url: str) -> list[str]:
    return [
        f"[click]({url})",
        f"[click](<{url}>)",
        f'[click]({url} "title")',
        f"<{url}>",
        f"[x][1]\n\n[1]: {url}",
        f"[x][1]\n\n[1]: <{url}>",
        f"![img]({url})",
        f"see {url} here",
    ]


def _html_link_forms(url: str) -> list[str]:
    return [
        f'<a href="{url}">x</a>',
        f"<a href='{url}'>x</a>",
        f"<a href={url}>x</a>",
        f'<a title="t" href="{url}">x</a>',
    ]


def test_there_are_enough_payloads() -> None:
    assert len(OWASP_PAYLOADS) >= 60
    for payloads in (OWASP_PAYLOADS, URL_PAYLOADS):
        ids = [p.id for p in payloads]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_owasp_payload_sanitize_html(payload: str) -> None:
    assert_safe(sanitize_html(payload))


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_owasp_payload_render_markdown(payload: str) -> None:
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_owasp_output_is_stable_when_cleaned_again(payload: str) -> None:
    # A sanitizer whose output changes when parsed and serialized again is a mutation-XSS smell.
    for html in (sanitize_html(payload), render_markdown(payload)):
        assert sanitize_html(html) == html


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_owasp_payload_inside_markdown_structures(payload: str) -> None:
    # The same payload in the places Markdown treats specially: quotes, lists, tables, code.
    source = (
        f"> {payload}\n\n- {payload}\n\n| a |\n|---|\n| {payload} |\n\n`{payload}`\n\n```\n{payload}\n```\n"
    )
    assert_safe(render_markdown(source))


@pytest.mark.parametrize("url", URL_PAYLOADS)
def test_url_payload_markdown_links(url: str) -> None:
    for source in _markdown_link_forms(url):
        assert_safe(render_markdown(source))


@pytest.mark.parametrize("url", URL_PAYLOADS)
def test_url_payload_html_links(url: str) -> None:
    for source in _html_link_forms(url):
        assert_safe(sanitize_html(source))


def test_reference_link_and_autolink_to_javascript_are_not_links() -> None:
    for source in (
        "[x][1]\n\n[1]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[click](javascript:alert(1))",
    ):
        html = render_markdown(source)
        assert_safe(html)
        assert all("href" not in a for a in _anchors(html)), html


def test_dangerous_href_is_removed_but_text_kept() -> None:
    html = sanitize_html('<a href="javascript:alert(1)">label</a>')
    assert_safe(html)
    assert _anchors(html) == [{"rel": LINK_REL}]
    assert "label" in html


# Linkification runs after the sanitizer; bare text in other schemes must not become links.
@pytest.mark.parametrize(
    "text",
    [
        P("see data:example.com/,hello here", id="data-no-slashes"),
        P("see data://example.com/x here", id="data-slashes"),
        P("see data:text:html@example.com/,%3Cscript%3Ealert(1)%3C/script%3E here", id="data-userinfo"),
        P("see ftp://example.com/file here", id="ftp"),
        P("see feed:example.com here", id="feed"),
    ],
)
@pytest.mark.parametrize("render", [render_markdown, sanitize_html], ids=["markdown", "html"])
def test_linkified_text_obeys_protocol_allow_list(render, text: str) -> None:
    html = render(text)
    assert_safe(html)
    for anchor in _anchors(html):
        scheme = _SCHEME.match(anchor.get("href", "").lower())
        assert scheme is None or scheme.group(1) in SAFE_SCHEMES, html


# --------------------------------------------------------------------- the checker itself


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<img src=x>",
        "<div>x</div>",
        "<svg></svg>",
        '<p onclick="x">a</p>',
        '<p style="color:red">a</p>',
        '<p class="x">a</p>',
        '<a href="javascript:alert(1)" rel="nofollow noopener ugc">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)" rel="nofollow noopener ugc">x</a>',
        '<a href="&#1;javascript:alert(1)" rel="nofollow noopener ugc">x</a>',
        '<a href="data:text/html,x" rel="nofollow noopener ugc">x</a>',
        '<a href="vbscript:x" rel="nofollow noopener ugc">x</a>',
        '<a href="ftp://example.com/" rel="nofollow noopener ugc">x</a>',
        '<a href="https://example.com/">no rel</a>',
        '<a href="https://example.com/" rel="opener">bad rel</a>',
        "<!-- comment -->",
        "</script>",
    ],
)
def test_assert_safe_rejects_unsafe_html(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_safe(html)


@pytest.mark.parametrize(
    "href",
    ["https://example.com/", "http://x", "mailto:a@example.com", "/q/1", "#answer-2", "?page=2", "q/1",
     "jav%09ascript:alert(1)", "%6A%61%76%61script:alert(1)", ""],
)  # fmt: skip
def test_href_is_safe_accepts_safe_urls(href: str) -> None:
    assert href_is_safe(href)


# -------------------------------------------------------------------- positive behaviour


def test_markdown_inline_formatting() -> None:
    html = render_markdown("*em* _em2_ **strong** `code` ~~gone~~")
    assert_safe(html)
    assert "<em>em</em>" in html
    assert "<em>em2</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert _tags(html).count("s") + _tags(html).count("del") == 1
    assert "gone" in html


def test_markdown_blocks() -> None:
    source = "> quoted\n\n- one\n- two\n\n1. first\n2. second\n\n```\nx = 1\n```\n\n---\n"
    html = render_markdown(source)
    assert_safe(html)
    tags = _tags(html)
    for tag in ("blockquote", "ul", "ol", "pre", "code", "hr"):
        assert tag in tags, (tag, html)
    assert tags.count("li") == 4
    assert "<pre><code>x = 1\n</code></pre>" in html


def test_markdown_table() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert_safe(html)
    tags = _tags(html)
    for tag in ("table", "thead", "tbody", "tr", "th", "td"):
        assert tag in tags, (tag, html)
    assert "<th>a</th>" in html
    assert "<td>2</td>" in html


def test_headings_are_shifted_down_one_level() -> None:
    assert render_markdown("# Title").strip() == "<h2>Title</h2>"
    assert render_markdown("## Sub").strip() == "<h3>Sub</h3>"
    for hashes in ("###", "####", "#####", "######"):
        assert render_markdown(f"{hashes} Deep").strip() == "<h4>Deep</h4>"
    assert render_markdown("Title\n=====").strip() == "<h2>Title</h2>"


def test_https_link_keeps_href_and_gets_rel() -> None:
    html = render_markdown('[docs](https://example.com/a?b=1&c=2 "The docs")')
    assert_safe(html)
    assert _anchors(html) == [{"href": "https://example.com/a?b=1&c=2", "title": "The docs", "rel": LINK_REL}]


def test_user_supplied_rel_is_overridden() -> None:
    html = sanitize_html('<a href="https://example.com/" rel="opener">x</a>')
    assert _anchors(html) == [{"href": "https://example.com/", "rel": LINK_REL}]


def test_bare_url_is_linkified() -> None:
    html = render_markdown("see https://example.com/page for more")
    assert_safe(html)
    assert _anchors(html) == [{"href": "https://example.com/page", "rel": LINK_REL}]
    assert ">https://example.com/page</a>" in html


def test_mailto_link_survives() -> None:
    html = render_markdown("[write](mailto:someone@example.com)")
    assert_safe(html)
    assert _anchors(html) == [{"href": "mailto:someone@example.com", "rel": LINK_REL}]


def test_relative_link_survives() -> None:
    html = render_markdown("[question](/questions/12#answer-3)")
    assert_safe(html)
    assert _anchors(html) == [{"href": "/questions/12#answer-3", "rel": LINK_REL}]


def test_sanitize_html_keeps_allowed_markup() -> None:
    source = '<p>ok <b>bold</b> <abbr title="x">x</abbr></p>'
    assert sanitize_html(source) == source


def test_sanitize_html_keeps_allowed_structure_and_drops_the_rest() -> None:
    source = (
        "<h2>t</h2><blockquote><p><i>i</i> <em>e</em> <q>q</q> <cite>c</cite> <del>d</del></p></blockquote>"
        "<table><caption>c</caption><tfoot><tr><td>f</td></tr></tfoot></table>"
        '<div class="x"><span>kept text</span></div><h1>top</h1>'
    )
    html = sanitize_html(source)
    assert_safe(html)
    tags = _tags(html)
    for tag in ("h2", "blockquote", "i", "em", "q", "cite", "del", "table", "caption", "tfoot", "td"):
        assert tag in tags, (tag, html)
    assert "kept text" in html
    assert "top" in html


def test_raw_html_in_markdown_is_shown_as_text() -> None:
    html = render_markdown("<b>hi</b> and <script>alert(1)</script>")
    assert_safe(html)
    assert "b" not in _tags(html)
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert plain_text(html) == "<b>hi</b> and <script>alert(1)</script>"


def test_code_is_escaped_and_not_linkified() -> None:
    html = render_markdown("```\n<b>x</b> https://example.com/\n```\n\n`<i>y</i> https://example.org/`")
    assert_safe(html)
    assert _anchors(html) == []
    assert "&lt;b&gt;x&lt;/b&gt; https://example.com/" in html
    assert "<code>&lt;i&gt;y&lt;/i&gt; https://example.org/</code>" in html


def test_imported_code_block_is_not_linkified() -> None:
    html = sanitize_html("<pre><code>curl https://example.com/</code></pre>")
    assert_safe(html)
    assert _anchors(html) == []


def test_text_is_escaped_not_dropped() -> None:
    html = render_markdown('a < b && c > d "quoted"')
    assert_safe(html)
    assert plain_text(html) == 'a < b && c > d "quoted"'


# ---------------------------------------------------------------------------- plain_text


def test_plain_text_strips_tags() -> None:
    assert plain_text("<p>Hello <b>bold</b> <a href='https://x.example'>link</a></p>") == "Hello bold link"


def test_plain_text_decodes_entities() -> None:
    assert plain_text("<p>a &lt; b</p>") == "a < b"
    assert plain_text("<p>a &amp; b &gt; c &quot;d&quot; &#39;e&#39;</p>") == "a & b > c \"d\" 'e'"


def test_plain_text_decodes_exactly_once() -> None:
    # The HTML "&amp;lt;" is the text "&lt;"; decoding twice would turn it into "<".
    assert plain_text("<p>&amp;lt;b&amp;gt;</p>") == "&lt;b&gt;"


def test_plain_text_collapses_whitespace_and_separates_blocks() -> None:
    assert plain_text("<p>one\n\n  two</p>\n<p>three</p>") == "one two three"
    assert plain_text("<ul><li>x</li><li>y</li></ul>") == "x y"
    assert plain_text(render_markdown("# T\n\npara\n\n- a\n- b")) == "T para a b"


def test_plain_text_line_break_separates_words() -> None:
    assert plain_text("first line<br>second line") == "first line second line"


def test_plain_text_of_empty_input() -> None:
    assert plain_text("") == ""
    assert plain_text("<p> </p>") == ""
