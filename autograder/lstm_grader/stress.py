"""A whole class at once: `python3 course.py stress [--students 10] [--workers 2] [--compare]`.

Writes STUDENTS made-up submissions, mixed from the solutions, the untouched student notebooks and
half-done ones (in turn), grades them with WORKERS worker processes, and prints the time, the rows
of grades.csv and whether every student is in it. With --compare it also grades the same class with
one worker and prints the speed-up and whether the two gradebooks hold exactly the same grades;
--rounds R does that R times, alternating which goes first, and prints the median speed-up.

With --scheduler-workers N it grades the class on a local Dask cluster of N worker processes
(`course.py grade --scheduler`'s path) instead, then on one local worker, and prints the speed-up
and whether the grades match (--rounds R: R times, alternating which goes first).

With --cores it only measures how much two processes at once slow each other on this machine's
cores, for the kinds of work a grading does (cores.py): what bounds the speed-up of 2 workers.
"""
import argparse
import csv
import logging
import statistics
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
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --compare or --scheduler-workers: grade the class this many times each way, the "
                             "one-worker run first in every other round, and print each round's speed-up and "
                             "their median (on a shared machine, the speed of the cores drifts)")
    parser.add_argument("--scheduler-workers", type=int, default=None, metavar="N",
                        help="grade on a local Dask cluster of N workers, then on one local worker; print the "
                             "speed-up and whether the grades match")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--no-ceiling", action="store_true",
                        help="with --compare or --scheduler-workers: do not measure what the cores allow (cores.py) "
                             "after grading, and print no efficiency")
    parser.add_argument("--ceiling-repeats", type=int, default=3, metavar="R",
                        help="rounds of the ceiling's measurement (default 3)")
    parser.add_argument("--cores", action="store_true",
                        help="only measure how much two processes at once slow each other on this machine's "
                             "cores (pure Python, TensorFlow with one thread, TensorFlow's start-up); grade nothing")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if args.compare and args.workers < 2:
        parser.error("--compare compares WORKERS with one worker: give --workers 2 or more")
    if args.cores:
        from . import cores

        cores.report()
        return 0
    notebooks = args.notebooks or assignments()
    if args.scheduler_workers:
        return on_dask(args, notebooks)

    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        names = write_class(submissions, args.students, notebooks)
        print(f"{len(names)} students x {len(notebooks)} notebooks, {args.workers} workers", flush=True)
        ok, speed_ups = True, []
        for round_number in range(args.rounds if args.compare else 1):
            # the one-worker run goes first in every other round: a machine whose speed drifts (a shared
            # host) then favours neither side
            order = [args.workers, 1] if args.compare else [args.workers]
            label = f"round {round_number + 1}: " if args.rounds > 1 and args.compare else ""
            runs = {}
            for workers in (order if round_number % 2 == 0 else order[::-1]):
                runs[workers] = timed_grade(submissions, Path(tmp) / f"round{round_number}_{workers}", workers,
                                            notebooks, not args.quiet)
                if workers == args.workers:
                    ok &= report_parallel(runs[workers], Path(tmp) / f"round{round_number}_{workers}", names,
                                          notebooks, workers, label)
            if args.compare:
                ok &= report_compare(runs[args.workers], runs[1], args.workers, label)
                speed_ups.append(runs[1][0] / runs[args.workers][0])
        report_rounds(speed_ups)
        if speed_ups and not args.no_ceiling:
            report_efficiency(speed_ups, args.workers, args.ceiling_repeats, "local workers")
    return 0 if ok else 1


TARGET_EFFICIENCY = 0.95  # the speed-up, divided by what the cores allow for the same kinds of work


def report_efficiency(speed_ups, workers, repeats, where):
    """Measure, in the same run, what the cores allow `workers` gradings at once (cores.py), and print it
    beside the median speed-up: their ratio is the grader's efficiency, the figure that measures the grader
    rather than the machine."""
    from . import cores

    print(f"what this machine allows {workers} gradings at once, measured now:", flush=True)
    allowed = cores.ceiling(cores.report(repeats, copies=workers), workers)
    speed_up = statistics.median(speed_ups)
    efficiency = speed_up / allowed
    print(f"efficiency ({where}): speed-up {speed_up:.2f}x / ceiling {allowed:.2f}x = {efficiency:.2f} (target at "
          f"least {TARGET_EFFICIENCY}: {'met' if efficiency >= TARGET_EFFICIENCY else 'missed'})", flush=True)
    return efficiency


