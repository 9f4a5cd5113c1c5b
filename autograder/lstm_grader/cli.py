"""The instructors' and maintainers' commands, run through `python3 course.py COMMAND` (the course's .venv):

    grade SUBMISSIONS [--out DIR] [--workers N | --scheduler tcp://HOST:PORT] [--cell-timeout S]
                      [--memory-limit MB] [--no-sandbox] [--student NAME ...] [--notebook NB ...]
                      [--remove-missing]
                      grade SUBMISSIONS/<student>/<notebook>.ipynb for every student: one task per
                      notebook on N local worker processes or on the workers of a Dask cluster, each
                      kernel in a sandbox; writes DIR/gradebook.db
                      (the record, kept across runs), DIR/grades.csv, DIR/problems.csv,
                      DIR/autograded/, DIR/feedback/ (HTML) and DIR/logs/. DIR defaults to ./grading.
                      --student and --notebook regrade only those; every other record stays as it
                      was. Nothing is ever removed from the record unless --remove-missing.
    release           regenerate notebooks/ from solutions/ (nbgrader generate_assignment)
    student-copy OUT  write the course as a graded class gets it (the learner's part only)
    scores [--out DIR]
                      grade three made-up students (the solutions, the untouched student notebooks,
                      a half-done submission) and print their scores per cell
    stress ...        grade a class of made-up students (stress.py; --help for its options)
    bench ...         time every notebook and autograding (bench.py)
    stall-loop ...    grade notebooks 2 and 3 again and again in parallel, looking for a stall (stall.py)
    export --format canvas|moodle|csv --roster ROSTER.csv [--grading DIR] [--out FILE]
                      the gradebook's grades as a file the LMS imports (export.py)

Each notebook in solutions/ is one nbgrader assignment with the notebook's name.
"""
import argparse
import sys
import tempfile
from pathlib import Path

from . import ROOT


def grading_options(parser):
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes grading at the same time (default 1; on a machine with C "
                             "cores and enough memory, C is a good choice)")
    parser.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                        help="stop a cell after this long (default: nbgrader_config.py's 300 s)")
    parser.add_argument("--memory-limit", type=int, default=None, metavar="MB",
                        help="memory cap of each grading kernel (default: nbgrader_config.py's 3072 MB; 0: none)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade without the bubblewrap sandbox, where it cannot run (kernels can then "
                             "read and write whatever you can); the report says so")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                        help="send the tasks to the workers of this Dask scheduler instead of local worker "
                             "processes (README: Grading on a cluster)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def options_from(args):
    from .task import Options

    return Options(cell_timeout=args.cell_timeout, memory_limit_mb=args.memory_limit,
                   sandbox=not args.no_sandbox)


def print_scores(scores, students, assignments):
    """One line per student and notebook: score / max, and the score of every graded cell."""
    for student in students:
        for assignment in assignments:
            entry = scores.get((student, assignment))
            if entry is None:
                print(f"  {student:<12} {assignment:<22} not graded")
                continue
            cells = ", ".join(f"{name} {s:g}/{m:g}" for name, (s, m) in entry["cells"].items())
            print(f"  {student:<12} {assignment:<22} {entry['score']:g}/{entry['max_score']:g}: {cells}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in ("stress", "bench", "stall-loop", "export"):
        import importlib

        module = {"stress": "stress", "bench": "bench", "stall-loop": "stall", "export": "export"}[argv[0]]
        return importlib.import_module(f"lstm_grader.{module}").main(argv[1:])
    parser = argparse.ArgumentParser(prog="course.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="regenerate notebooks/ from solutions/")
    grade_parser = sub.add_parser("grade", help="grade a folder of submissions")
    grade_parser.add_argument("submissions", type=Path)
    grade_parser.add_argument("--out", type=Path, default=ROOT / "grading")
    grade_parser.add_argument("--student", action="append", metavar="NAME",
                              help="grade only this student folder (again: more than one); every other student's "
                                   "record, files and rows stay as they were")
    grade_parser.add_argument("--notebook", action="append", metavar="NB",
                              help="grade only this notebook, e.g. 01_num_units (again: more than one)")
    grade_parser.add_argument("--remove-missing", action="store_true",
                              help="take out of the record the students (and the notebooks of the students graded) "
                                   "that the submissions folder no longer holds, with their files; without it "
                                   "nothing is ever removed")
    grading_options(grade_parser)
    copy_parser = sub.add_parser("student-copy", help="write the course without solutions or hidden tests")
    copy_parser.add_argument("out", type=Path)
    copy_parser.add_argument("--repository", metavar="OWNER/NAME",
                             help="the GitHub repository the copy will be pushed to: its README gets a Binder "
                                  "badge for that address")
    scores_parser = sub.add_parser("scores", help="grade three made-up students and print their scores")
    scores_parser.add_argument("--out", type=Path, default=None)
    grading_options(scores_parser)
    for name in ("stress", "bench", "stall-loop", "export"):
        sub.add_parser(name, help=f"see `course.py {name} --help`")
    args = parser.parse_args(argv)

    from . import pipeline

    if args.command == "release":
        from .release import release

        release()
    elif args.command == "student-copy":
        from .release import publish_student_copy

        print(f"wrote the student-only copy of the course to {publish_student_copy(args.out, args.repository)}")
    elif args.command == "grade":
        options = options_from(args)
        from . import assignments

        unknown = sorted(set(args.notebook or ()) - set(assignments()))
        if unknown:
            parser.error(f"no notebook {', '.join(unknown)}; the course's are {', '.join(assignments())}")
        run = pipeline.grade(args.submissions, args.out, workers=args.workers, options=options,
                             progress=not args.quiet, scheduler=args.scheduler, notebooks=args.notebook,
                             students=args.student, remove_missing=args.remove_missing)
        pipeline.print_summary(run, options)
    elif args.command == "scores":
        from . import demo

        options = options_from(args)
        with tempfile.TemporaryDirectory() as tmp:
            demo.write_demo_submissions(Path(tmp) / "submissions")
            run = pipeline.grade(Path(tmp) / "submissions", args.out or Path(tmp) / "course",
                                 workers=args.workers, options=options, progress=not args.quiet,
                                 scheduler=args.scheduler)
            pipeline.print_summary(run, options)
            print("\nper graded cell (score / max):")
            print_scores(run.scores, run.students, run.assignments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
