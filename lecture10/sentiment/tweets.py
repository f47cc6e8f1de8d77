"""The tweet tokenizer: Twitter-specific clean-up on top of the book's one tokenizer.

:func:`tokenize_tweet` handles what only tweets have, then hands every stretch of ordinary
text to :func:`lecture10.tokenize.tokenize`, so a word in a tweet is normalised exactly like
the words the book's GloVe vectors were trained on (NFKC, lowercase, the same token rule):

* HTML entities (``&amp;``, ``&quot;``, ``&lt;``), which both tweet datasets contain, are decoded;
* URLs (``http://...``, ``https://...``, ``www....``) become the placeholder ``<url>``;
* mentions (``@name``) become ``<user>``: a name says little about sentiment and is rarely shared;
* hashtags become their words: ``#xbox`` -> ``xbox``; ``#NeverAgain`` -> ``never``, ``again``;
* runs of three or more identical letters are squeezed to two: ``WOOOOOO`` -> ``woo``,
  ``sooo`` -> ``soo`` (so all the spellings of one shout share a token);
* punctuation is dropped, as in the embeddings' corpus, except ``!`` and ``?``: a run of
  them becomes one ``!`` or ``?`` token (they carry sentiment and emphasis);
* the emoticons ``:)``, ``:-D``, ``;)``, ``:P``... become ``<smile>``, ``:(``, ``:'(``... become
  ``<sadface>``, and ``<3`` becomes ``<heart>`` (the placeholders of Stanford's GloVe Twitter
  preprocessing). Sentiment140 removed these from its tweets; VADER's tweets still have them.

The placeholder tokens and ``!``/``?`` have no pretrained vector in an embedding trained on
ordinary text; :func:`lecture10.sentiment.dataset.embedding_matrix` gives them their own rows.
"""
from __future__ import annotations

import html
import re

from lecture10.tokenize import tokenize

__all__ = ["HEART", "PLACEHOLDERS", "SAD", "SMILE", "URL", "USER", "squeeze_repeats", "tokenize_tweet"]

USER = "<user>"
URL = "<url>"
SMILE = "<smile>"
SAD = "<sadface>"
HEART = "<heart>"
#: The tokens that stand for a whole class of strings (never produced by the base tokenizer).
PLACEHOLDERS: tuple[str, ...] = (USER, URL, SMILE, SAD, HEART)

_EYES, _NOSE = r"[:=;]", r"['\-o^]?"
_SPECIAL = re.compile(
    rf"""
      (?P<url>(?:https?://|www\.)\S+)
    | (?P<user>(?<![\w@])@\w+)
    | (?P<hashtag>(?<![\w&])\#(?P<tag>[^\W_]\w*))
    | (?P<smile>(?<![\w:]){_EYES}{_NOSE}[)\]}}>DpP](?!\w)|(?<!\w)[(\[{{]{_NOSE}[:=](?!\w)|(?<!\w)\^_?\^(?!\w))
    | (?P<sad>(?<![\w:]){_EYES}'?{_NOSE}[(\[{{](?![\w)])|(?<!\w)[)\]}}]{_NOSE}[:=](?!\w))
    | (?P<heart>(?<!\w)<3+(?!\d))
    | (?P<mark>[!?])[!?1]*
    """,
    re.VERBOSE,
)
_REPEATED_LETTER = re.compile(r"([^\W\d_])\1{2,}")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")


def squeeze_repeats(text: str) -> str:
    """Shorten every run of three or more identical letters to two (``'woooooo'`` -> ``'woo'``)."""
    return _REPEATED_LETTER.sub(r"\1\1", text)


def _words(text: str) -> list[str]:
    return tokenize(squeeze_repeats(text))


def tokenize_tweet(text: str) -> list[str]:
    """Split a tweet into tokens: the book's :func:`~lecture10.tokenize.tokenize` plus the rules above."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize_tweet expects a str, got {type(text).__name__}")
    text = html.unescape(text)
    tokens: list[str] = []
    start = 0
    for match in _SPECIAL.finditer(text):
        tokens += _words(text[start:match.start()])
        start = match.end()
        kind = match.lastgroup if match.lastgroup != "tag" else "hashtag"
        if kind == "url":
            tokens.append(URL)
        elif kind == "user":
            tokens.append(USER)
        elif kind == "hashtag":
            tokens += _words(_CAMEL_BOUNDARY.sub(" ", match.group("tag")))
        elif kind == "smile":
            tokens.append(SMILE)
        elif kind == "sad":
            tokens.append(SAD)
        elif kind == "heart":
            tokens.append(HEART)
        else:  # a run of ! and ? marks: keep its first mark once
            tokens.append(match.group("mark"))
    tokens += _words(text[start:])
    return tokens
