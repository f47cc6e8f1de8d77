"""What the tools and tests agree on about the book's notebooks: where they are, their setup cell."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETUP_TAG = "remove-cell"


def book_config() -> dict:
    """The parsed `_config.yml`."""
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def toc_files() -> list[str]:
    """Every file listed in `_toc.yml`, in reading order, as written there (no suffix)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def toc_notebooks() -> list[Path]:
    """The notebooks of the book (those `_toc.yml` lists with an `.ipynb` file)."""
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


def setup_cell_source() -> str:
    """The first cell of every notebook: in Colab only, install `lecture10` from the configured repository."""
    repo = book_config()["repository"]
    url, branch = repo["url"].rstrip("/"), repo.get("branch", "main")
    return (
        "# Colab only: install the book's helper package from the repository.\n"
        "# Its dependencies exclude torch, so Colab's own torch is kept.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install --quiet "lecture10 @ git+{url}@{branch}"'
    )
