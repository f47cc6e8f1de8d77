"""Quiz questions: read and validate the per-chapter JSON files (jupyterquiz's multiple-choice format)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

QUESTIONS = "questions"  # folder of this package holding <chapter>.json
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TEX = re.compile(r"\$|\\\(|\\\[")  # quiz text is not typeset in Colab: write math in Unicode (σ, ≤, w⁵⁰)


class QuizError(ValueError):
    """A quiz file or a request for questions is wrong; the message names the file and the question."""


@dataclass(frozen=True)
class Answer:
    """One choice: its text, whether it is right, and the one-line explanation shown when it is chosen."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """A multiple-choice question with exactly one right answer."""

    chapter: str
    id: str
    text: str
    answers: tuple[Answer, ...]


def _folder() -> Any:
    return resources.files("lecture10.quiz").joinpath(QUESTIONS)


def chapters() -> list[str]:
    """The chapters that have quiz questions (the names of the JSON files), sorted."""
    return sorted(p.name[: -len(".json")] for p in _folder().iterdir() if p.name.endswith(".json"))


def _text(value: Any, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}: {field!r} must be a non-empty string, got {value!r}")
    if TEX.search(value):
        raise QuizError(f"{where}: {field!r} contains TeX ({value!r}); quiz text is not typeset in Jupyter or Colab, "
                        "write the math in Unicode (σ, ≤, w⁵⁰, ∂h/∂w)")
    return value.strip()


def parse(chapter: str, data: Any, source: str = "<data>") -> list[Question]:
    """Validate a chapter's list of questions (as read from its JSON) and return them."""
    if not isinstance(data, list) or not data:
        raise QuizError(f"{source}: expected a non-empty JSON list of questions, got {type(data).__name__}")
    questions, seen = [], set()
    for number, item in enumerate(data, start=1):
        where = f"{source}, question {number}"
        if not isinstance(item, dict):
            raise QuizError(f"{where}: expected an object, got {type(item).__name__}")
        unknown = set(item) - {"id", "question", "type", "answers"}
        if unknown:
            raise QuizError(f"{where}: unknown keys {sorted(unknown)} (allowed: id, question, type, answers)")
        qid = item.get("id")
        if not isinstance(qid, str) or not ID.match(qid):
            raise QuizError(f"{where}: 'id' must be lowercase words joined by '-', got {qid!r}")
        where = f"{source}, question {qid!r}"
        if qid in seen:
            raise QuizError(f"{where}: the id is used twice")
        seen.add(qid)
        if item.get("type") != "multiple_choice":
            raise QuizError(f"{where}: 'type' must be \"multiple_choice\", got {item.get('type')!r}")
        text = _text(item.get("question"), where, "question")
        raw = item.get("answers")
        if not isinstance(raw, list) or len(raw) < 2:
            raise QuizError(f"{where}: 'answers' must list at least two choices")
        answers = []
        for index, answer in enumerate(raw, start=1):
            at = f"{where}, answer {index}"
            if not isinstance(answer, dict) or set(answer) != {"answer", "correct", "feedback"}:
                raise QuizError(f"{at}: expected exactly the keys answer, correct, feedback; got {answer!r}")
            if not isinstance(answer["correct"], bool):
                raise QuizError(f"{at}: 'correct' must be true or false, got {answer['correct']!r}")
            feedback = _text(answer["feedback"], at, "feedback")
            if "\n" in feedback:
                raise QuizError(f"{at}: 'feedback' must be one line")
            answers.append(Answer(_text(answer["answer"], at, "answer"), answer["correct"], feedback))
        right = sum(a.correct for a in answers)
        if right != 1:
            raise QuizError(f"{where}: exactly one answer must be correct, {right} are")
        if len({a.text for a in answers}) != len(answers):
            raise QuizError(f"{where}: two answers have the same text")
        questions.append(Question(chapter, qid, text, tuple(answers)))
    return questions


def load(chapter: str) -> list[Question]:
    """Every question of a chapter, validated, in file order."""
    if not isinstance(chapter, str) or not chapter:
        raise QuizError(f"chapter must be a chapter name such as 'bptt', got {chapter!r}")
    file = _folder().joinpath(f"{chapter}.json")
    if not file.is_file():
        raise QuizError(f"no quiz for chapter {chapter!r}; chapters with a quiz: {', '.join(chapters()) or 'none'}")
    source = f"lecture10/quiz/{QUESTIONS}/{Path(str(file)).name}"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise QuizError(f"{source}: not valid JSON: {error}") from error
    return parse(chapter, data, source)
