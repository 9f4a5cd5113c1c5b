"""Run the visible checks of your notebooks outside Jupyter, for a terminal, CI or GitHub Classroom.

    python3 course.py check notebooks/01_num_units.ipynb [MORE.ipynb ...]
    python -m lstm_course.check_notebooks NOTEBOOK.ipynb [...]       (the same, inside .venv)

Each notebook runs from top to bottom in a fresh kernel started in the notebook's own folder (as in
Jupyter, so `data/` paths work); every cell runs even after an error. The file on disk is not changed.
One line per check (a code cell marked by nbgrader as graded, grade_id `test_<exercise>`):

    ✓ 01_num_units.ipynb: one_hot
    ✗ 01_num_units.ipynb: simple_rnn_step: CheckFailed: simple_rnn_step: this looks like sigmoid; ...
    ✗ 01_num_units.ipynb: lstm_param_count: not answered yet

An error in another cell (the setup cell, your own code in an answer cell) gets a line of its own,
`✗ NOTEBOOK: cell N: ...`, N counted from the top with Markdown cells included, because it explains
the failures after it. Only the first such error is shown (the cells after it often fail because of
it), apart from errors in answer cells, which are always shown; a NotImplementedError (an exercise
not answered yet) is left to its check's line. Then `N of M checks passed`.

Exit code: 0 when every check passed, 1 when one failed or could not run (a timed-out cell, a dead
kernel), 2 when a file is missing or not a notebook. `nbgrader validate` cannot be used for this: it
exits 0 even when checks fail (jupyter/nbgrader#1908).
"""
import argparse
import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

from lstm_course import CELL_TIMEOUT_SECONDS, KERNEL_STARTUP_SECONDS, TF_QUIET_ENV

# nbformat's validator would import rfc3987_syntax (1 s of grammar building) for a string format no
# notebook schema uses; jsonschema skips a checker whose module cannot be imported.
sys.modules.setdefault("rfc3987_syntax", None)

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
PASS, FAIL = "\u2713", "\u2717"


class NotANotebook(Exception):
    """A file that cannot be read as a notebook; its message is the line to print."""


