"""The book's one tokenizer: lowercase words, numbers and apostrophes, from any English text.

Every chapter that turns text into tokens uses :func:`tokenize` (the GloVe corpus, the live
training slice, the sentiment chapter's tweets), so a word means the same thing everywhere.

The normalisation, step by step (:func:`normalize` does steps 1-3):

1. Unicode NFKC normalisation, so that ligatures and full-width forms become plain letters
   (``ﬁ`` -> ``fi``) and compatibility characters disappear.
2. Curly apostrophes and the modifier letter apostrophe (``’ ‘ ʼ ′``) become ``'``; a
   backtick ``\\```, too.
3. Lowercasing (:meth:`str.casefold` is *not* used: it turns ``ß`` into ``ss``).
4. Tokens are maximal runs of letters and digits, joined by single inner apostrophes
   (``don't``, ``o'clock``, ``rock'n'roll``), or numbers with inner ``.``/``,`` separators
   (``3.14``, ``1,000``). Everything else separates tokens: spaces, punctuation, hyphens
   (``well-known`` -> ``well``, ``known``), underscores (``_italic_`` -> ``italic``),
   slashes. Leading and trailing apostrophes are dropped (quotes, ``'tis``).
5. The possessive/clitic ``'s`` is split off as a token of its own, as in the Penn Treebank
   tokenization that Stanford's GloVe vectors were trained on: ``king's`` -> ``king``,
   ``'s``; other contractions stay whole (``don't``, ``i'm``, ``they'll``).

Letters are Unicode letters, so ``café`` and ``naïve`` stay whole. Tweet-specific handling
(mentions, URLs, hashtags, repeated letters) is not done here: it belongs to a function built
on top of this one.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "TOKEN_PATTERN", "normalize", "tokenize"]

#: Characters read as an apostrophe (step 2 of the normalisation).
APOSTROPHES = "\u2019\u2018\u02bc\u2032`"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})

_ALNUM = r"[^\W_]"  # a Unicode letter or digit (\w without the underscore)
#: A token: a number with inner separators, or letter/digit runs joined by single apostrophes.
TOKEN_PATTERN = re.compile(rf"\d+(?:[.,]\d+)+(?!{_ALNUM})|{_ALNUM}+(?:'{_ALNUM}+)*")


def normalize(text: str) -> str:
    """Apply steps 1-3 of the normalisation: NFKC, one apostrophe character, lowercase."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize expects a str, got {type(text).__name__}")
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHE_TABLE).lower()


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lowercase word and number tokens (see the module docstring)."""
    tokens: list[str] = []
    for match in TOKEN_PATTERN.finditer(normalize(text)):
        token = match.group()
        if token.endswith("'s") and len(token) > 2:
            tokens.extend((token[:-2], "'s"))
        else:
            tokens.append(token)
    return tokens
