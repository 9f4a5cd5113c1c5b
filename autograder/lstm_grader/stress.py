"""A whole class at once: `python3 course.py stress [--students 10] [--workers 2] [--compare]`.

Writes STUDENTS made-up submissions, mixed from the solutions, the untouched student notebooks and
half-done ones (in turn), grades them with WORKERS worker processes, and prints the time, the rows
of grades.csv and whether every student is in it. With --compare it also grades the same class with
one worker and prints the speed-up and whether the two gradebooks hold exactly the same grades.

With --scheduler-workers N it grades the class on a local Dask cluster of N worker processes
(`course.py grade --scheduler`'s path) instead, then on one local worker, and prints the speed-up
and whether the grades match.
"""
import argparse
import csv
import logging
import sys
import tempfile
from pathlib import Path

from . import assignments, demo, pipeline
from .task import Options


def write_class(folder, students, notebooks):
    """students folders named s000_solutions, s001_untouched, s002_half_done, ..."""
    names = []
    for number in range(students):
        kind = demo.DEMO_KINDS[number % len(demo.DEMO_KINDS)]
        names.append(f"s{number:03d}_{kind}")
        demo.write_demo_student(folder / names[-1], kind, notebooks)
    return names


def timed_grade(submissions, out, workers, notebooks, progress, scheduler=None):
    run = pipeline.grade(submissions, out, workers=workers, notebooks=notebooks, progress=progress,
                         scheduler=scheduler)
    return run.seconds, run.scores, run


def mean_task(run):
    return sum(run.task_seconds.values()) / max(len(run.task_seconds), 1)


def busy(run, workers):
    """The share of the run's time its workers spent in tasks (the rest: starting, waiting at the end)."""
    return sum(run.task_seconds.values()) / (workers * run.seconds)


def stalls(run):
    """What a stall would look like: the longest notebook, and the cells that ran into the timeout."""
    timed_out = sum(1 for _, _, problem in run.problems if problem.kind == "timed_out")
    longest = max(run.task_seconds.values(), default=0.0)
    return f"longest notebook {longest:.1f} s, cells timed out: {timed_out}"


def local_dask_cluster(workers):
    """A Dask cluster on this machine: a scheduler and `workers` worker processes, each with one
    thread and the resource the grader's tasks ask for."""
    from distributed import LocalCluster

    from .dask_pool import RESOURCE

    # silence_logs: when the cluster is closed, its workers log the lost connection as errors
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, resources={RESOURCE: 1},
                        dashboard_address=None, silence_logs=logging.CRITICAL)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course.py stress", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--notebooks", nargs="*", default=None,
                        help="grade only these notebooks (default: all)")
    parser.add_argument("--compare", action="store_true",
                        help="also grade with one worker; print the speed-up and whether the grades match")
    parser.add_argument("--scheduler-workers", type=int, default=None, metavar="N",
                        help="grade on a local Dask cluster of N workers, then on one local worker; print the "
                             "speed-up and whether the grades match")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or assignments()
    if args.scheduler_workers:
        return on_dask(args, notebooks)

    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        names = write_class(submissions, args.students, notebooks)
        print(f"{len(names)} students x {len(notebooks)} notebooks, {args.workers} workers", flush=True)
        seconds, scores, run = timed_grade(submissions, Path(tmp) / "parallel", args.workers, notebooks,
                                           not args.quiet)
        with open(Path(tmp) / "parallel" / "grades.csv") as table:
            rows = list(csv.DictReader(table))
        in_csv = {row["student_id"] for row in rows}
        print(f"{args.workers} workers: {seconds:.0f} s ({seconds / len(names):.1f} s per student); grades.csv has "
              f"{len(rows)} rows for {len(in_csv)} students; every student present: {in_csv == set(names)}; "
              f"{stalls(run)}", flush=True)
        ok = in_csv == set(names) and len(rows) == len(names) * len(notebooks)
        if args.compare:
            one_seconds, one_scores, one_run = timed_grade(submissions, Path(tmp) / "one", 1, notebooks,
                                                           not args.quiet)
            same = one_scores == scores
            print(f"1 worker: {one_seconds:.0f} s ({stalls(one_run)}); speed-up with {args.workers} workers: "
                  f"{one_seconds / seconds:.2f}x; same grades, cell by cell: {same}")
            print(f"a notebook took {mean_task(run):.2f} s with {args.workers} workers and {mean_task(one_run):.2f} s "
                  f"with one, on average; the workers were grading {busy(run, args.workers):.0%} and "
                  f"{busy(one_run, 1):.0%} of the time")
            ok &= same
    return 0 if ok else 1


def on_dask(args, notebooks):
    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        names = write_class(submissions, args.students, notebooks)
        print(f"{len(names)} students x {len(notebooks)} notebooks, a local Dask cluster of "
              f"{args.scheduler_workers} workers", flush=True)
        with local_dask_cluster(args.scheduler_workers) as cluster:
            seconds, scores, run = timed_grade(submissions, Path(tmp) / "dask", 1, notebooks, not args.quiet,
                                               scheduler=cluster.scheduler_address)
        rows = list(csv.DictReader(open(Path(tmp) / "dask" / "grades.csv")))
        print(f"Dask, {args.scheduler_workers} workers: {seconds:.0f} s ({seconds / len(names):.1f} s per student); "
              f"grades.csv has {len(rows)} rows; the coordinator recorded each notebook in "
              f"{1000 * run.record_seconds / max(len(run.task_seconds), 1):.0f} ms", flush=True)
        one_seconds, one_scores, one_run = timed_grade(submissions, Path(tmp) / "one", 1, notebooks, not args.quiet)
        same = one_scores == scores
        print(f"1 local worker: {one_seconds:.0f} s; speed-up on the Dask cluster: {one_seconds / seconds:.2f}x; "
              f"same grades, cell by cell: {same}")
        print(f"a notebook took {mean_task(run):.1f} s on a Dask worker and {mean_task(one_run):.1f} s on the local "
              f"worker, on average")
    return 0 if same and len(rows) == len(names) * len(notebooks) else 1


if __name__ == "__main__":
    sys.exit(main())
