"""What a submissions folder holds: one folder per student, `SUBMISSIONS/<student>/<notebook>.ipynb`.

Only the course's notebooks are graded, each as one task. Anything else a student hands in (a
numpy.py, an lstm_course/ folder, data files, a notebook under another name) is reported and left
out: the kernels import the course's own lstm_course and read its own data/. A notebook is read only
when its task is handed to a worker.
"""
import math
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .task import Task

MAX_NOTEBOOK_BYTES = 50 * 2**20  # a course notebook with outputs is well under 1 MB


@dataclass
class Plan:
    students: list                                # every student folder, graded or not
    handed_in: list                               # (student, assignment, path) of each notebook to grade
    problems: list = field(default_factory=list)  # (student, assignment, Problem) found before grading

    def tasks(self, options):
        """One Task per notebook handed in, made when asked for (the notebook is read then), longest first."""
        return LongestFirst(self.handed_in, options)


class LongestFirst:
    """The tasks, handed out one at a time, from the notebook whose tasks have taken longest so far
    (a notebook none of whose tasks is done yet comes first). The last tasks of a run are then short
    ones, so that no worker waits long for another at the end. `done(result)` tells it a task's time."""

    def __init__(self, handed_in, options):
        self.options = options
        self.queues = {}
        for student, assignment, path in handed_in:
            self.queues.setdefault(assignment, deque()).append((student, path))
        self.seconds = {}  # assignment -> seconds of its tasks done so far

    def __iter__(self):
        return self

    def __next__(self):
        waiting = [assignment for assignment, queue in self.queues.items() if queue]
        if not waiting:
            raise StopIteration

        def expected(assignment):
            times = self.seconds.get(assignment)
            return sum(times) / len(times) if times else math.inf

        assignment = max(waiting, key=expected)
        student, path = self.queues[assignment].popleft()
        return make_task(student, assignment, path, self.options)

    def done(self, result):
        self.seconds.setdefault(result.assignment, []).append(result.seconds)


def make_task(student, assignment, path, options):
    """The task of one notebook. A file that is a link (perhaps to another student's notebook) or far
    too large is not read: its task only reports why it is not graded."""
    path = Path(path)
    if path.is_symlink():
        return Task(student, assignment, b"", options, refused="a symbolic link, not a file")
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return Task(student, assignment, b"", options, refused=f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
        return Task(student, assignment, path.read_bytes(), options)
    except OSError as error:  # gone or unreadable since the folder was listed
        return Task(student, assignment, b"", options, refused=f"could not be read: {error.strerror or error}")


def plan(submissions, assignments):
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise SystemExit(f"{submissions} is not a folder of student folders")
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    expected = {f"{assignment}.ipynb": assignment for assignment in assignments}
    result = Plan(students, [])
    for student in students:
        folder = submissions / student
        for assignment in assignments:
            path = folder / f"{assignment}.ipynb"
            if path.is_file() or path.is_symlink():
                result.handed_in.append((student, assignment, path))
        notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
        for name in notebooks:
            if name not in expected:
                result.problems.append((student, "", Problem("unknown_notebook", name)))
        if not set(notebooks) & set(expected):
            result.problems.append((student, "", Problem("nothing_handed_in", ", ".join(sorted(expected)))))
        others = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                        if p.is_file() and not (p.parent == folder and p.suffix == ".ipynb"))
        if others:
            result.problems.append((student, "", Problem(
                "other_files", ", ".join(others[:10]) + (f" and {len(others) - 10} more" if len(others) > 10 else ""))))
    return result
