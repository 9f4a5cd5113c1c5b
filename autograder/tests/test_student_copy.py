"""`python3 course.py student-copy OUT`: the course as a graded class gets it, with nothing from
which the solutions or the hidden tests can be recovered."""
import json
import os
import re
import subprocess
import sys

import pytest

import lstm_grader
from conftest import ASSIGNMENTS, ROOT, load


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("student") / "course"
    result = subprocess.run([sys.executable, "-m", "lstm_grader", "student-copy", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def all_text(folder):
    """{relative path: text} of every file in the copy."""
    texts = {}
    for path in folder.rglob("*"):
        if path.is_file():
            texts[str(path.relative_to(folder))] = path.read_text(errors="replace")
    return texts


def region_lines(source, begin, end):
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line.strip())
    return lines


def secrets():
    """Lines of the solutions' answer regions and hidden tests that no student notebook holds."""
    found = []
    student_text = "".join((lstm_grader.NOTEBOOKS / f"{a}.ipynb").read_text() for a in ASSIGNMENTS)
    for assignment in ASSIGNMENTS:
        for cell in load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")["cells"]:
            source = "".join(cell["source"])
            for line in (region_lines(source, "### BEGIN SOLUTION", "### END SOLUTION")
                         + region_lines(source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")):
                loop_header = line.startswith(("for ", "while ")) and line.endswith(":")  # says nothing
                if len(line) >= 12 and not loop_header and json.dumps(line)[1:-1] not in student_text:
                    found.append((assignment, line))
    return found


def test_the_copy_holds_no_solutions_tests_grading_code_or_history(copy):
    names = {str(p.relative_to(copy)) for p in copy.rglob("*")}
    for absent in ("solutions", "autograder/tests", "autograder/lstm_grader", ".git"):
        assert absent not in names, f"the student copy contains {absent}"
    assert not any(name.endswith((".pyc", ".db")) or "__pycache__" in name for name in names)
    assert not any(name.startswith("autograder/") and not name.startswith("autograder/lstm_course")
                   for name in names), "the copy's autograder/ holds more than the learner package"


def test_the_copy_holds_the_whole_learner_package(copy):
    """The student copy is simply the learner's part: every file of lstm_course, nothing else of autograder/."""
    package = ROOT / "autograder" / "lstm_course"
    ours = {str(p.relative_to(package)) for p in package.rglob("*.py")}
    theirs = {str(p.relative_to(copy / "autograder" / "lstm_course"))
              for p in (copy / "autograder" / "lstm_course").rglob("*.py")}
    assert ours == theirs


def test_the_learner_package_imports_nothing_of_the_grader():
    package = ROOT / "autograder" / "lstm_course"
    for path in package.rglob("*.py"):
        assert "lstm_grader" not in path.read_text(), f"{path.name} refers to the grader's package"


def test_no_answer_or_hidden_test_line_appears_anywhere_in_the_copy(copy):
    texts = all_text(copy)
    for path, text in texts.items():
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{path} contains '{marker}'"
    checked = secrets()
    assert len(checked) > 50, "the solutions should have many answer and hidden-test lines to look for"
    for assignment, line in checked:
        for path, text in texts.items():
            assert line not in text, f"{path} contains a line of {assignment}'s answers or hidden tests: {line}"


def test_the_copy_has_the_released_notebooks_and_works_on_its_own(copy):
    for assignment in ASSIGNMENTS:
        released = (lstm_grader.NOTEBOOKS / f"{assignment}.ipynb").read_bytes()
        assert (copy / "notebooks" / f"{assignment}.ipynb").read_bytes() == released
    assert "student copy" in (copy / "README.md").read_text()
    for name in ("environment.yml", "requirements-learner.txt"):  # what Binder and `course.py open` install
        assert (copy / "binder" / name).resolve() == (copy / name).resolve(), name
    assert not (copy / "requirements-grading.txt").exists() and not (copy / "requirements-test.txt").exists()
    assert "mybinder.org" not in (copy / "README.md").read_text(), "no badge without an address of its own"
    probe = ("import lstm_course, lstm_course.data as d; print(d.DATA); "
             "print(len(d.counting_text()), len(d.number_pairs()))")
    env = dict(os.environ, PYTHONPATH=str(copy / "autograder"))
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(copy / "data"), "the copy's helpers read the copy's data"
    instructor_only = subprocess.run([sys.executable, str(copy / "course.py"), "grade", "x"],
                                     capture_output=True, text=True)
    assert instructor_only.returncode == 2 and "student copy" in instructor_only.stdout
    assert re.search(r"python3 course\.py open", (copy / "README.md").read_text())


def test_a_copy_with_its_own_address_gets_a_badge_for_it(tmp_path):
    out = tmp_path / "course"
    result = subprocess.run([sys.executable, "-m", "lstm_grader", "student-copy", str(out), "--repository",
                             "a-university/lstm-class-2027"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    badges = re.findall(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", (out / "README.md").read_text())
    assert badges == ["https://mybinder.org/v2/gh/a-university/lstm-class-2027/main"
                      "?urlpath=lab/tree/notebooks/01_num_units.ipynb"]
