"""English stop words and a tokenizer: the index's stopWords, the similar-question query, and
the BM25 baseline it was measured against (docs/search-relevance.md)."""

from __future__ import annotations

import re

# NLTK's English list plus question-form filler that carries no topic on a Q&A forum
# ("anyone know ...", "please help", "i want to ..."). Also used as Meilisearch `stopWords`.
NLTK_STOP_WORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing a an
the and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then
once here there when where why how all any both each few more most other some such no nor not
only own same so than too very s t can will just don should now d ll m o re ve y ain aren
couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn
""".split()  # noqa: SIM905

FORUM_FILLER = """
anyone anybody someone somebody know knows please pls plz help hi hello hey guys thanks thank
thanx regards would could may might also get got want wanted need needs like u ur im dont
can't cant any one us
""".split()  # noqa: SIM905

STOP_WORDS: list[str] = sorted(set(NLTK_STOP_WORDS) | set(FORUM_FILLER))
_STOP = frozenset(STOP_WORDS)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokenize(text: str, stop: bool = True) -> list[str]:
    toks = [t.replace("'", "") for t in _TOKEN.findall(text.lower())]
    if stop:
        toks = [t for t in toks if t not in _STOP]
    return toks


def first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def content_words(text: str, n: int) -> str:
    """The first n words that are not stop words: Meilisearch matches at most 10 query
    terms, so a long question's budget goes to the words that carry its topic."""
    return " ".join(tokenize(text)[:n])
