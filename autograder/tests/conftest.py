"""Shared fixtures. `lstm_course` is imported before anything imports TensorFlow,
so the tests run with the same quiet environment as the notebooks."""
import json
import sys
from pathlib import Path

import lstm_course  # noqa: F401
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "autograder"))
sys.path.insert(0, str(ROOT))

import grading  # noqa: E402
from submissions import ALTERNATIVE_ANSWERS, WRONG_ANSWERS  # noqa: E402


def load(path):
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Five made-up students graded by the instructors' grading command, once per test run.

    solutions            the instructor's notebooks, handed in as they are
    untouched            the student notebooks, handed in without any answer
    half_done            the first half of the exercises answered
    written_differently  right answers in another style (float64, TensorFlow ops, loops, lists)
    wrong_answers        a known mistake in every exercise
    nothing_handed_in    an empty folder
    """
    submissions = tmp_path_factory.mktemp("submissions")
    grading.write_demo_submissions(submissions)
    (submissions / "nothing_handed_in").mkdir()
    for student, answers_by_notebook in [("written_differently", ALTERNATIVE_ANSWERS),
                                         ("wrong_answers", WRONG_ANSWERS)]:
        (submissions / student).mkdir()
        for assignment in grading.assignments():
            answers = {name: source for name, (source, *_) in answers_by_notebook[assignment].items()}
            notebook = grading.fill_answers(load(grading.NOTEBOOKS / f"{assignment}.ipynb"), answers)
            (submissions / student / f"{assignment}.ipynb").write_text(json.dumps(notebook))
    course = tmp_path_factory.mktemp("course")
    scores = grading.grade(submissions, course)
    return {"course": course, "scores": scores}
