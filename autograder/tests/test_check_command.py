"""`python3 course.py check NOTEBOOK...` (lstm_course.check_notebooks): a learner's visible checks
outside Jupyter, one line per check and an exit code for CI, on small notebooks written here."""
import os
import subprocess
import sys

import nbformat
from nbformat import v4

import course
from conftest import ROOT

CHECK = {"grade": True, "points": 1, "solution": False, "locked": True}
ANSWER = {"grade": False, "solution": True, "locked": False}
SETUP = "import lstm_course\nimport numpy as np"


def check_cell(exercise, source):
    return v4.new_code_cell(source, metadata={"nbgrader": {**CHECK, "grade_id": f"test_{exercise}"}})


def answer_cell(exercise, source):
    return v4.new_code_cell(source, metadata={"nbgrader": {**ANSWER, "grade_id": f"answer_{exercise}"}})


def write(path, cells):
    notebook = v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nbformat.write(notebook, path)
    return path


def check(tmp_path, *arguments):
    """Run the module as CI would: the venv's Python, another folder, no TensorFlow settings of its own."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    env = {name: value for name, value in os.environ.items()
           if name not in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")}
    result = subprocess.run([sys.executable, "-m", "lstm_course.check_notebooks", *map(str, arguments)],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout.splitlines(), result.stderr


def test_one_line_per_check_and_exit_code_1_when_one_fails(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "word.txt").write_text("hello")
    path = write(tmp_path / "mixed.ipynb", [
        v4.new_markdown_cell("# A small notebook"),
        v4.new_code_cell(SETUP, metadata={"nbgrader": {**CHECK, "grade": False, "grade_id": "setup"}}),
        answer_cell("double", "def double(x):\n    return 2 * np.asarray(x)"),
        answer_cell("square", "def square(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"),
        v4.new_code_cell("square(3)"),  # uses the unanswered exercise: left to its check's line
        v4.new_code_cell("word = open('data/word.txt').read()"),  # data/ beside the notebook, as in Jupyter
        check_cell("double", "assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(3) == 6\n"
                             "### END HIDDEN TESTS"),
        check_cell("word", "assert word == 'hello'"),
        check_cell("environment", "import os\nassert os.environ['TF_CPP_MIN_LOG_LEVEL'] == '2'\n"
                                  "assert os.environ['TF_ENABLE_ONEDNN_OPTS'] == '0'"),
        check_cell("wrong", 'raise AssertionError("double(2) gave 5\\nsecond line")'),
        check_cell("square", "assert square(3) == 9"),
        v4.new_code_cell("print(undefined_name)"),  # a cascade after an error: not shown
    ])
    before = path.read_bytes()
    code, lines, stderr = check(tmp_path, path)
    assert lines == [
        "✓ mixed.ipynb: double",
        "✓ mixed.ipynb: word",
        "✓ mixed.ipynb: environment",
        "✗ mixed.ipynb: wrong: AssertionError: double(2) gave 5",
        "✗ mixed.ipynb: square: not answered yet",
        "3 of 5 checks passed",
    ], stderr
    assert code == 1
    assert path.read_bytes() == before, "the notebook on disk is not changed"
    assert "Traceback" not in stderr and "TCP" not in stderr, stderr


def test_exit_code_0_when_every_check_passes(tmp_path):
    path = write(tmp_path / "good.ipynb", [v4.new_code_cell(SETUP),
                                           check_cell("x", "assert np.ones(2).sum() == 2")])
    assert check(tmp_path, path)[:2] == (0, ["✓ good.ipynb: x", "1 of 1 checks passed"])


def test_setup_errors_timeouts_and_dead_kernels_are_said(tmp_path):
    broken = write(tmp_path / "broken.ipynb", [
        v4.new_code_cell("import lstm_course\nimport no_such_module_here"),
        check_cell("a", "assert lstm_course is not None"),  # ran after the setup error: passes
        check_cell("b", "assert no_such_module_here"),
        v4.new_code_cell("import time\ntime.sleep(60)"),
        check_cell("c", "pass"),
    ])
    dying = write(tmp_path / "dying.ipynb", [
        v4.new_code_cell("import os\nos._exit(1)"),
        check_cell("d", "pass"),
    ])
    code, lines, stderr = check(tmp_path, "--timeout", "3", broken, dying)
    assert lines == [
        "✗ broken.ipynb: cell 1: ModuleNotFoundError: No module named 'no_such_module_here'",
        "✓ broken.ipynb: a",
        "✗ broken.ipynb: b: NameError: name 'no_such_module_here' is not defined",
        "✗ broken.ipynb: cell 4 ran longer than 3 s and was stopped",
        "✗ broken.ipynb: c: not run: cell 4 ran longer than 3 s and was stopped",
        "✗ dying.ipynb: the kernel died in cell 1 (out of memory?)",
        "✗ dying.ipynb: d: not run: the kernel died in cell 1 (out of memory?)",
        "1 of 4 checks passed",
    ], stderr
    assert code == 1


def test_a_file_that_is_not_a_notebook_is_one_line_and_exit_code_2(tmp_path):
    (tmp_path / "text.ipynb").write_text("not json")
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    (tmp_path / "folder.ipynb").mkdir()
    code, lines, stderr = check(tmp_path, tmp_path / "missing.ipynb", tmp_path / "text.ipynb",
                                tmp_path / "list.ipynb", tmp_path / "folder.ipynb")
    assert code == 2 and len(lines) == 4, (lines, stderr)
    assert lines[0] == f"✗ {tmp_path / 'missing.ipynb'}: no such file"
    assert all(line.startswith("✗ ") and "not a" in line for line in lines[1:]), lines
    assert "Traceback" not in stderr, stderr


def test_course_py_check_passes_arguments_and_exit_code_through(tmp_path):
    assert "check" in course.LEARNER_COMMANDS, "the student copy of the course has `check` too"
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "check", "/nonexistent.ipynb"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "✗ /nonexistent.ipynb: no such file"
    # a path relative to the folder the command is typed in, not to the course's folder
    write(tmp_path / "empty.ipynb", [v4.new_markdown_cell("no checks")])
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "check", "empty.ipynb"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.splitlines()[-2:]) == (
        0, ["- empty.ipynb: no checks in this notebook", "0 of 0 checks passed"]), result.stderr
