"""Grading a class: the coordinator.

    collect   the submissions folder: one task per (student, notebook), problems found on the way
    define    the assignments' definitions (nbgrader generate_assignment, in this run's own folder)
    grade     the tasks, on a pool of worker processes (pool.LocalPool) or a Dask cluster
    record    each result as it comes, into the gradebook and files in --out (record.Record)
    report    a progress bar while it runs, a summary and the CSV files at the end

Only this process writes the record. A task gets the notebook's bytes and returns a result record,
so the workers share no folder with it.
"""
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import assignments as course_assignments
from . import collect, report
from .nbgrader_app import generate_assignments
from .problems import Problem
from .record import Record
from .task import Options


@dataclass
class Run:
    out: Path
    scores: dict                                   # Record.scores()
    problems: list                                 # (student, assignment, Problem)
    students: list
    assignments: list
    seconds: float = 0.0
    removed: list = field(default_factory=list)    # what --remove-missing took out ('student', 'student/notebook')
    kept: list = field(default_factory=list)       # in the record, not in the folder now, kept
    worker_restarts: int = 0
    task_seconds: dict = field(default_factory=dict)  # (student, assignment): seconds its task took
    max_scores: dict = field(default_factory=dict)    # assignment: the most points it gives
    record_seconds: float = 0.0                       # the coordinator's time spent recording results

    def paths(self):
        return {name: self.out / name for name in ("autograded", "feedback", "grades.csv", "problems.csv",
                                                    "gradebook.db", "logs")}


def define(work, assignments):
    """A gradebook that defines the assignments and nothing else: what every task grades against."""
    folder = generate_assignments(Path(work) / "definitions", assignments)
    return folder / "gradebook.db"


def check_sandbox(options):
    """Stop with the reason when kernels cannot be sandboxed here (unless --no-sandbox)."""
    if not options.sandbox:
        return
    from . import sandbox

    problem = sandbox.problem()
    if problem:
        raise SystemExit(f"Grading stopped: {problem}.\nGrade where bubblewrap can run, or give --no-sandbox "
                         "to grade without it (kernels can then read and write whatever you can).")


def grade(submissions, out, *, workers=1, options=Options(), notebooks=None, progress=True, scheduler=None,
          make_pool=None, students=None, remove_missing=False):
    """Grade every notebook in SUBMISSIONS/<student>/ into the record in `out`; return a Run.

    students: only these student folders (a regrade: every other record, file and row stays as it was);
    notebooks: only these notebooks; remove_missing: take out of the record what the folder no longer
    holds (without it, nothing is ever removed).

    make_pool() -> an object whose results(tasks, assignments_db) yields one Result per task, and
    close(); by default the workers of the Dask scheduler at `scheduler` (dask_pool.DaskPool), or
    else the local pool of `workers` processes (pool.LocalPool)."""
    from .pool import LocalPool

    start = time.perf_counter()
    assignments = list(notebooks or course_assignments())
    plan = collect.plan(submissions, assignments)
    if students is not None:
        unknown = sorted(set(students) - set(plan.students))
        if unknown:
            raise SystemExit(f"no student folder {', '.join(map(repr, unknown))} in {submissions}: "
                             f"{len(plan.students)} student folders there")
        plan = plan.only(students)
    problems = list(plan.problems)
    if not options.sandbox:
        problems.append(("(all)", "", Problem("no_sandbox", "every kernel could read and write whatever the "
                                                            "grading user can")))
    if make_pool is None and scheduler:
        from .dask_pool import DaskPool

        make_pool = lambda: DaskPool(scheduler, sandbox=options.sandbox)  # noqa: E731
    # the pool's workers start (and import TensorFlow) while the sandbox is tried and the assignments are made
    pool = (make_pool or (lambda: LocalPool(workers)))() if plan.handed_in else None
    try:
        check_sandbox(options)
        with tempfile.TemporaryDirectory(prefix="lstm-grading-") as work:
            definitions = define(work, assignments)
            record = Record(out, assignments, definitions, work)
            try:
                handed_in = {(student, assignment) for student, assignment, _ in plan.handed_in}
                removed, kept = record.start_run(plan.students, handed_in, assignments, remove_missing,
                                                 whole_folder=students is None)
                tasks = plan.tasks(options)
                bar = report.Progress(len(plan.handed_in), enabled=progress)
                task_seconds, record_seconds = {}, 0.0
                try:
                    for result in pool.results(tasks, definitions.read_bytes()) if pool else ():
                        tasks.done(result)
                        started = time.perf_counter()
                        if record.add(result):
                            problems.extend((result.student, result.assignment, p) for p in result.problems)
                            task_seconds[result.key] = result.seconds
                            bar.update(result)
                        record_seconds += time.perf_counter() - started
                finally:
                    bar.close()
                record.write_grades()
                record.write_problems(problems)
                scores, max_scores = record.scores(), record.max_scores()
            finally:
                record.close()
    finally:
        if pool:
            pool.close()
    return Run(Path(out), scores, problems, plan.students, assignments, time.perf_counter() - start, removed,
               kept, getattr(pool, "restarts", 0), task_seconds, max_scores, record_seconds)


def print_summary(run, options=Options()):
    print(report.summary(run.scores, run.students, run.assignments, run.problems, run.max_scores))
    for names, what in ((run.removed, "taken out of the record (--remove-missing), with their files"),
                        (run.kept, "kept in the record although the submissions folder no longer holds them "
                                   "(--remove-missing takes them out)")):
        if names:
            shown = ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")
            print(f"\n{len(names)} student(s) or notebook(s) of an earlier run {what}: {shown}")
    if not options.sandbox:
        print("\nWARNING: graded without the sandbox (--no-sandbox): every kernel could read and write "
              "whatever you can, including the gradebook and the other students' files.")
    print(f"\n{len(run.students)} students, {sum(1 for _ in run.scores)} notebooks graded in {run.seconds:.0f} s")
    for name, path in run.paths().items():
        print(f"{name + ':':<14}{path}")
