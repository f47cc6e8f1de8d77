"""A function's source, fitted to the page: what a chapter prints to show the code that is the lesson.

:func:`page_source` keeps the code exactly and changes only what a reader does not need on the
page: the signature is shortened to the parameters' names, the docstring (which the chapter's
prose replaces) is left out, and comments longer than the column are re-wrapped -- consecutive
comment lines as one paragraph, a trailing comment moved above its line. A code line that is
still too long raises, so that a chapter never shows a line that scrolls.
"""
from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable

from lecture10 import _checks

__all__ = ["page_source"]


def _comment(line: str) -> str | None:
    """The text of a full-line comment, or None."""
    stripped = line.lstrip()
    return stripped[1:].strip() if stripped.startswith("#") else None


def page_source(function: Callable, width: int = 88) -> str:
    """The source of ``function`` as lines of at most ``width`` characters (see the module docstring)."""
    _checks.positive_int(width, "width")
    source = textwrap.dedent(inspect.getsource(function))
    definition = ast.parse(source).body[0]
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise TypeError(f"page_source shows a function, got {type(function).__name__}")
    every = source.splitlines()
    if ast.get_docstring(definition) is not None:
        start = definition.body[0].end_lineno  # the line after the docstring
    else:  # the first statement, and the comments just above it
        start = definition.body[0].lineno - 1
        while start > 0 and _comment(every[start - 1]) is not None:
            start -= 1
    lines = every[start:]
    out = [f"def {definition.name}({', '.join(inspect.signature(function).parameters)}):"]
    paragraph: list[str] = []  # a run of full-line comments, as written
    indent = ""

    def flush() -> None:
        if paragraph and max(map(len, paragraph)) > width:  # re-wrap the run as one paragraph
            text = " ".join(_comment(line) for line in paragraph)
            out.extend(f"{indent}# {part}" for part in textwrap.wrap(text, max(width - len(indent) - 2, 20)))
        else:
            out.extend(paragraph)
        paragraph.clear()

    for line in lines:
        if _comment(line) is not None:
            if paragraph and line[:len(line) - len(line.lstrip())] != indent:
                flush()
            indent = line[:len(line) - len(line.lstrip())]
            paragraph.append(line)
            continue
        flush()
        code, mark, trailing = line.partition("  # ")
        if len(line) > width and mark:  # a trailing comment moves above its line
            indent = line[:len(line) - len(line.lstrip())]
            paragraph.append(f"{indent}# {trailing.strip()}")
            flush()
            line = code.rstrip()
        if len(line) > width:
            raise ValueError(f"a code line of {function.__name__} is {len(line)} characters long (over "
                             f"{width}): {line.strip()[:60]}")
        out.append(line)
    flush()
    return "\n".join(out)
