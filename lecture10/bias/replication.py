"""Run Caliskan et al.'s WEAT tests on a vocabulary and lay the results out beside theirs."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lecture10 import stable
from lecture10.bias.weat import MissingWords, WeatResult, weat
from lecture10.bias.wordlists import CALISKAN_TESTS, WeatTest, load_weat_lists
from lecture10.vectors import VectorSet

__all__ = ["TABLE_NOTE", "Replication", "missing_words_table", "replicate", "runs_table", "weat_table"]


@dataclass(frozen=True)
class Replication:
    """One test on one vocabulary: the result (None when a whole word list is missing, ``empty``
    then names those lists) and the words the vocabulary lacks, by role (X, Y, A, B)."""

    test: WeatTest
    result: WeatResult | None
    missing: dict[str, list[str]] = field(default_factory=dict)
    empty: tuple[str, ...] = ()


def replicate(vectors: VectorSet, tests: Sequence[WeatTest] = CALISKAN_TESTS, *,
              lowercase: bool = False, lists: Mapping[str, list[str]] | None = None,
              seed: int = 0) -> list[Replication]:
    """Run each test on ``vectors`` (see :func:`lecture10.bias.weat.weat`); never drop a test silently."""
    lists = load_weat_lists() if lists is None else lists
    unknown = sorted({key for t in tests for key in (t.x, t.y, t.a, t.b)} - set(lists))
    if unknown:
        raise KeyError(f"no word list named {unknown}; known: {sorted(lists)}")
    rows = []
    for test in tests:
        try:
            result = weat(vectors, lists[test.x], lists[test.y], lists[test.a], lists[test.b],
                          lowercase=lowercase, seed=seed)
        except MissingWords as error:
            rows.append(Replication(test, None, error.missing, tuple(error.empty)))
        else:
            rows.append(Replication(test, result, result.missing))
    return rows


#: A test whose smallest attainable p-value is above this cannot show anything: flagged in tables.
ALPHA = 0.05
#: How far an effect size may move on another CPU (float32 vectors, float64 sums) before its printed
#: two decimals are refused (:func:`lecture10.stable.rounded`).
D_TOLERANCE = 1e-6
#: The marks a table cell uses, explained under the table by :data:`TABLE_NOTE`.
SAMPLED, POWERLESS = "*", "†"
TABLE_NOTE = (f"Each cell: d (p-value; target words used from X+Y); **bold** when p < {ALPHA}. "
              f"{SAMPLED} p estimated from 10,000 random splits (so at least 0.0001); "
              f"{POWERLESS} too few target words for any split to reach p < {ALPHA}.")


def _cell(row: Replication) -> str:
    if row.result is None:
        return f"no {' or '.join(row.empty)} words"
    r = row.result
    d = stable.rounded(r.effect_size, 2, tolerance=D_TOLERANCE)
    if r.p_value < ALPHA:
        d = f"**{d}**"
    marks = ("" if r.exact else SAMPLED) + (POWERLESS if r.exact and 1 / r.n_partitions > ALPHA else "")
    return f"{d} ({r.p_value:.2g}{marks}; {r.sizes['X']}+{r.sizes['Y']})"


def weat_table(columns: Mapping[str, Sequence[Replication]], tests: Sequence[WeatTest] = CALISKAN_TESTS) -> str:
    """Return a Markdown table: one row per test, the published d, then one column per vocabulary.

    A cell gives d (bold when p < 0.05), the p-value (marked when estimated from random
    permutations, or when even the most extreme split could not reach p < 0.05) and the numbers
    of target words used; :data:`TABLE_NOTE` explains the marks.
    """
    for name, rows in columns.items():
        if [r.test for r in rows] != list(tests):
            raise ValueError(f"column {name!r} does not hold the tests of the table, in order")
    header = ["Targets X/Y, attributes A/B", "Caliskan et al.: GloVe, Common Crawl"]
    lines = ["| " + " | ".join(header + list(columns)) + " |",
             "|" + "---|" * (len(header) + len(columns))]
    for i, test in enumerate(tests):
        cells = [test.name, f"{test.published_d:.2f} ({test.published_p:.2g})"]
        cells += [_cell(rows[i]) for rows in columns.values()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def missing_words_table(columns: Mapping[str, Sequence[Replication]]) -> str:
    """Return a Markdown table of the words each vocabulary lacks, test by test."""
    lines = ["| Test | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    names = [row.test.name for row in next(iter(columns.values()))]
    for i, name in enumerate(names):
        cells = []
        for rows in columns.values():
            lacking = [w for role in "XYAB" for w in rows[i].missing.get(role, [])]
            cells.append(", ".join(lacking) if lacking else "none")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def runs_table(report: Mapping, tests: Sequence[WeatTest] = CALISKAN_TESTS) -> str:
    """Return a Markdown table of each test's d across independent trainings of the same vectors.

    ``report`` is the multi-run artefact of the book's GloVe (:func:`lecture10.artefacts.book_glove_runs`):
    only the runs with the shipped configuration's ``x_max`` count (they differ in their seed). A row
    gives the smallest and largest d, and in how many runs the test reached p < 0.05.
    """
    shipped = report["shipped_config"]["x_max"]
    runs = [run for run in report["runs"] if run["config"]["x_max"] == shipped]
    if not runs:
        raise ValueError("the report holds no run with the shipped configuration")
    lines = [f"| Targets X/Y, attributes A/B | d, lowest to highest of {len(runs)} runs | runs with p < {ALPHA} |",
             "|---|---|---|"]
    for test in tests:
        results = [run["weat"].get(test.name) for run in runs]
        found = [r for r in results if r is not None]
        if not found:
            lines.append(f"| {test.name} | no run could test it | 0 |")
            continue
        d = sorted(r["effect_size"] for r in found)
        significant = sum(r["p_value"] < ALPHA for r in found)
        lines.append(f"| {test.name} | {d[0]:.2f} to {d[-1]:.2f} | {significant} of {len(found)} |")
    return "\n".join(lines)
