"""Looking for the stall of parallel grading: `python3 course.py stall-loop [--rounds 20] ...`.

Grades notebooks 2 and 3 (the two with explorer widgets) of STUDENTS made-up students with WORKERS
worker processes, round after round, until a notebook stalls or ROUNDS rounds are done. A stall is a
cell that waits for its reply until the cell timeout (CELL_TIMEOUT, short here so that a stall shows
at once): the grading reports it as timed out, and its task takes at least that long.

The stall was nbclient's imitation of ipywidgets' Output widget (jupyter/nbclient#312): it sends
messages on the shell channel while it waits for a reply there. The grader no longer imitates it,
and the explorers no longer use an Output widget. `--mimic-output-widgets` turns the imitation back
on (it stalls only on a notebook that uses an Output widget).

Exit code 0: no stall in any round; 1: a stall (its round, student and notebook are printed).
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import demo, pipeline
from .task import Options

NOTEBOOKS = ["02_fused_kernel", "03_h_versus_c"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course.py stall-loop", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--students", type=int, default=4, help="students per round (default 4)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cell-timeout", type=int, default=60, metavar="SECONDS",
                        help="a cell that takes this long is a stall (default 60; no cell of notebooks 2 "
                             "and 3 takes more than a few seconds)")
    parser.add_argument("--notebooks", nargs="*", default=NOTEBOOKS)
    parser.add_argument("--mimic-output-widgets", action="store_true",
                        help="imitate the Output widget's front end, as nbclient does")
    args = parser.parse_args(argv)
    options = Options(cell_timeout=args.cell_timeout, feedback=False, mimic_output_widgets=args.mimic_output_widgets)
    graded = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        for number in range(args.students):
            demo.write_demo_student(submissions / f"s{number:02d}", "solutions", args.notebooks)
        for round_number in range(1, args.rounds + 1):
            run = pipeline.grade(submissions, Path(tmp) / "out", workers=args.workers, options=options,
                                 notebooks=args.notebooks, progress=False)
            graded += len(run.scores)
            stalls = [(student, assignment, p) for student, assignment, p in run.problems if p.kind == "timed_out"]
            slow = [(seconds, key) for key, seconds in run.task_seconds.items() if seconds >= args.cell_timeout]
            slowest = max(run.task_seconds.values(), default=0.0)
            print(f"round {round_number}: {len(run.scores)} notebooks in {run.seconds:.0f} s, slowest "
                  f"{slowest:.1f} s, stalls: {max(len(stalls), len(slow))}", flush=True)
            if stalls or slow:
                for student, assignment, problem in stalls:
                    print(f"  stall: {student} {assignment} cell {problem.cell}: {problem.text()}")
                for seconds, (student, assignment) in sorted(slow, reverse=True):
                    print(f"  stall: {student} {assignment} took {seconds:.1f} s (cell timeout {args.cell_timeout} s)")
                print(f"STALL in round {round_number}, after {graded} gradings ({time.perf_counter() - start:.0f} s)")
                return 1
    print(f"no stall in {args.rounds} rounds: {graded} gradings of {', '.join(args.notebooks)} with "
          f"{args.workers} workers in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
