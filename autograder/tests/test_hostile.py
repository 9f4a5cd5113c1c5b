"""Broken and hostile submissions (autograder/tests/hostile.py), graded in one batch by the course's
grading command, in parallel, with a short cell timeout, beside a student who did everything right:
every one is graded and recorded, none affects another, a wrong answer cannot be made to pass, and
the instructor reads why in problems.csv."""
import csv
import json

import pytest

import hostile
from conftest import grading

CELL_TIMEOUT = 20  # seconds per cell: enough for notebook 1 on a loaded 2-core machine, short for the loops


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def batch(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setattr(grading, "assignments", lambda: [hostile.NOTEBOOK])
    submissions = hostile.write(tmp_path_factory.mktemp("hostile"))
    course = tmp_path_factory.mktemp("hostile_course")
    scores = grading.grade(submissions, course, workers=2, cell_timeout=CELL_TIMEOUT)
    with open(course / "grades.csv") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)}
    with open(course / "problems.csv") as table:
        problems = list(csv.DictReader(table))
    return {"course": course, "scores": scores, "rows": rows, "problems": problems, "submissions": submissions}


def problems_of(batch, student):
    return " | ".join(p["problem"] for p in batch["problems"] if p["student_id"] == student)


def autograded(batch, student):
    return batch["course"] / "autograded" / student / hostile.NOTEBOOK / f"{hostile.NOTEBOOK}.ipynb"


def test_every_student_of_the_batch_is_in_the_grades_csv(batch):
    assert set(batch["rows"]) == set(hostile.CASES), "a student is missing from grades.csv"


@pytest.mark.parametrize("case", sorted(hostile.CASES))
def test_each_case_gets_exactly_the_points_it_deserves(batch, case):
    deserved = hostile.CASES[case][1]
    row = batch["rows"][case]
    if deserved is None:  # nothing gradable: recorded with 0
        assert float(row["score"]) == 0, f"{case}: {row['score']} points for nothing gradable"
        assert (case, hostile.NOTEBOOK) not in batch["scores"], f"{case}: graded although it is not a notebook"
        return
    entry = batch["scores"][case, hostile.NOTEBOOK]
    assert entry["score"] == deserved, (
        f"{case}: {entry['score']} of {hostile.FULL}, deserved {deserved}; problems: {problems_of(batch, case)}")
    assert float(row["score"]) == deserved, f"{case}: grades.csv says {row['score']}, the gradebook {deserved}"
    assert not [cell for cell, (score, _) in entry["cells"].items() if score is None], (
        f"{case}: a graded cell has no score: {entry['cells']}")


REASONS = {
    "endless_loop": "timed out", "stubborn_loop": "timed out",
    "endless_output": ("timed out", "out of memory"),  # whichever comes first: the timeout, or the
    # kernel's own buffer of output not yet sent reaching the memory cap
    "kernel_exit": "exit code 1", "segfault": "SIGSEGV",
    "memory_hog": "out of memory", "memory_6gb": ("out of memory", "the kernel died"),
    "memory_loop": ("out of memory", "the kernel died"),
    "patch_allclose": "failed when the grader checked it", "patch_checks": "failed when the grader checked it",
    "patch_builtins": "failed when the grader checked it", "patch_input": "failed when the grader checked it",
    "invalid_json": "not a valid notebook", "not_a_notebook": "not a valid notebook",
}


@pytest.mark.parametrize("case", sorted(REASONS))
def test_the_instructor_reads_why(batch, case):
    reasons = REASONS[case] if isinstance(REASONS[case], tuple) else (REASONS[case],)
    said = problems_of(batch, case)
    assert any(reason in said for reason in reasons), f"problems.csv for {case} does not say {reasons}: {said!r}"


def test_nothing_to_report_for_the_right_answers(batch):
    wrongly = [row for row in batch["problems"] if row["student_id"] in ("all_right", "big_output", "(all)")]
    assert not wrongly, f"problems.csv reports problems where there are none: {wrongly}"


def test_output_is_capped_in_the_autograded_notebook_and_the_feedback(batch):
    for case in ("big_output", "endless_output"):
        notebook = autograded(batch, case)
        feedback = batch["course"] / "feedback" / case / hostile.NOTEBOOK / f"{hostile.NOTEBOOK}.html"
        assert notebook.stat().st_size < 1_000_000, f"{case}: autograded notebook {notebook.stat().st_size} bytes"
        assert feedback.stat().st_size < 1_500_000, f"{case}: feedback {feedback.stat().st_size} bytes"
        text = "".join("".join(output.get("text", "")) for cell in json.loads(notebook.read_text())["cells"]
                       for output in cell.get("outputs", []))
        assert "output cut by the grader" in text, f"{case}: the cut output does not say it was cut"


def test_figures_of_a_right_answer_are_kept(batch):
    """The text cap must not eat the course's own figures (one is about 74 KB of PNG)."""
    cells = json.loads(autograded(batch, "all_right").read_text())["cells"]
    figures = [o for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) >= 2, f"the autograded notebook of a right answer keeps {len(figures)} figures"


def test_files_beside_the_notebook_are_not_used(batch):
    assert "SHADOW" not in autograded(batch, "shadow_files").read_text(), (
        "a numpy.py or lstm_course/ handed in beside the notebook was imported while grading")


def test_code_registered_to_run_at_kernel_exit_never_runs(batch):
    """The grader kills each kernel when its notebook is done: nothing the notebook left for the
    kernel's exit (atexit here) runs, as it would after a graceful shutdown."""
    assert autograded(batch, "exit_handler").exists()
    assert not (autograded(batch, "exit_handler").parent / "EXIT_HANDLER_RAN").exists(), (
        "the exit_handler case's atexit code ran: the grading kernel was shut down, not killed")


def test_grading_the_same_submissions_three_times_gives_the_same_scores(batch, tmp_path):
    cases = ["all_right", "patch_checks", "skipped_test", "kernel_exit"]
    first = {case: batch["scores"][case, hostile.NOTEBOOK]["score"] for case in cases}
    submissions = hostile.write(tmp_path / "again", cases)
    course = tmp_path / "course"
    for run in (2, 3):  # the batch's own run was the first; the same folder is regraded
        scores = grading.grade(submissions, course, workers=2, cell_timeout=CELL_TIMEOUT)
        again = {case: scores[case, hostile.NOTEBOOK]["score"] for case in cases}
        assert again == first, f"grading run {run} gave {again}, the first {first}"
