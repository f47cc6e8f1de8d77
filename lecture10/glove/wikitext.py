"""Plain text out of a MediaWiki XML dump (such as the Wikipedia excerpt in gensim's test data).

:func:`read_wiki_dump` yields the article pages of a ``.xml`` or ``.xml.bz2`` dump and
:func:`strip_wiki_markup` turns an article's wikitext into paragraphs of running text:
templates, tables, references, files (and file names), categories, HTML tags and comments are
removed,
links keep their label, and the reference-like sections at the end of an article
("References", "External links", ...) are dropped.
"""
from __future__ import annotations

import bz2
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

__all__ = ["read_wiki_dump", "remove_nested", "strip_wiki_markup", "wiki_paragraphs"]

#: Sections after which an article holds lists of sources, not prose.
END_SECTIONS = ("references", "external links", "see also", "further reading", "notes",
                "bibliography", "sources", "footnotes", "citations", "works cited")

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.S | re.I)
_BLOCK_TAGS = re.compile(r"<(math|gallery|timeline|syntaxhighlight|source|pre|code|score|imagemap)"
                         r"\b[^>]*>.*?</\1>", re.S | re.I)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_TABLE = re.compile(r"\{\|[^{]*?\|\}", re.S)
_FILE_LINK = re.compile(r"\[\[(?:file|image|category|media):[^\[\]]*\]\]", re.I)
_INTERWIKI = re.compile(r"\[\[[a-z\-]{2,12}:[^\[\]]*\]\]")
_LINK = re.compile(r"\[\[([^\[\]|]*\|)?([^\[\]]*)\]\]")
_EXTERNAL = re.compile(r"\[(?:https?|ftp)://[^\s\]]+\s*([^\]]*)\]")
_URL = re.compile(r"(?:https?|ftp)://\S+")
_FILENAME = re.compile(r"[^\s|=\[\]]+\.(?:jpe?g|png|svg|gif|tiff?|ogg|ogv|pdf)\b", re.I)
_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
_QUOTES = re.compile(r"'{2,}")


def remove_nested(pattern: re.Pattern[str], text: str, replacement: str = "") -> str:
    """Replace innermost matches until none is left (templates, tables and brackets nest)."""
    while True:
        text, n = pattern.subn(replacement, text)
        if not n:
            return text


def strip_wiki_markup(wikitext: str) -> str:
    """Return the running text of an article's wikitext, paragraphs separated by blank lines."""
    return "\n\n".join(wiki_paragraphs(wikitext))


def wiki_paragraphs(wikitext: str) -> list[str]:
    """Return the prose paragraphs of an article's wikitext (headings, lists of sources dropped)."""
    text = html.unescape(wikitext)
    text = _COMMENT.sub("", text)
    text = _REF.sub("", text)
    text = _BLOCK_TAGS.sub("", text)
    text = remove_nested(_TEMPLATE, text)
    text = remove_nested(_TABLE, text)
    while True:  # a file's caption can hold links: resolve links from the innermost outwards
        before = text
        text = _FILE_LINK.sub("", text)
        text = _INTERWIKI.sub("", text)
        text = _LINK.sub(r"\2", text)
        if text == before:
            break
    text = _EXTERNAL.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _FILENAME.sub("", text)
    text = _TAG.sub("", text)
    text = _QUOTES.sub("", text)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        heading = _HEADING.match(line)
        if heading and heading.group(2).strip().lower() in END_SECTIONS:
            break
        if not line or heading or line.startswith(("{", "|", "!", "__")):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line.lstrip("*#:; "))
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p]


def read_wiki_dump(path: str | Path) -> Iterator[tuple[str, str]]:
    """Yield (title, wikitext) for every article page (namespace 0, not a redirect) of a dump."""
    path = Path(path)
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rb") as handle:
        title = namespace = None
        redirect = False
        for _, element in ET.iterparse(handle, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "title":
                title = element.text or ""
            elif tag == "ns":
                namespace = element.text
            elif tag == "redirect":
                redirect = True
            elif tag == "text":
                text = element.text or ""
                if namespace == "0" and not redirect and not text.lstrip().lower().startswith("#redirect"):
                    yield title or "", text
            elif tag == "page":
                title = namespace = None
                redirect = False
                element.clear()
