"""The course's grader: everything that grades, apart from what a learner imports (`lstm_course`).

    python3 course.py grade SUBMISSIONS --out DIR      (cli.py says every command)

One task per (student, notebook), run by a pool of worker processes; each task grades one notebook
with nbgrader in a private folder, its kernel in a sandbox, and returns a result record as data.
Only the coordinating process writes the gradebook and the CSV files.

    pipeline.py     the coordinator: collect, hand out the tasks, record the results, report
    collect.py      what a submissions folder holds: tasks, and problems found before grading
    task.py         one task, run in a worker: Task in, Result out (no folder shared with the coordinator)
    cells.py        a notebook's nbgrader cells put in order before nbgrader reads it (copied, foreign cells)
    worker.py       what a worker process sets up once: imports, the import guard, the assignments
    pool.py         the local pool of worker processes
    record.py       the gradebook, grades.csv, problems.csv, autograded notebooks and feedback in --out
    tables.py       the CSV files, written so that no name breaks or forges them
    report.py       progress bar and the summary
    problems.py     the kinds of problem a grading can have, in the instructor's words
    sandbox.py      the bubblewrap sandbox of every grading kernel
    kernel.py       the kernel manager that starts kernels in the sandbox
    remote.py       calling a learner's function in their kernel from the grader, results as data
    preprocessors/  nbgrader preprocessors, one per file
    export.py       the gradebook's grades as a file an LMS imports (Canvas, Moodle, CSV)
    nbgrader_config.py, release.py (release, student copy), demo.py (made-up students),
    stress.py, cores.py, bench.py, stall.py (maintainers' measurements)
"""
import sys
from pathlib import Path

# nbformat validates notebooks with jsonschema, whose optional checker of the "iri" string format
# imports rfc3987_syntax, which builds a grammar for 1.0 to 1.3 s whenever a process imports it. No
# notebook schema uses that format, and every grading process would pay it before its first task:
# the grader's processes do without it (jsonschema skips a checker whose module cannot be imported).
sys.modules.setdefault("rfc3987_syntax", None)

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
CONFIG = Path(__file__).resolve().parent / "nbgrader_config.py"

# One TensorFlow / OpenMP thread per process while grading (every kernel, and the grader's re-check):
# TensorFlow's pools keep one busy thread per core, so two processes that run TensorFlow at the same
# time (two workers, or a kernel and the grader's re-check of its test cell) slow each other down
# several times over. Measured on 2 cores, two notebook-2 gradings at once: 63-137 s each with
# TensorFlow's default threads, 15.6 s with one thread each.
GRADING_THREADS_ENV = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"}


def assignments():
    """Assignment ids: the names of the notebooks in solutions/, in course order."""
    return sorted(path.stem for path in SOLUTIONS.glob("*.ipynb"))
