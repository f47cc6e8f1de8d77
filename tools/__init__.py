"""Maintainer commands of the book, run from the repository root as modules, e.g. ``python -m tools.execute``.

Run as modules (``-m``), the tools import each other and :mod:`lecture10` without touching
``sys.path``; the tests import them the same way (``pythonpath = ["."]`` in ``pyproject.toml``).
Each tool is a thin command line over functions of :mod:`lecture10` (the GloVe pipeline, the
adding experiment) or of :mod:`tools.notebooks` (the book's layout and run-time records).
"""
