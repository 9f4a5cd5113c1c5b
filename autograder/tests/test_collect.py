"""What the grader makes of a submissions folder before anything runs, and the summary it prints
after: no kernel, no TensorFlow."""
import pytest

from lstm_grader import collect, report
from lstm_grader.problems import Problem
from lstm_grader.task import Options, Task, grade_task


def kinds(plan):
    return sorted((student, problem.kind, problem.detail) for student, _, problem in plan.problems)


def test_only_course_notebooks_are_tasks_and_everything_else_is_reported(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "01_num_units.ipynb").write_text("{}")
    (tmp_path / "ann" / "numpy.py").write_text("")
    (tmp_path / "ann" / "01_num_units-Copy1.ipynb").write_text("{}")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "notes.txt").write_text("")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / "stray.ipynb").write_text("{}")
    plan = collect.plan(tmp_path, ["01_num_units", "02_fused_kernel"])
    assert plan.students == ["ann", "bob"]
    assert [(s, a) for s, a, _ in plan.handed_in] == [("ann", "01_num_units")]
    assert kinds(plan) == [
        (".ipynb_checkpoints", "not_a_student_folder",
         "a hidden folder (its name starts with '.'), such as Jupyter's .ipynb_checkpoints"),
        ("ann", "not_handed_in", ""),
        ("ann", "other_files", "numpy.py"),
        ("ann", "unknown_notebook", "01_num_units-Copy1.ipynb"),
        ("bob", "nothing_handed_in", "01_num_units.ipynb, 02_fused_kernel.ipynb"),
        ("bob", "other_files", "notes.txt"),
        ("stray.ipynb", "not_a_student_folder", "a file at the top of the submissions folder: notebooks go in "
                                                "SUBMISSIONS/<student>/<notebook>.ipynb"),
    ]


def test_every_entry_of_the_submissions_folder_is_a_student_or_a_problem_line(tmp_path):
    """Links are refused, never followed (a student folder linked to solutions/ would be graded as the
    solutions); hidden folders, files, names that cannot be recorded and notebooks that are folders each
    get a line that says why they are not graded; every missing notebook is a line of its own."""
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "01_num_units.ipynb").write_text("{}")
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "linked").symlink_to(solutions)
    (submissions / ".hidden").mkdir()
    (submissions / ".hidden" / "01_num_units.ipynb").write_text("{}")
    (submissions / "01_num_units.ipynb").mkdir()       # a folder named like a notebook, holding a folder
    (submissions / "01_num_units.ipynb" / "01_num_units.ipynb").mkdir()
    (submissions / "=cmd|' -C calc'!A0, \"x\"\nnext").mkdir()  # a formula, a comma, quotes and a newline
    (submissions / "=cmd|' -C calc'!A0, \"x\"\nnext" / "01_num_units.ipynb").write_text("{}")
    (submissions / b"caf\xe9".decode("utf-8", "surrogateescape")).mkdir()  # Latin-1, not UTF-8
    plan = collect.plan(submissions, ["01_num_units", "02_fused_kernel"])
    assert plan.students == ["01_num_units.ipynb", "=cmd|' -C calc'!A0, \"x\"\nnext"]
    assert [(s, a) for s, a, _ in plan.handed_in] == [("=cmd|' -C calc'!A0, \"x\"\nnext", "01_num_units")]
    lines = sorted((student, assignment, problem.kind) for student, assignment, problem in plan.problems)
    assert lines == [
        (".hidden", "", "not_a_student_folder"),
        ("01_num_units.ipynb", "", "not_a_student_folder"),
        ("01_num_units.ipynb", "01_num_units", "not_a_notebook"),
        ("01_num_units.ipynb", "02_fused_kernel", "not_handed_in"),
        ("=cmd|' -C calc'!A0, \"x\"\nnext", "02_fused_kernel", "not_handed_in"),
        ("caf\\xe9", "", "bad_name"),
        ("linked", "", "link_refused"),
    ], lines


def test_a_link_or_a_huge_file_is_not_read(tmp_path):
    (tmp_path / "ann").mkdir()
    secret = tmp_path / "secret.ipynb"
    secret.write_text('{"the other student\'s": "answers"}')
    (tmp_path / "ann" / "01_num_units.ipynb").symlink_to(secret)
    (tmp_path / "bob").mkdir()
    with open(tmp_path / "bob" / "01_num_units.ipynb", "wb") as huge:
        huge.truncate(collect.MAX_NOTEBOOK_BYTES + 1)
    tasks = list(collect.plan(tmp_path, ["01_num_units"]).tasks(Options()))
    assert [(t.student, t.notebook, t.refused) for t in tasks] == [
        ("ann", b"", "a symbolic link, not a file"), ("bob", b"", "larger than 50 MB")]
    result = grade_task(tasks[0], b"")
    assert not result.graded and [(p.kind, p.detail) for p in result.problems] == [
        ("not_a_notebook", "a symbolic link, not a file")]


def test_a_notebook_gone_since_the_folder_was_listed_is_a_problem_of_its_own_not_a_crash(tmp_path):
    for student in ("ann", "bob"):
        (tmp_path / student).mkdir()
        (tmp_path / student / "01_num_units.ipynb").write_text("{}")
    tasks = collect.plan(tmp_path, ["01_num_units"]).tasks(Options())
    (tmp_path / "ann" / "01_num_units.ipynb").unlink()  # taken away while the class is being graded
    assert [(t.student, t.notebook, t.refused) for t in tasks] == [
        ("ann", b"", "could not be read: No such file or directory"), ("bob", b"{}", "")]


def test_a_file_that_is_not_a_notebook_is_a_problem_of_its_own_not_a_crash():
    result = grade_task(Task("ann", "01_num_units", b'{"cells": "none"}'), b"")
    assert not result.graded and result.problems[0].kind == "not_a_notebook", result.problems


def test_problems_have_known_kinds_and_read_as_words():
    assert Problem("timed_out", "after 20 s", "test_one_hot").text() == "timed out: after 20 s"
    with pytest.raises(ValueError):
        Problem("TimeoutError")


def test_the_summary_fits_a_terminal_for_any_class_size():
    students = [f"student{k:04d}" for k in range(3000)]
    scores = {(s, "01_num_units"): {"score": float(k % 11), "max_score": 10.0, "cells": {}}
              for k, s in enumerate(students) if k % 7}
    problems = [(s, "01_num_units", Problem("timed_out")) for s in students[:5]]
    text = report.summary(scores, students, ["01_num_units", "02_fused_kernel"], problems)
    lines = text.splitlines()
    assert len(lines) == 3 and max(map(len, lines)) < 100, text
    header, first, second = lines
    assert first.split()[:3] == ["01_num_units", "3000", str(len(scores))]
    full = sum(1 for e in scores.values() if e["score"] == 10)
    zero = 3000 - len(scores) + sum(1 for e in scores.values() if e["score"] == 0)
    assert first.split()[-4:] == [str(full), str(3000 - full - zero), str(zero), "5"]
    assert second.split()[1:3] == ["3000", "0"]


def test_student_names_are_folder_names(tmp_path):
    (tmp_path / "Ada Lovelace").mkdir()
    assert collect.plan(tmp_path, ["01_num_units"]).students == ["Ada Lovelace"]
