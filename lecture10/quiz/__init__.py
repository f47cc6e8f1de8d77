"""Quizzes with instant feedback, in Jupyter, Colab and on the book's static site.

Each chapter's questions live in ``lecture10/quiz/questions/<chapter>.json`` (package data, so Colab
has them), in jupyterquiz's question format. A chapter shows them with one line::

    from lecture10 import quiz
    quiz.show("bptt")                      # every question of the chapter
    quiz.show("bptt", "shared-weights")    # or some of them, by id

The output is plain HTML (native radio buttons in a fieldset) and one small inline script: choosing an
answer marks it right or wrong and shows its one-line explanation. Nothing is fetched from anywhere.
"""
from lecture10.quiz.model import Answer, Question, QuizError, chapters, load, parse
from lecture10.quiz.render import Quiz, show

__all__ = ["Answer", "Question", "Quiz", "QuizError", "chapters", "load", "parse", "show"]
