"""Render quiz questions as self-contained HTML (no external file, no request) and as plain text."""
from __future__ import annotations

import hashlib
import html
import random
import re
import string
from dataclasses import dataclass

from lecture10.quiz.model import Answer, Question, QuizError, load

# Installed once per page (or notebook window): one listener handles every quiz, present or added later.
SCRIPT = """(function () {
  if (window.lecture10Quiz) { return; }
  window.lecture10Quiz = true;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".l10-quiz input[type=radio]")) { return; }
    var form = input.closest("form"), right = input.getAttribute("data-correct") === "true";
    form.querySelectorAll("label").forEach(function (label) { label.classList.remove("l10-right", "l10-wrong"); });
    input.closest("label").classList.add(right ? "l10-right" : "l10-wrong");
    var feedback = form.querySelector(".l10-quiz-feedback");
    feedback.textContent = (right ? "\\u2713 Right. " : "\\u2717 Not quite. ") + input.getAttribute("data-feedback");
    feedback.className = "l10-quiz-feedback " + (right ? "l10-right" : "l10-wrong");
  });
  document.addEventListener("submit", function (event) {
    if (event.target.closest && event.target.closest(".l10-quiz")) { event.preventDefault(); }
  });
})();"""

# A light card in every theme (the site's dark mode keeps HTML outputs light, Jupyter's does not): fixed colours
# with enough contrast (the green and red are above 4.5:1 on the card).
STYLE = """.l10-quiz { color-scheme: light; color: #1f2328; background: #f6f8fa; border-radius: 6px;
  padding: 0.1em 0.8em; }
.l10-quiz form { margin: 0.8em 0; }
.l10-quiz fieldset { border: 1px solid rgba(127, 127, 127, 0.45); border-radius: 6px; padding: 0.6em 1em 0.8em;
  margin: 0; }
.l10-quiz legend { float: none; width: auto; font-size: 1em; font-weight: 600; line-height: 1.4; padding: 0 0.3em;
  margin: 0; }
.l10-quiz label { display: block; margin: 0.25em 0; padding: 0.25em 0.5em; border-left: 4px solid transparent;
  border-radius: 3px; cursor: pointer; }
.l10-quiz label:hover { background: rgba(127, 127, 127, 0.12); }
.l10-quiz label.l10-right { border-left-color: #1a7f37; }
.l10-quiz label.l10-wrong { border-left-color: #b3261e; }
.l10-quiz .l10-quiz-feedback { margin: 0.5em 0 0; min-height: 1.5em; }
.l10-quiz .l10-quiz-feedback.l10-right { color: #1a7f37; }
.l10-quiz .l10-quiz-feedback.l10-wrong { color: #b3261e; }"""

CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    """Escaped HTML of quiz text, with `backticks` as code."""
    return CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def _attribute(text: str) -> str:
    return html.escape(CODE.sub(r"\1", text), quote=True)


def shuffled(question: Question) -> list[Answer]:
    """The answers in display order: shuffled, the same way on every machine (seeded by the question's name)."""
    seed = int.from_bytes(hashlib.sha256(f"{question.chapter}/{question.id}".encode()).digest()[:8], "big")
    answers = list(question.answers)
    random.Random(seed).shuffle(answers)
    return answers


def question_html(question: Question, number: int, total: int) -> str:
    """One question: a form with a fieldset, its legend, one labelled radio button per answer, a live feedback line."""
    prefix = f"Question {number} of {total}: " if total > 1 else "Question: "
    lines = [f'<form class="l10-quiz-question" data-question="{question.chapter}/{question.id}">',
             "<fieldset>", f"<legend>{html.escape(prefix)}{_inline(question.text)}</legend>"]
    for index, answer in enumerate(shuffled(question)):
        lines.append(f'<label><input type="radio" name="answer" value="{index}" '
                     f'data-correct="{str(answer.correct).lower()}" data-feedback="{_attribute(answer.feedback)}"> '
                     f"{_inline(answer.text)}</label>")
    lines += ['<p class="l10-quiz-feedback" role="status" aria-live="polite"></p>', "</fieldset>", "</form>"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Quiz:
    """Questions to display: HTML in a notebook or on the site, plain text elsewhere."""

    chapter: str
    questions: tuple[Question, ...]

    def _repr_html_(self) -> str:
        total = len(self.questions)
        body = "\n".join(question_html(q, i, total) for i, q in enumerate(self.questions, start=1))
        return (f'<div class="l10-quiz" data-quiz="{html.escape(self.chapter)}">\n<style>\n{STYLE}\n</style>\n'
                f"{body}\n<script>\n{SCRIPT}\n</script>\n</div>")

    def __repr__(self) -> str:
        lines = [f"Quiz ({self.chapter}): run this cell in Jupyter, or read the book's site, to answer."]
        for number, question in enumerate(self.questions, start=1):
            lines.append(f"{number}. {question.text}")
            lines += [f"   {letter}) {a.text}" for letter, a in zip(string.ascii_lowercase, shuffled(question))]
        return "\n".join(lines)


def show(chapter: str, *ids: str) -> Quiz:
    """The chapter's quiz questions (all, or those with the given ids, in that order), ready to display."""
    questions = load(chapter)
    if not ids:
        return Quiz(chapter, tuple(questions))
    by_id = {q.id: q for q in questions}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise QuizError(f"chapter {chapter!r} has no question {', '.join(map(repr, unknown))}; "
                        f"its questions: {', '.join(by_id)}")
    if len(set(ids)) != len(ids):
        raise QuizError(f"a question is asked twice: {ids}")
    return Quiz(chapter, tuple(by_id[i] for i in ids))
