"""Broken and hostile submissions (autograder/tests/hostile.py), graded in one batch by the course's
grading command, with two workers, a short cell timeout and every kernel in its sandbox, beside a
student who did everything right: every one is graded and recorded, none affects another, a wrong
answer cannot be made to pass, nothing outside its sandbox is read or changed, and the instructor
reads why in problems.csv."""
import csv
import json
import socket
import threading
from pathlib import Path

import pytest

import hostile
from conftest import grade
from lstm_grader import demo
from lstm_grader.task import Options

CELL_TIMEOUT = 20  # seconds per cell: enough for notebook 1 on a loaded 2-core machine, short for the loops


class AnswerServer:
    """A server on the grading machine that hands the solutions' code to whoever connects."""

    def __init__(self):
        self.connections = 0
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        answers = demo.solution_answers(hostile.NOTEBOOK)
        self.reply = "\n\n".join(answers[name] for name in hostile.POINTS).encode()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.recv(100)
                connection.sendall(self.reply)

    def close(self):
        self.socket.close()


def read_csvs(out):
    with open(out / "grades.csv") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)}
    with open(out / "problems.csv") as table:
        problems = list(csv.DictReader(table))
    return rows, problems


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    server = AnswerServer()
    marker = tmp_path_factory.mktemp("marker") / "SHADOW_MODULE_IMPORTED"
    submissions = hostile.write(tmp_path_factory.mktemp("hostile"), port=server.port, marker=str(marker))
    out = tmp_path_factory.mktemp("hostile_out")
    try:
        run = grade(submissions, out, workers=2, options=Options(cell_timeout=CELL_TIMEOUT),
                    notebooks=[hostile.NOTEBOOK])
    finally:
        server.close()
    rows, problems = read_csvs(out)
    return {"out": out, "scores": run.scores, "rows": rows, "problems": problems, "submissions": submissions,
            "connections": server.connections, "marker": marker}


def problems_of(batch, student):
    return " | ".join(p["problem"] for p in batch["problems"] if p["student_id"] == student)


def autograded(batch, student):
    return batch["out"] / "autograded" / student / hostile.NOTEBOOK / f"{hostile.NOTEBOOK}.ipynb"


def printed(batch, student):
    """Everything the student's notebook printed while it was graded."""
    cells = json.loads(autograded(batch, student).read_text())["cells"]
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


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
    "missing_notebook": "a notebook the course does not have",
    "shadow_files": "other files, not used",
    "fork_bomb": "limit on processes",
    "print_in_recheck": "failed when the grader checked it",
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
    for case in ("big_output", "endless_output", "print_in_recheck"):
        notebook = autograded(batch, case)
        feedback = batch["out"] / "feedback" / case / hostile.NOTEBOOK / f"{hostile.NOTEBOOK}.html"
        assert notebook.stat().st_size < 1_000_000, f"{case}: autograded notebook {notebook.stat().st_size} bytes"
        assert feedback.stat().st_size < 1_500_000, f"{case}: feedback {feedback.stat().st_size} bytes"
    for case in ("big_output", "endless_output"):
        assert "output cut by the grader" in printed(batch, case), f"{case}: the cut output does not say it was cut"
    # what endless_output printed but had not sent when it was interrupted must not kill a later cell
    cells = json.loads(autograded(batch, "endless_output").read_text())["cells"]
    assert any(o.get("ename") == "OutputFloodTimeout" for c in cells for o in c.get("outputs", [])), (
        "endless_output's kernel was not restarted after its flood")


def test_figures_of_a_right_answer_are_kept(batch):
    """The text cap must not eat the course's own figures (one is about 74 KB of PNG)."""
    cells = json.loads(autograded(batch, "all_right").read_text())["cells"]
    figures = [o for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) >= 2, f"the autograded notebook of a right answer keeps {len(figures)} figures"


def test_files_beside_the_notebook_are_not_used(batch):
    assert "SHADOW" not in autograded(batch, "shadow_files").read_text(), (
        "a numpy.py or lstm_course/ handed in beside the notebook was imported while grading")


def test_the_sandbox_shows_no_solutions_other_students_or_record(batch):
    assert "solutions found: []" in printed(batch, "read_solutions")
    assert "other notebooks found: []" in printed(batch, "read_other_student")
    assert "record files changed: []" in printed(batch, "write_gradebook")


def test_no_kernel_reached_the_network(batch):
    assert batch["connections"] == 0, "a grading kernel connected to a server on the grading machine"
    assert "answers received over the network" not in printed(batch, "network")


def test_a_full_tmp_is_the_kernel_s_own(batch):
    assert not Path("/tmp/filler").exists(), "the kernel's /tmp is the machine's /tmp"


def test_no_module_a_kernel_wrote_is_imported_by_the_grader(batch):
    """shadow_module writes keras.py, tensorflow.py, numpy.py and nbformat.py wherever it can; each
    would leave the marker file if imported. The students graded after it are graded as usual."""
    assert "modules written: [" in printed(batch, "shadow_module")
    assert not batch["marker"].exists(), batch["marker"].read_text()


def test_the_reaching_out_cases_would_pay_off_without_the_sandbox(tmp_path):
    """The same cases, graded with --no-sandbox: reading the solutions, another student's notebook
    or asking a server for the answers does earn full marks there, so the batch above shows the
    sandbox at work, not cases that cannot succeed."""
    server = AnswerServer()
    cases = ["all_right", *hostile.UNSANDBOXED]
    try:
        submissions = hostile.write(tmp_path / "submissions", cases, port=server.port)
        run = grade(submissions, tmp_path / "out", workers=2, notebooks=[hostile.NOTEBOOK],
                    options=Options(cell_timeout=CELL_TIMEOUT, sandbox=False))
    finally:
        server.close()
    got = {case: run.scores[case, hostile.NOTEBOOK]["score"] for case in hostile.UNSANDBOXED}
    assert got == hostile.UNSANDBOXED
    assert server.connections >= 1
    rows, problems = read_csvs(tmp_path / "out")
    assert any(p["kind"] == "no_sandbox" for p in problems), "problems.csv does not say the sandbox was off"


def test_grading_the_same_submissions_three_times_gives_the_same_scores(batch, tmp_path):
    cases = ["all_right", "patch_checks", "skipped_test", "kernel_exit"]
    first = {case: batch["scores"][case, hostile.NOTEBOOK]["score"] for case in cases}
    submissions = hostile.write(tmp_path / "again", cases)
    out = tmp_path / "out"
    for run_number in (2, 3):  # the batch's own run was the first; the same folder is regraded
        scores = grade(submissions, out, workers=2, notebooks=[hostile.NOTEBOOK],
                       options=Options(cell_timeout=CELL_TIMEOUT)).scores
        again = {case: scores[case, hostile.NOTEBOOK]["score"] for case in cases}
        assert again == first, f"grading run {run_number} gave {again}, the first {first}"
