"""The grader's nbgrader preprocessors, each run on its own on a small fixture notebook
(fixtures/tiny.ipynb: an answer cell `double`, a test cell worth 2 points with a hidden test),
without a kernel. GradingExecute needs a kernel: test_sandbox.py, test_hostile.py and
test_grading.py run it."""
import copy
from pathlib import Path

import nbformat
import pytest

from lstm_grader.nbgrader_app import generate_assignments
from lstm_grader.preprocessors import HideHiddenTests, RestoreGradedCells

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The fixture generated as an nbgrader assignment `tiny`: its gradebook and student version."""
    root = generate_assignments(tmp_path_factory.mktemp("tiny"), ["tiny"], sources=FIXTURES)
    student = nbformat.read(root / "release" / "tiny" / "tiny.ipynb", as_version=4)
    resources = {"nbgrader": {"notebook": "tiny", "assignment": "tiny", "db_url": f"sqlite:///{root / 'gradebook.db'}"}}
    return {"student": student, "resources": resources}


def cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def restore(course, notebook):
    return RestoreGradedCells().preprocess(notebook, copy.deepcopy(course["resources"]))[0]


def test_restore_puts_back_an_edited_test_cell_its_flags_points_and_tags(course):
    notebook = copy.deepcopy(course["student"])
    test = cell(notebook, "test_double")
    test.source = "pass"
    test.metadata.nbgrader.update(grade=False, points=100, locked=False)
    test.metadata["tags"] = ["skip-execution"]
    answer = cell(notebook, "answer_double")
    answer.metadata.nbgrader["solution"] = False
    restored = restore(course, notebook)
    test, answer = cell(restored, "test_double"), cell(restored, "answer_double")
    assert "assert double(2) == 4" in test.source and "HIDDEN TESTS" in test.source
    assert test.metadata.nbgrader["grade"] is True and test.metadata.nbgrader["points"] == 2
    assert "tags" not in test.metadata
    assert answer.metadata.nbgrader["solution"] is True


def test_restore_leaves_an_answer_as_the_student_wrote_it(course):
    notebook = copy.deepcopy(course["student"])
    cell(notebook, "answer_double").source = "def double(x):\n    return x + x"
    assert cell(restore(course, notebook), "answer_double").source == "def double(x):\n    return x + x"


def test_feedback_shows_no_hidden_test_and_no_traceback_but_the_message(course):
    notebook = copy.deepcopy(course["student"])
    test = cell(restore(course, notebook), "test_double")
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="double(-3) should be -6",
                                           traceback=["Traceback ...", "assert double(-3) == -6, 'double(-3) ...'",
                                                      "AssertionError: double(-3) should be -6"])]
    shown = HideHiddenTests().preprocess(nbformat.v4.new_notebook(cells=[test]), {})[0].cells[0]
    assert "double(-3)" not in shown.source and "HIDDEN TESTS" not in shown.source
    assert "assert double(2) == 4" in shown.source
    assert shown.outputs[0].traceback == ["AssertionError: double(-3) should be -6"]
