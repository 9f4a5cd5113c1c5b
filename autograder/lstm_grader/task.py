"""One grading task: one student's notebook in, one result record out.

A task carries everything it needs as data (the notebook's bytes as handed in, the assignment's
name, the options) and returns everything as data (scores per cell, the autograded notebook, its
feedback HTML, the problems), so that it needs no folder shared with the coordinator: the same task
runs in a local worker process or on a Dask worker on another machine. It also needs the
assignments' definitions, a gradebook made by nbgrader generate_assignment (`assignments_db`).

In the worker, a task works in a fresh private folder: an nbgrader course with a copy of that
gradebook, the notebook as the only submission of a student called "student" (the worker never
learns the student's name), nbgrader's Autograde and GenerateFeedback run in this process, then the
folder is deleted.
"""
import json
import os
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

STUDENT = "student"  # the student's name inside a task's private course folder


@dataclass(frozen=True)
class Options:
    """What the instructor chose for a run; the same for every task of it."""
    cell_timeout: int | None = None      # seconds per cell (None: nbgrader_config.py's)
    memory_limit_mb: int | None = None   # RLIMIT_DATA of each kernel (None: nbgrader_config.py's; 0: none)
    sandbox: bool = True                 # False: --no-sandbox
    feedback: bool = True                # also write the feedback HTML
    mimic_output_widgets: bool = False   # only for the stall loop (stall.py)

    def config(self, scratch):
        """These options as nbgrader configuration, for a task whose kernel works in `scratch`."""
        config = {"GradingExecute": {"scratch_dir": str(scratch), "mimic_output_widgets": self.mimic_output_widgets},
                  "SandboxedKernelManager": {"sandbox": self.sandbox}}
        if self.cell_timeout:
            config["Execute"] = {"timeout": int(self.cell_timeout)}
        if self.memory_limit_mb is not None:
            config["SandboxedKernelManager"]["memory_limit_mb"] = int(self.memory_limit_mb)
        return config


@dataclass(frozen=True)
class Task:
    student: str
    assignment: str
    notebook: bytes
    options: Options = Options()
    refused: str = ""  # why the file was not even read (collect.make_task)

    @property
    def key(self):
        return self.student, self.assignment


@dataclass
class Result:
    student: str
    assignment: str
    graded: bool = False                           # False: nothing was recorded (see problems)
    grades: dict = field(default_factory=dict)     # grade cell id -> score (None: needs a person)
    comments: dict = field(default_factory=dict)   # solution cell id -> nbgrader's automatic comment
    autograded: bytes | None = None                # the executed notebook
    feedback: bytes | None = None                  # its feedback HTML
    problems: list = field(default_factory=list)   # of problems.Problem
    log: str = ""                                  # what nbgrader said, for the instructor
    seconds: float = 0.0
    worker: str = ""

    @property
    def key(self):
        return self.student, self.assignment


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def unreadable(notebook_bytes):
    """Why these bytes are not a notebook nbgrader can read, or None if they are one."""
    import warnings

    import nbformat

    try:
        with warnings.catch_warnings():  # repeated cell ids: cells.tidy makes them unique, silently
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.reads(notebook_bytes.decode("utf-8"), as_version=4))
    except Exception as error:
        text = str(error).strip().splitlines()
        return f"{type(error).__name__}: {text[0][:200] if text else ''}"
    return None


def grade_task(task, assignments_db):
    """Grade one notebook; never raises for anything the notebook does (or for a fault of the grader's:
    that becomes a `grading_failed` problem, so the student still gets a row)."""
    from . import worker
    from .nbgrader_app import task_log

    start = time.perf_counter()
    result = Result(task.student, task.assignment, worker=worker_name())
    log, buffer = task_log(f"task.{os.getpid()}")
    try:
        why_not = task.refused or unreadable(task.notebook)
        if why_not:
            result.problems.append(Problem("not_a_notebook", why_not))
        else:
            worker.prepare()
            problem = task.options.sandbox and worker.sandbox_problem()
            if problem:
                result.problems.append(Problem("sandbox_unavailable", problem))
            else:
                with tempfile.TemporaryDirectory(prefix="lstm-task-") as folder:
                    _grade_in(Path(folder), task, assignments_db, result, log)
    except Exception as error:  # a fault of the grader's own: the notebook gets 0 and a reason
        result.graded = False
        result.problems.append(Problem("grading_failed", f"{type(error).__name__}: {error}"[:300]))
        log.exception("grading failed")
    result.log = buffer.getvalue()
    result.seconds = time.perf_counter() - start
    return result


def _grade_in(folder, task, assignments_db, result, log):
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback

    from . import cells
    from .nbgrader_app import ConversionFailed, convert, load_config

    course = folder / "course"
    (course / "source" / task.assignment).mkdir(parents=True)
    (course / "gradebook.db").write_bytes(assignments_db)
    config = load_config(course, overrides=task.options.config(folder / "kernel"))
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        source_ids = {c.name for c in gradebook.find_notebook(task.assignment, task.assignment).source_cells}
    notebook, problems = cells.tidy(json.loads(task.notebook.decode("utf-8")), source_ids)
    result.problems.extend(problems)
    submitted = course / "submitted" / STUDENT / task.assignment
    submitted.mkdir(parents=True)
    (submitted / f"{task.assignment}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    try:
        app = convert(Autograde, config, log, task.assignment, STUDENT, force=True, create_student=True)
    except ConversionFailed as error:
        result.problems.append(Problem("nbgrader_failed", f"autograde: {error}"))
        return
    result.problems.extend((app.last_resources or {}).get("lstm_grader", {}).get("problems", []))
    name = f"{task.assignment}.ipynb"
    result.autograded = (course / "autograded" / STUDENT / task.assignment / name).read_bytes()
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        notebook = gradebook.find_submission_notebook(task.assignment, task.assignment, STUDENT)
        result.grades = {grade.name: grade.auto_score for grade in notebook.grades}
        result.comments = {comment.name: comment.auto_comment for comment in notebook.comments}
    result.graded = True
    if task.options.feedback:
        try:
            convert(GenerateFeedback, config, log, task.assignment, STUDENT, force=True)
            result.feedback = (course / "feedback" / STUDENT / task.assignment
                               / f"{task.assignment}.html").read_bytes()
        except ConversionFailed as error:
            result.problems.append(Problem("nbgrader_failed", f"feedback: {error}"))
