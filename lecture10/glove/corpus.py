"""The text GloVe is trained on: the maintainers' full corpus, or the chapter's small slice.

* :func:`read_corpus` (or :func:`corpus_files`) reads a corpus folder written by ``python -m tools.corpus.build`` (never
  committed: it is rebuilt from registry packages), and :func:`source_word_counts` counts words
  in each of its sources.
* :func:`wiki_excerpt` is the slice the chapter trains on live: the 106 English Wikipedia
  articles of gensim's test data (460,000 tokens), fetched through :mod:`lecture10.data`
  from the same pinned gensim wheel as the evaluation files, cleaned of wiki markup and
  tokenized with the book's tokenizer; :func:`wiki_titles` names its articles.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lecture10 import _checks
from lecture10.glove.wikitext import read_wiki_dump, wiki_paragraphs
from lecture10.tokenize import tokenize

__all__ = ["CORPUS_MANIFEST", "WIKI_EXCERPT", "corpus_files", "read_corpus", "source_word_counts", "wiki_excerpt", "wiki_titles"]

CORPUS_MANIFEST = "corpus-manifest.json"
WIKI_EXCERPT = "enwiki-excerpt"


def corpus_files(folder: str | Path, sources: list[str] | None = None) -> tuple[list[Path], dict]:
    """The text files of a built corpus (all its sources, or ``sources``) and its manifest.

    ``manifest["sha256"]`` is added: the hash of the manifest file, which names the hash of
    every source file.
    """
    folder = Path(folder)
    path = folder / CORPUS_MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"no {CORPUS_MANIFEST} in {folder}: build the corpus with "
                                f"`python -m tools.corpus.build --out {folder}`")
    raw = path.read_bytes()
    manifest = json.loads(raw)
    manifest["sha256"] = hashlib.sha256(raw).hexdigest()
    names = [s["name"] for s in manifest["sources"]]
    unknown = sorted(set(sources or []) - set(names))
    if unknown:
        raise ValueError(f"unknown corpus sources {unknown}; the corpus has {names}")
    files = [folder / s["file"] for s in manifest["sources"] if sources is None or s["name"] in sources]
    return files, manifest


def read_corpus(folder: str | Path, sources: list[str] | None = None) -> tuple[list[list[str]], dict]:
    """The documents (token lists) of a built corpus and its manifest (see :func:`corpus_files`)."""
    files, manifest = corpus_files(folder, sources)
    documents: list[list[str]] = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            documents.extend(line.split() for line in handle)
    return documents, manifest


def source_word_counts(folder: str | Path, manifest: dict, words: Iterable[str]) -> dict[str, dict[str, int]]:
    """How often each of ``words`` occurs in each source of the corpus in ``folder``: {word: {source: count}}."""
    words = _checks.words(words, "words")
    wanted = set(words)
    out: dict[str, dict[str, int]] = {w: {} for w in words}
    for entry in manifest["sources"]:
        found: Counter[str] = Counter()
        with open(Path(folder) / entry["file"], encoding="utf-8") as handle:
            for line in handle:
                found.update(t for t in line.split() if t in wanted)
        for word in words:
            out[word][entry["name"]] = found[word]
    return out


def wiki_excerpt() -> list[list[str]]:
    """The chapter's training slice: one token list per paragraph of the Wikipedia excerpt."""
    from lecture10.data import fetch

    path = fetch(WIKI_EXCERPT)
    return [tokens for _, wikitext in read_wiki_dump(path)
            for tokens in map(tokenize, wiki_paragraphs(wikitext)) if tokens]


def wiki_titles() -> list[str]:
    """The titles of the Wikipedia excerpt's articles, in the dump's order (redirects left out)."""
    from lecture10.data import fetch

    return [title for title, _ in read_wiki_dump(fetch(WIKI_EXCERPT))]