def read_notebook(path):
    import nbformat

    path = Path(path)
    if not path.exists():
        raise NotANotebook(f"{path}: no such file")
    if path.is_dir():
        raise NotANotebook(f"{path}: is a folder, not a notebook")
    if path.suffix != ".ipynb":
        raise NotANotebook(f"{path}: not a notebook (a notebook's name ends in .ipynb)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.getLogger("nbformat").setLevel(logging.CRITICAL)  # "Notebook JSON is invalid"
            notebook = nbformat.read(path, as_version=4)
    except (OSError, UnicodeDecodeError) as error:
        raise NotANotebook(f"{path}: cannot be read ({error.strerror or error})") from None
    except nbformat.reader.NotJSONError:
        raise NotANotebook(f"{path}: not a Jupyter notebook (not JSON)") from None
    except Exception:  # JSON, but not a notebook's
        raise NotANotebook(f"{path}: not a Jupyter notebook") from None
    if not isinstance(notebook.get("cells"), list) or not all(
            isinstance(cell, dict) and "cell_type" in cell and "source" in cell for cell in notebook.cells):
        raise NotANotebook(f"{path}: not a Jupyter notebook (no list of cells)")
    return notebook


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_check(cell):
    """A visible test cell: graded automatically (nbgrader grade, not an answer graded by hand)."""
    marks = nbgrader(cell)
    return cell.cell_type == "code" and bool(marks.get("grade")) and not marks.get("solution")


def exercise_name(cell, index):
    grade_id = str(nbgrader(cell).get("grade_id") or f"cell {index + 1}")
    return grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id


def error_message(content):
    """One line for an error reply: `ename: first line of evalue`, else the traceback's last line."""
    ename = content.get("ename") or "Error"
    if ename == "NotImplementedError":
        return "not answered yet"
    evalue_lines = [line for line in str(content.get("evalue") or "").splitlines() if line.strip()]
    if evalue_lines:
        return f"{ename}: {evalue_lines[0].strip()}"
    traceback = ANSI.sub("", "\n".join(content.get("traceback") or []))
    traceback_lines = [line.strip() for line in traceback.splitlines() if line.strip()]
    return traceback_lines[-1] if traceback_lines else ename


class Report:
    """The printed lines and the count of checks, for all notebooks of one run."""

    def __init__(self, out=sys.stdout):
        self.out, self.passed, self.total = out, 0, 0

    def line(self, mark, *parts):
        print(f"{mark} " + ": ".join(parts), file=self.out, flush=True)

    def check(self, name, exercise, failure=None):
        self.total += 1
        if failure is None:
            self.passed += 1
            self.line(PASS, name, exercise)
        else:
            self.line(FAIL, name, exercise, failure)


def run_notebook(path, notebook, report, timeout=CELL_TIMEOUT_SECONDS,
                 startup_timeout=KERNEL_STARTUP_SECONDS):
    """Run every cell of one notebook in a fresh kernel; report its checks as they finish."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    name = Path(path).name
    checks = {index for index, cell in enumerate(notebook.cells) if is_check(cell)}
    reported, state = set(), {"running": None, "any_ran": False, "other_error_shown": False}

    def started(cell, cell_index, **_):
        state["running"], state["any_ran"] = cell_index, True

    def finished(cell, cell_index, execute_reply, **_):
        state["running"] = None
        content = (execute_reply or {}).get("content", {})
        failed = content.get("status") == "error"
        if cell_index in checks:
            reported.add(cell_index)
            report.check(name, exercise_name(cell, cell_index), error_message(content) if failed else None)
        elif failed:
            # Shown: an error in an answer cell (the learner's own code), and the first error in any
            # other cell (the setup cell, say), which explains what fails after it; the cells after
            # an error often fail only because of it. A NotImplementedError is an exercise not
            # answered yet, which its check's line says.
            answer = bool(nbgrader(cell).get("solution"))
            unanswered = content.get("ename") == "NotImplementedError"
            if not unanswered and (answer or not state["other_error_shown"]):
                report.line(FAIL, name, f"cell {cell_index + 1}", error_message(content))
            state["other_error_shown"] = True

    quiet = logging.getLogger("lstm_course.check_notebooks.nbclient")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    folder = str(Path(path).resolve().parent)
    client = NotebookClient(
        notebook, timeout=timeout, startup_timeout=startup_timeout, allow_errors=True,
        resources={"metadata": {"path": folder}}, on_cell_execute=started, on_cell_executed=finished,
        log=quiet, shutdown_kernel="immediate")
    # the kernel's environment: this one, with TensorFlow's start-up log lines off. The kernel
    # process's own stdout and stderr (ipykernel's warnings, TensorFlow's C++ log) are not the report.
    env = {**os.environ, **TF_QUIET_ENV}
    stopped = None
    try:
        client.execute(cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        stopped = f"cell {state['running'] + 1} ran longer than {timeout} s and was stopped"
    except DeadKernelError:
        where = f" in cell {state['running'] + 1}" if state["running"] is not None else ""
        stopped = f"the kernel died{where} (out of memory?)"
    except Exception as error:  # mostly: the kernel did not start (no such kernel, start-up timeout)
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        stopped = (f"the run stopped ({type(error).__name__}: {first_line})" if state["any_ran"]
                   else f"the kernel could not be started ({first_line})")
    if stopped is None:
        return
    if state["running"] is not None and state["running"] in checks:  # the stuck cell is a check itself
        index = state["running"]
        reported.add(index)
        report.check(name, exercise_name(notebook.cells[index], index), stopped)
    else:
        report.line(FAIL, name, stopped)
    for index in sorted(checks - reported):
        report.check(name, exercise_name(notebook.cells[index], index), f"not run: {stopped}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 course.py check",
        description="Run the visible checks of notebooks outside Jupyter, each in a fresh kernel in "
                    "the notebook's folder, and print one line per check (the file is not changed). "
                    "Exit code 0 when every check passed, 1 when one failed, 2 when a file is missing "
                    "or not a notebook.",
        epilog="Example: python3 course.py check notebooks/01_num_units.ipynb")
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="a .ipynb file to run")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT_SECONDS, metavar="SECONDS",
                        help=f"stop a cell that runs longer than this (default {CELL_TIMEOUT_SECONDS})")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a terminal that cannot show ✓ and ✗ gets '?'

    notebooks, bad = [], []
    for path in args.notebooks:
        try:
            notebooks.append((path, read_notebook(path)))
        except NotANotebook as problem:
            bad.append(str(problem))
    if bad:
        for problem in bad:
            print(f"{FAIL} {problem}", flush=True)
        return 2

    report = Report()
    for path, notebook in notebooks:
        if not any(is_check(cell) for cell in notebook.cells):
            print(f"- {Path(path).name}: no checks in this notebook", flush=True)
            continue
        run_notebook(path, notebook, report, timeout=args.timeout)
    print(f"{report.passed} of {report.total} checks passed", flush=True)
    return 0 if report.passed == report.total else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
