"""lecture10.quiz: the chapters' questions are valid, and render as accessible, self-contained, deterministic HTML."""
from __future__ import annotations

import copy
import fnmatch
import html.parser
import json

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (the lowest supported; tools.compat tests it): pytest brings tomli
    import tomli as tomllib

import pytest

from lecture10 import quiz
from lecture10.quiz.model import QUESTIONS
from lecture10.quiz.render import shuffled

from tools.notebooks import ROOT, toc_notebooks

NOT_CHAPTERS = {"running-this-book"}  # pages without lecture content
CHAPTERS = [p.stem for p in toc_notebooks() if p.stem not in NOT_CHAPTERS]
QUESTION = {"id": "gates", "question": "What does a gate compute?", "type": "multiple_choice", "answers": [
    {"answer": "A sigmoid between 0 and 1", "correct": True, "feedback": "It multiplies what is kept."},
    {"answer": "A hard switch", "correct": False, "feedback": "Gates are soft."},
]}


def test_every_chapter_has_three_to_five_questions() -> None:
    assert sorted(quiz.chapters()) == sorted(CHAPTERS), "one quiz file per chapter of _toc.yml, named like it"
    counts = {chapter: len(quiz.load(chapter)) for chapter in CHAPTERS}
    assert all(3 <= n <= 5 for n in counts.values()), counts


def test_every_answer_has_a_one_line_explanation() -> None:
    for chapter in quiz.chapters():
        for question in quiz.load(chapter):
            assert sum(a.correct for a in question.answers) == 1
            assert all(a.feedback and "\n" not in a.feedback for a in question.answers)


def test_the_questions_are_package_data() -> None:
    """Colab installs lecture10 from git without the source tree: pyproject.toml must ship the JSON files."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["lecture10"]
    folder = ROOT / "lecture10" / "quiz" / QUESTIONS
    files = [p.relative_to(ROOT / "lecture10").as_posix() for p in folder.glob("*.json")]
    assert files and all(any(fnmatch.fnmatch(f, pattern) for pattern in patterns) for f in files), (files, patterns)


class _Form(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_a_fieldset_of_labelled_radio_buttons_with_a_live_feedback_line() -> None:
    shown = quiz.show("bptt", "sigma-max", "truncated-bptt")
    page = shown._repr_html_()
    parser = _Form()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert names.count("form") == names.count("fieldset") == names.count("legend") == 2
    radios = [a for t, a in parser.tags if t == "input"]
    assert len(radios) == 6 and all(a["type"] == "radio" and a["name"] == "answer" for a in radios)
    assert sum(a["data-correct"] == "true" for a in radios) == 2 and all(a["data-feedback"] for a in radios)
    assert names.count("label") == 6
    live = [a for t, a in parser.tags if t == "p" and "l10-quiz-feedback" in a.get("class", "")]
    assert [(a["role"], a["aria-live"]) for a in live] == [("status", "polite")] * 2
    assert "Question 1 of 2: A tanh RNN" in page and "Question 2 of 2" in page


def test_html_requests_nothing_and_is_deterministic() -> None:
    page = quiz.show("long-term")._repr_html_()
    assert page == quiz.show("long-term")._repr_html_()
    for fetch in ("src=", "href=", "http", "@import", "url("):
        assert fetch not in page, f"the quiz HTML must fetch nothing ({fetch})"


def test_answers_are_shuffled_the_same_way_everywhere() -> None:
    positions = [[a.correct for a in shuffled(q)].index(True) for c in quiz.chapters() for q in quiz.load(c)]
    assert len(set(positions)) > 1, "the right answer must not always come first"
    question = quiz.load("bptt")[0]
    assert shuffled(question) == shuffled(question)


def test_text_is_escaped_and_backticks_are_code() -> None:
    question = dict(QUESTION, question="Is `a < b` & c?")
    shown = quiz.Quiz("x", tuple(quiz.parse("x", [question])))
    assert "Is <code>a &lt; b</code> &amp; c?" in shown._repr_html_()


def test_plain_text_lists_questions_without_revealing_answers() -> None:
    text = repr(quiz.show("bptt", "sigma-max"))
    assert text.startswith("Quiz (bptt): ") and "1. A tanh RNN's recurrent matrix" in text
    assert "   a) " in text and "Only σ_max(W)" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q.update(id="Gates!"), "'id' must be lowercase words"),
        (lambda q: q.update(type="many_choice"), "'type' must be \"multiple_choice\""),
        (lambda q: q["answers"][1].update(correct=True), "exactly one answer must be correct, 2 are"),
        (lambda q: q["answers"][0].update(feedback=""), "'feedback' must be a non-empty string"),
        (lambda q: q["answers"][0].update(feedback="two\nlines"), "'feedback' must be one line"),
        (lambda q: q.update(question="Is $w^{50}$ small?"), "contains TeX"),
        (lambda q: q.update(answers=q["answers"][:1]), "at least two choices"),
        (lambda q: q["answers"][0].pop("feedback"), "expected exactly the keys answer, correct, feedback"),
        (lambda q: q.update(hint="x"), "unknown keys \\['hint'\\]"),
    ],
)
def test_a_malformed_question_is_refused_with_its_place(change, message: str) -> None:
    question = copy.deepcopy(QUESTION)
    change(question)
    with pytest.raises(quiz.QuizError, match=f"q.json, question .*{message}"):
        quiz.parse("x", [question], "q.json")


def test_unknown_chapters_and_questions_are_named() -> None:
    with pytest.raises(quiz.QuizError, match="no quiz for chapter 'bpt'; chapters with a quiz: bias, bptt"):
        quiz.show("bpt")
    with pytest.raises(quiz.QuizError, match="chapter 'bptt' has no question 'nope'; its questions: shared-weight"):
        quiz.show("bptt", "nope")
    with pytest.raises(quiz.QuizError, match="the id is used twice"):
        quiz.parse("x", [QUESTION, QUESTION])
    with pytest.raises(quiz.QuizError, match="non-empty JSON list"):
        quiz.parse("x", {"questions": []})


def test_the_files_are_jupyterquiz_compatible() -> None:
    """The same files load in jupyterquiz (`display_quiz(path)`): a list of multiple_choice questions."""
    for path in (ROOT / "lecture10" / "quiz" / QUESTIONS).glob("*.json"):
        data = json.loads(path.read_text())
        assert all(q["type"] == "multiple_choice" and {"question", "answers"} <= set(q) for q in data), path
        assert all(set(a) == {"answer", "correct", "feedback"} for q in data for a in q["answers"]), path