def report_rounds(speed_ups):
    if len(speed_ups) > 1:
        print(f"speed-up over {len(speed_ups)} rounds: median {statistics.median(speed_ups):.2f}x, "
              f"lowest {min(speed_ups):.2f}x, highest {max(speed_ups):.2f}x")


def report_parallel(run, out, names, notebooks, workers, label):
    seconds, _, run = run
    with open(out / "grades.csv") as table:
        rows = list(csv.DictReader(table))
    in_csv = {row["student_id"] for row in rows}
    print(f"{label}{workers} workers: {seconds:.0f} s ({seconds / len(names):.1f} s per student); grades.csv has "
          f"{len(rows)} rows for {len(in_csv)} students; every student present: {in_csv == set(names)}; "
          f"{stalls(run)}", flush=True)
    return in_csv == set(names) and len(rows) == len(names) * len(notebooks)


def report_compare(parallel, one, workers, label):
    (seconds, scores, run), (one_seconds, one_scores, one_run) = parallel, one
    same = one_scores == scores
    print(f"{label}1 worker: {one_seconds:.0f} s ({stalls(one_run)}); speed-up with {workers} workers: "
          f"{one_seconds / seconds:.2f}x; same grades, cell by cell: {same}")
    print(f"{label}a notebook took {mean_task(run):.2f} s with {workers} workers and {mean_task(one_run):.2f} s "
          f"with one, on average; the workers were grading {busy(run, workers):.0%} and "
          f"{busy(one_run, 1):.0%} of the time", flush=True)
    return same


def on_dask(args, notebooks):
    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        names = write_class(submissions, args.students, notebooks)
        print(f"{len(names)} students x {len(notebooks)} notebooks, a local Dask cluster of "
              f"{args.scheduler_workers} workers", flush=True)
        ok, speed_ups = True, []
        for round_number in range(args.rounds):
            label = f"round {round_number + 1}: " if args.rounds > 1 else ""
            runs = {}
            # the local run goes first in every other round (see main)
            for where in (("dask", "one") if round_number % 2 == 0 else ("one", "dask")):
                out = Path(tmp) / f"round{round_number}_{where}"
                if where == "one":
                    runs[where] = timed_grade(submissions, out, 1, notebooks, not args.quiet)
                    continue
                with local_dask_cluster(args.scheduler_workers) as cluster:
                    runs[where] = timed_grade(submissions, out, 1, notebooks, not args.quiet,
                                              scheduler=cluster.scheduler_address)
                seconds, _, run = runs[where]
                with open(out / "grades.csv") as table:
                    rows = list(csv.DictReader(table))
                ok &= len(rows) == len(names) * len(notebooks)
                print(f"{label}Dask, {args.scheduler_workers} workers: {seconds:.0f} s ({seconds / len(names):.1f} s "
                      f"per student); grades.csv has {len(rows)} rows; the coordinator recorded each notebook in "
                      f"{1000 * run.record_seconds / max(len(run.task_seconds), 1):.0f} ms", flush=True)
            (seconds, scores, run), (one_seconds, one_scores, one_run) = runs["dask"], runs["one"]
            same = one_scores == scores
            ok &= same
            speed_ups.append(one_seconds / seconds)
            print(f"{label}1 local worker: {one_seconds:.0f} s; speed-up on the Dask cluster: "
                  f"{one_seconds / seconds:.2f}x; same grades, cell by cell: {same}")
            print(f"{label}a notebook took {mean_task(run):.1f} s on a Dask worker and {mean_task(one_run):.1f} s on "
                  f"the local worker, on average", flush=True)
        report_rounds(speed_ups)
        if not args.no_ceiling:
            report_efficiency(speed_ups, args.scheduler_workers, args.ceiling_repeats, "Dask workers")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
