"""The nbgrader loop, end to end: made-up students graded by `course.py grade`'s code path."""
import csv
import json
import re
import subprocess

import pytest

from conftest import grading, load
from submissions import ALTERNATIVE_ANSWERS, WRONG_ANSWERS

ASSIGNMENTS = grading.assignments()


def cells_of(graded, student, assignment):
    return graded["scores"][student, assignment]["cells"]


def executed(graded, student, assignment):
    return load(graded["course"] / "autograded" / student / assignment / f"{assignment}.ipynb")


def text_outputs(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append("".join(output["text"]))
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_get_full_marks(graded, assignment):
    entry = graded["scores"]["solutions", assignment]
    assert entry["max_score"] > 0
    for name, (score, max_score) in entry["cells"].items():
        assert score == max_score, f"{assignment}: the solution loses points in {name}"
    assert entry["score"] == entry["max_score"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_notebooks_get_zero_on_every_cell(graded, assignment):
    for name, (score, max_score) in cells_of(graded, "untouched", assignment).items():
        assert max_score > 0 and score == 0, f"{assignment}: an empty answer earns points in {name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stubs_fail_by_raising_not_implemented(graded, assignment):
    notebook = executed(graded, "untouched", assignment)
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            assert "NameError" in text_outputs(cell) or "NotImplementedError" in text_outputs(cell)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_half_done_gets_the_points_of_its_answered_cells(graded, assignment):
    _, deserved = grading.half_done(assignment)
    entry = graded["scores"]["half_done", assignment]
    assert 0 < deserved < entry["max_score"]
    assert entry["score"] == deserved


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answers_written_differently_get_full_marks(graded, assignment):
    for name, (score, max_score) in cells_of(graded, "written_differently", assignment).items():
        assert score == max_score, f"{assignment}: a right answer written differently loses points in {name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_wrong_answers_lose_points_with_a_message_naming_the_mistake(graded, assignment):
    notebook = executed(graded, "wrong_answers", assignment)
    feedback = (graded["course"] / "feedback" / "wrong_answers" / assignment / f"{assignment}.html").read_text()
    tests = {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in notebook["cells"]
             if cell.get("metadata", {}).get("nbgrader", {}).get("grade")}
    for name, (_, message) in WRONG_ANSWERS[assignment].items():
        score, _ = cells_of(graded, "wrong_answers", assignment)[f"test_{name}"]
        assert score == 0, f"{assignment}: the wrong {name} earns points"
        assert message in text_outputs(tests[f"test_{name}"]), f"{name}: message {message!r} not shown"
        assert message in feedback, f"{name}: message {message!r} missing from the feedback HTML"


def test_made_up_answers_cover_every_exercise():
    for assignment in ASSIGNMENTS:
        names = {name for name, _ in grading.exercises(load(grading.SOLUTIONS / f"{assignment}.ipynb"))}
        assert set(ALTERNATIVE_ANSWERS[assignment]) == names
        assert set(WRONG_ANSWERS[assignment]) == names


def test_feedback_html_for_every_submission(graded):
    for student, assignment in graded["scores"]:
        html = graded["course"] / "feedback" / student / assignment / f"{assignment}.html"
        assert html.exists() and "<html" in html.read_text()[:2000].lower()


def test_feedback_contains_no_hidden_tests(graded):
    hidden_lines = []
    for assignment in ASSIGNMENTS:
        for cell in load(grading.SOLUTIONS / f"{assignment}.ipynb")["cells"]:
            source = "".join(cell["source"])
            for region in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", source, re.S):
                hidden_lines += [line.strip() for line in region.splitlines() if line.strip()]
    assert hidden_lines
    for html in (graded["course"] / "feedback").rglob("*.html"):
        text = html.read_text().replace("&#39;", "'").replace("&quot;", '"')
        assert "HIDDEN TESTS" not in text, html
        for line in hidden_lines:
            assert line not in text, f"{html.name} shows the hidden test line {line!r}"


def test_grades_csv_lists_every_student_and_notebook(graded):
    rows = list(csv.DictReader(open(graded["course"] / "grades.csv")))
    got = {(row["student_id"], row["assignment"]): float(row["score"]) for row in rows}
    expected = {key: entry["score"] for key, entry in graded["scores"].items()}
    expected.update({("nothing_handed_in", assignment): 0.0 for assignment in ASSIGNMENTS})
    assert got == expected
    assert {student for student, _ in got} == {"solutions", "untouched", "half_done", "written_differently",
                                                "wrong_answers", "nothing_handed_in"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_tensorflow_log_lines_in_the_notebooks(graded, assignment):
    for cell in executed(graded, "solutions", assignment)["cells"]:
        for output in cell.get("outputs", []):
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (
                f"{assignment}: stderr output in a cell: {''.join(output['text'])[:300]}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebooks_run_without_errors(graded, assignment):
    for cell in executed(graded, "solutions", assignment)["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{assignment}: {output['ename']}: {output['evalue']}"


def test_notebook_1_learns_hihell(graded):
    notebook = executed(graded, "solutions", "01_num_units")
    train = next(cell for cell in notebook["cells"] if cell["id"] == "train")
    assert "predicts 'ihello'" in text_outputs(train)


def test_regrading_gives_the_same_scores(graded, tmp_path):
    """Running the grading command again on the same course folder changes nothing."""
    submissions = tmp_path / "again"
    student = submissions / "half_done"
    student.mkdir(parents=True)
    notebook, deserved = grading.half_done(ASSIGNMENTS[0])
    (student / f"{ASSIGNMENTS[0]}.ipynb").write_text(json.dumps(notebook))
    course = tmp_path / "course"
    first = grading.grade(submissions, course)
    second = grading.grade(submissions, course)
    assert first == second
    assert first["half_done", ASSIGNMENTS[0]]["score"] == deserved


def test_notebook_5_translates_held_out_numbers(graded):
    """The translator's accuracy, as the notebook prints it from its own run: at least 95 % exact
    match with greedy decoding on the 200 held-out numbers, and far less from zeros."""
    notebook = executed(graded, "solutions", "05_encoder_decoder")
    text = "\n".join(text_outputs(cell) for cell in notebook["cells"])
    greedy = float(re.search(r"greedy decoding from the encoder's state: ([\d.]+)%", text).group(1))
    numpy = float(re.search(r"held-out exact match of your translator: ([\d.]+)%", text).group(1))
    zeros = float(re.search(r"decoder started from zeros: ([\d.]+)% exact", text).group(1))
    assert greedy >= 95 and numpy >= 95, (greedy, numpy)
    assert zeros < 10
    assert "agrees with Keras on 200 of 200" in text


def test_a_cell_that_timed_out_is_reported_even_with_nbgrader_s_empty_error_message(tmp_path):
    """nbgrader's Execute marks a timed-out cell with ename CellTimeoutError and evalue ''."""
    notebook = tmp_path / "autograded" / "ada" / "01_num_units" / "01_num_units.ipynb"
    notebook.parent.mkdir(parents=True)
    timed_out = {"output_type": "error", "ename": "CellTimeoutError", "evalue": "", "traceback": []}
    notebook.write_text(json.dumps({"cells": [{"id": "answer-one-hot", "cell_type": "code",
                                               "outputs": [timed_out]}]}))
    problems = []
    grading.cell_problems(tmp_path, problems)
    assert problems == [("ada", "01_num_units", "answer-one-hot", "timed out")]


def test_a_course_file_changed_while_grading_is_reported(tmp_path, monkeypatch):
    """A kernel runs as the grader's user and could rewrite the checks or the data on disk; the
    grading command compares their hashes before and after and says which files changed. Here a
    stand-in for nbgrader changes a data file of a copy of the course while it "grades"."""
    root = tmp_path / "root"
    (root / "autograder" / "lstm_course").mkdir(parents=True)
    (root / "autograder" / "lstm_course" / "checks.py").write_text("def check(): pass\n")
    (root / "data").mkdir()
    (root / "data" / "counting.txt").write_text("one two three\n")
    course = tmp_path / "course"
    (course / "submitted" / "ada" / "01_num_units").mkdir(parents=True)

    def nbgrader_that_tampers(course, *args, check=True):
        if args[0] == "autograde":
            (root / "data" / "counting.txt").write_text("SHADOW\n")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(grading, "ROOT", root)
    monkeypatch.setattr(grading, "nbgrader", nbgrader_that_tampers)
    problems = []
    grading.grade_group(course, ["ada"], problems=problems)
    assert [(p[0], p[1]) for p in problems] == [("(all)", "01_num_units")], problems
    assert "data/counting.txt" in problems[0][3] and "autograder/lstm_course" not in problems[0][3], problems
