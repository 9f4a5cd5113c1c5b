"""Broken and hostile submissions (autograder/tests/hostile.py), graded in one batch by the course's
grading command, with two workers, a short cell timeout and every kernel in its sandbox, beside a
student who did everything right: every one is graded and recorded, none affects another, a wrong
answer cannot be made to pass, nothing outside its sandbox is read or changed, and the instructor
reads why in problems.csv."""
import csv
import hashlib
import html
import json
import os
import socket
import stat
import threading
from pathlib import Path

import pytest

import hostile
from conftest import ROOT, grade
from lstm_grader import demo
from lstm_grader.tables import safe_cell
from lstm_grader.task import Options

SENTINEL = ("NBGRADER_HOSTILE_SENTINEL", "the-grader-s-own-secret-7f3a")  # in the grader's environment only

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
    with open(out / "grades.csv", newline="", encoding="utf-8") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)}
    with open(out / "problems.csv", newline="", encoding="utf-8") as table:
        problems = list(csv.DictReader(table))
    return rows, problems


def snapshot(*roots, skip=()):
    """{path: (owner, group, mode, size, content)} of everything under `roots`, links not followed; the
    content as a hash, except in the Python environment (its files' sizes and times stand for it)."""
    seen = {}
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = [f for f in folders if f not in ("__pycache__", ".pytest_cache", ".git", "test-artifacts")
                          and os.path.join(folder, f) not in skip]
            for name in [*folders, *files, "."]:
                path = os.path.normpath(os.path.join(folder, name))
                info = os.lstat(path)
                content = info.st_mtime_ns
                if stat.S_ISREG(info.st_mode) and ".venv" not in Path(path).parts:
                    content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                elif stat.S_ISLNK(info.st_mode):
                    content = os.readlink(path)
                seen[path] = (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode), info.st_size, content)
    return seen


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    server = AnswerServer()
    marker = tmp_path_factory.mktemp("marker") / "SHADOW_MODULE_IMPORTED"
    target = tmp_path_factory.mktemp("target") / "root-only.txt"
    target.write_text("a file of the grading machine's, only its owner's\n")
    target.chmod(0o600)
    submissions = hostile.write(tmp_path_factory.mktemp("hostile") / "submissions", port=server.port,
                                marker=str(marker), target=str(target))
    out = tmp_path_factory.mktemp("hostile_out")
    watched = [ROOT, submissions.parent, target.parent]
    before = snapshot(*watched, skip={str(out)})
    os.environ[SENTINEL[0]] = SENTINEL[1]
    try:
        run = grade(submissions, out, workers=2, options=Options(cell_timeout=CELL_TIMEOUT),
                    notebooks=[hostile.NOTEBOOK])
    finally:
        os.environ.pop(SENTINEL[0], None)
        server.close()
    after = snapshot(*watched, skip={str(out)})
    rows, problems = read_csvs(out)
    return {"out": out, "scores": run.scores, "rows": rows, "problems": problems, "submissions": submissions,
            "connections": server.connections, "marker": marker, "target": target, "before": before, "after": after}


def row_id(case):
    """A case's student id as grades.csv and problems.csv write it."""
    return safe_cell(hostile.folder_of(case))


def problems_of(batch, student):
    return " | ".join(p["problem"] for p in batch["problems"] if p["student_id"] == row_id(student))


def autograded(batch, student):
    return batch["out"] / "autograded" / hostile.folder_of(student) / hostile.NOTEBOOK / f"{hostile.NOTEBOOK}.ipynb"


def printed(batch, student):
    """Everything the student's notebook printed while it was graded."""
    cells = json.loads(autograded(batch, student).read_text())["cells"]
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


def test_every_student_of_the_batch_is_in_the_grades_csv(batch):
    students = {row_id(case) for case in hostile.CASES if case not in hostile.NOT_STUDENTS}
    assert set(batch["rows"]) == students, "grades.csv does not have exactly one row per student folder"


def test_entries_that_are_not_student_folders_are_problem_lines_not_rows(batch):
    for case in hostile.NOT_STUDENTS:
        assert row_id(case) not in batch["rows"], f"{case} has a row in grades.csv"
        assert problems_of(batch, case), f"{case} has no line in problems.csv"


