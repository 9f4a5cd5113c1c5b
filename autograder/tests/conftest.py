"""Shared fixtures. `lstm_course` is imported before anything imports TensorFlow,
so the tests run with the same quiet environment as the notebooks."""
import json
import sys
from pathlib import Path

import lstm_course  # noqa: F401
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import lstm_grader  # noqa: E402
from lstm_grader import demo, pipeline  # noqa: E402
from submissions import ALTERNATIVE_ANSWERS, WRONG_ANSWERS  # noqa: E402

ASSIGNMENTS = lstm_grader.assignments()


def load(path):
    return json.loads(Path(path).read_text())


def grade(submissions, out, **options):
    """The grading command's own path (`course.py grade`), without its progress bar; returns the Run."""
    return pipeline.grade(submissions, out, progress=False, **options)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Six made-up students graded by the instructors' grading command, once per test run, with two
    workers.

    solutions            the instructor's notebooks, handed in as they are
    untouched            the student notebooks, handed in without any answer
    half_done            the first half of the exercises answered
    written_differently  right answers in another style (float64, TensorFlow ops, loops, lists)
    wrong_answers        a known mistake in every exercise
    forged               every function implements nothing: it copies the expected value from its
                         caller's frames, or replays what it recorded (hostile.FORGER)
    nothing_handed_in    an empty folder
    """
    import hostile

    submissions = tmp_path_factory.mktemp("submissions")
    demo.write_demo_submissions(submissions)
    (submissions / "nothing_handed_in").mkdir()
    (submissions / "forged").mkdir()
    for assignment in ASSIGNMENTS:
        notebook = demo.fill_answers(load(lstm_grader.NOTEBOOKS / f"{assignment}.ipynb"),
                                     hostile.forged_answers(WRONG_ANSWERS[assignment]))
        (submissions / "forged" / f"{assignment}.ipynb").write_text(json.dumps(notebook))
    for student, answers_by_notebook in [("written_differently", ALTERNATIVE_ANSWERS),
                                         ("wrong_answers", WRONG_ANSWERS)]:
        (submissions / student).mkdir()
        for assignment in ASSIGNMENTS:
            answers = {name: source for name, (source, *_) in answers_by_notebook[assignment].items()}
            notebook = demo.fill_answers(load(lstm_grader.NOTEBOOKS / f"{assignment}.ipynb"), answers)
            (submissions / student / f"{assignment}.ipynb").write_text(json.dumps(notebook))
    course = tmp_path_factory.mktemp("course")
    run = grade(submissions, course, workers=2)
    return {"course": course, "scores": run.scores, "run": run, "submissions": submissions}
