"""Re-execute book notebooks in place with a clean kernel, storing outputs and widget state.

    python -m tools.execute                      # every notebook in _toc.yml
    python -m tools.execute book/bptt.ipynb      # just one (or several)

Before running, the first cell of each notebook is set to the standard Colab setup
cell built from `repository.url` in `_config.yml`. Run-times are written to
`book/runtimes.json` and rendered as the page `book/runtimes.md`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.notebooks import ROOT, SETUP_TAG, setup_cell_source, toc_notebooks

RUNTIMES = ROOT / "book" / "runtimes.json"
RUNTIMES_PAGE = ROOT / "book" / "runtimes.md"
BUDGET_SECONDS = 90


def sync_setup_cell(nb: nbformat.NotebookNode) -> None:
    """Make the notebook's first cell the standard, hidden Colab setup cell."""
    cell = nbformat.v4.new_code_cell(setup_cell_source(), metadata={"tags": [SETUP_TAG]})
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "code" and SETUP_TAG in first.metadata.get("tags", []):
        first.source = cell.source
    else:
        nb.cells.insert(0, cell)


def execute(path: Path, timeout: int) -> float:
    """Run one notebook top to bottom in a fresh kernel (working directory: its folder); return seconds."""
    nb = nbformat.read(path, as_version=4)
    sync_setup_cell(nb)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)
    return seconds


def record_runtimes(times: dict[str, float]) -> None:
    """Merge measured run-times into book/runtimes.json."""
    data = json.loads(RUNTIMES.read_text()) if RUNTIMES.exists() else {"notebooks": {}}
    for name, seconds in times.items():
        data["notebooks"][name] = {
            "seconds": round(seconds, 1),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, torch threads fixed by lecture10.setup",
            "date": time.strftime("%Y-%m-%d"),
        }
    RUNTIMES.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    RUNTIMES_PAGE.write_text(runtimes_page(data))


def runtimes_page(data: dict) -> str:
    """The Markdown page listing each notebook's last measured run time against the budget."""
    rows = []
    for name, entry in sorted(data["notebooks"].items()):
        within = "yes" if entry["seconds"] <= BUDGET_SECONDS else "**no**"
        page = Path(name).stem
        rows.append(f"| {{doc}}`{page}` | {entry['seconds']:.1f} | {within} | {entry['machine']} | {entry['date']} |")
    return "\n".join(
        [
            "# Run times",
            "",
            f"Each chapter must execute top to bottom in at most {BUDGET_SECONDS} s on a 2-core CPU (the CI machine and",
            "a free Colab CPU). This table is written by `python -m tools.execute` each time it runs a notebook,",
            "with the time the whole notebook took in a fresh kernel.",
            "",
            "| notebook | seconds | within budget | machine | measured |",
            "| --- | ---: | :---: | --- | --- |",
            *rows,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all in _toc.yml)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    args = parser.parse_args(argv)
    os.environ["PYTHONHASHSEED"] = "0"  # same as tests/conftest.py: kernels inherit it
    paths = [p.resolve() for p in args.notebooks] or toc_notebooks()
    times = {}
    for path in paths:
        if not path.exists():
            parser.error(f"no such notebook: {path}")
        print(f"executing {path.relative_to(ROOT)} ...", flush=True)
        times[str(path.relative_to(ROOT))] = seconds = execute(path, args.timeout)
        print(f"  done in {seconds:.1f} s", flush=True)
    record_runtimes(times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