@pytest.mark.parametrize("case", sorted(set(hostile.CASES) - hostile.NOT_STUDENTS))
def test_each_case_gets_exactly_the_points_it_deserves(batch, case):
    deserved = hostile.CASES[case][1]
    row = batch["rows"][row_id(case)]
    if deserved is None:  # nothing gradable: recorded with 0
        assert float(row["score"]) == 0, f"{case}: {row['score']} points for nothing gradable"
        assert (case, hostile.NOTEBOOK) not in batch["scores"], f"{case}: graded although it is not a notebook"
        return
    allowed = deserved if isinstance(deserved, tuple) else (deserved,)
    entry = batch["scores"][hostile.folder_of(case), hostile.NOTEBOOK]
    assert entry["score"] in allowed, (
        f"{case}: {entry['score']} of {hostile.FULL}, deserved {deserved}; problems: {problems_of(batch, case)}")
    assert float(row["score"]) == entry["score"], f"{case}: grades.csv says {row['score']}, the gradebook {entry['score']}"
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
    "inspect_caller": "failed when the grader checked it", "record_replay": "failed when the grader checked it",
    "copied_cell": "a copy of a graded or answer cell", "foreign_cells": "metadata the course does not have",
    "huge_replies": "over the grader's caps", "linked_to_solutions": "symbolic link",
    "dot_folder": "hidden folder",
}


@pytest.mark.parametrize("case", sorted(REASONS))
def test_the_instructor_reads_why(batch, case):
    reasons = REASONS[case] if isinstance(REASONS[case], tuple) else (REASONS[case],)
    said = problems_of(batch, case)
    assert any(reason in said for reason in reasons), f"problems.csv for {case} does not say {reasons}: {said!r}"


def test_nothing_to_report_for_the_right_answers(batch):
    right = {row_id(case) for case in ("all_right", "environment_probe", *hostile.FOLDERS)
             if case not in hostile.NOT_STUDENTS}
    wrongly = [row for row in batch["problems"] if row["student_id"] in right | {"(all)"}]
    assert not wrongly, f"problems.csv reports problems where there are none: {wrongly}"
    cut = {row["kind"] for row in batch["problems"] if row["student_id"] == "big_output"}
    assert cut == {"output_cut"}, f"big_output's only problems should be its cut output: {cut}"


def test_the_csv_files_read_back_one_row_per_record_and_no_formula(batch):
    """Names with commas, quotes, newlines, a leading =, +, - or @, non-ASCII and very long names each
    stay one field of one row, read back with the csv module, and none is a formula to a spreadsheet."""
    for name in ("grades.csv", "problems.csv"):
        with open(batch["out"] / name, newline="", encoding="utf-8") as table:
            rows = list(csv.reader(table))
        assert len({len(row) for row in rows}) == 1, f"{name}: rows of different lengths"
        formulas = [field for row in rows for field in row if field.startswith(("=", "+", "-", "@"))]
        assert not formulas, f"{name}: fields a spreadsheet would evaluate: {formulas}"
    for case, folder in hostile.FOLDERS.items():
        if case not in hostile.NOT_STUDENTS:
            assert batch["rows"][safe_cell(folder)]["student_id"] == safe_cell(folder)
            assert (folder, hostile.NOTEBOOK) in batch["scores"], f"{folder!r} is not in the gradebook as it is named"


def hidden_test_lines(path):
    """Every line between BEGIN and END HIDDEN TESTS of a notebook's test cells."""
    lines = []
    for cell in json.loads(Path(path).read_text())["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


def test_no_line_of_a_hidden_test_reaches_any_feedback(batch):
    """Not through the test cells' sources, tracebacks, or what a function printed of its caller."""
    hidden = hidden_test_lines(ROOT / "solutions" / f"{hostile.NOTEBOOK}.ipynb")
    assert len(hidden) >= 10, hidden
    pages = list((batch["out"] / "feedback").rglob("*.html"))
    assert len(pages) >= 30, f"only {len(pages)} feedback pages"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        leaked = [line for line in hidden if line in text or html.escape(line) in text]
        assert not leaked, f"{page}: shows hidden tests {leaked[:2]}"
    assert "caller:" in printed(batch, "environment_probe"), "environment_probe printed no caller"


def test_the_kernel_sees_none_of_the_grader_s_environment(batch):
    said = printed(batch, "environment_probe")
    assert "environment: [" in said, said[:500]
    assert SENTINEL[0] not in said and SENTINEL[1] not in said, "a grader's variable reached the kernel"


def test_links_a_kernel_plants_lead_the_grader_nowhere(batch):
    """link_planter points its connection file, its sockets and (through a startup file) its restarted
    kernel's sockets at a file of the machine's: that file keeps its owner, mode and content."""
    said = printed(batch, "link_planter")
    assert "planted:" in said, said[:500]
    info = batch["target"].stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (os.getuid(), 0o600), "the target changed owner or mode"
    assert batch["target"].read_text() == "a file of the grading machine's, only its owner's\n"


def test_nothing_outside_the_tasks_own_folders_changed_during_the_run(batch):
    """Owner, mode and content of every file of the course's checkout (its Python environment included),
    the submissions folder and the link target's folder, before and after the batch."""
    before, after = batch["before"], batch["after"]
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    assert not changed, f"changed during grading: {changed[:10]}"


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
