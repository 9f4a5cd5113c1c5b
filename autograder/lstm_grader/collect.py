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

    def only(self, students):
        """The plan of these students alone."""
        keep = set(students)
        return Plan([s for s in self.students if s in keep], [h for h in self.handed_in if h[0] in keep],
                    [p for p in self.problems if p[0] in keep])

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


def shown(name):
    """A folder or file name as text that any file can hold: bytes that are not UTF-8 as \\x.. escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def recordable(name):
    """Whether a student folder's name can be a student id in the gradebook and the CSV files as it is."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8
        return False
    return "\x00" not in name and name.strip() == name and name != ""


def plan(submissions, assignments):
    """Every entry of SUBMISSIONS is a student (a row in grades.csv) or a problem line that says why it is
    not one; nothing is followed through a symbolic link."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise SystemExit(f"{submissions} is not a folder of student folders")
    expected = {f"{assignment}.ipynb": assignment for assignment in assignments}
    result = Plan([], [])

    def refuse(name, kind, detail):
        result.problems.append((shown(name), "", Problem(kind, detail)))

    for entry in sorted(submissions.iterdir(), key=lambda p: p.name):
        name = entry.name
        if entry.is_symlink():
            refuse(name, "link_refused", "a student folder must be a folder, not a link to one")
        elif not entry.is_dir():
            refuse(name, "not_a_student_folder", "a file at the top of the submissions folder: notebooks go in "
                                                 "SUBMISSIONS/<student>/<notebook>.ipynb")
        elif name.startswith("."):
            refuse(name, "not_a_student_folder", "a hidden folder (its name starts with '.'), such as "
                                                 "Jupyter's .ipynb_checkpoints")
        elif not recordable(name):
            refuse(name, "bad_name", "the name is not UTF-8 text, or has a NUL or spaces at its ends; "
                                     "rename the folder and grade again")
        else:
            result.students.append(name)
    for student in result.students:
        folder = submissions / student
        problems = []
        if student in expected:
            problems.append(Problem("not_a_student_folder", "a student folder named like a notebook: graded as a "
                                                            "student of that name"))
        handed_in, odd = [], []
        for assignment in assignments:
            path = folder / f"{assignment}.ipynb"
            if path.is_symlink() or path.is_file():
                result.handed_in.append((student, assignment, path))
                handed_in.append(assignment)
            elif path.exists():
                odd.append(assignment)
                result.problems.append((student, assignment, Problem(
                    "not_a_notebook", f"{path.name} is a folder or a special file, not a notebook file")))
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".ipynb") and entry.name not in expected:
                problems.append(Problem("unknown_notebook", shown(entry.name)))
        if not handed_in and not odd:
            problems.append(Problem("nothing_handed_in", ", ".join(sorted(expected))))
        else:
            result.problems.extend((student, assignment, Problem("not_handed_in"))
                                   for assignment in assignments if assignment not in handed_in + odd)
        others = sorted(shown(str(p.relative_to(folder))) for p in folder.rglob("*")
                        if (p.is_file() or p.is_symlink()) and not (p.parent == folder and p.name.endswith(".ipynb")))
        if others:
            problems.append(Problem(
                "other_files", ", ".join(others[:10]) + (f" and {len(others) - 10} more" if len(others) > 10 else "")))
        result.problems.extend((student, "", problem) for problem in problems)
    return result
