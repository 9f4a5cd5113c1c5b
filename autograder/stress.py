"""A whole class at once: `python3 course.py stress [--students 100] [--workers 2] [--compare]`.

Writes STUDENTS made-up submissions, mixed from the solutions, the untouched student notebooks and
half-done ones (in turn), grades them with the course's grading command using WORKERS processes,
and prints the time, the rows of grades.csv and whether every student is in it. With --compare it
also grades the same class one student after another and prints the speed-up and whether the two
gradebooks hold exactly the same grades.
"""
import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grading  # noqa: E402

def write_class(folder, students, notebooks):
    """students folders named s000_solutions, s001_untouched, s002_half_done, ..."""
    names = []
    for number in range(students):
        kind = grading.DEMO_KINDS[number % len(grading.DEMO_KINDS)]
        names.append(f"s{number:03d}_{kind}")
        grading.write_demo_student(folder / names[-1], kind, notebooks)
    return names


def timed_grade(submissions, course, workers):
    start = time.perf_counter()
    scores = grading.grade(submissions, course, workers=workers)
    return time.perf_counter() - start, scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--notebooks", nargs="*", default=None,
                        help="grade only these notebooks (default: all five)")
    parser.add_argument("--compare", action="store_true",
                        help="also grade one student after another; print the speed-up and equality")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or grading.assignments()
    if args.notebooks:
        grading.assignments = lambda: list(notebooks)  # the grader then expects only these

    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        names = write_class(submissions, args.students, notebooks)
        print(f"{len(names)} students x {len(notebooks)} notebooks, {args.workers} workers")
        seconds, scores = timed_grade(submissions, Path(tmp) / "parallel", args.workers)
        with open(Path(tmp) / "parallel" / "grades.csv") as table:
            rows = list(csv.DictReader(table))
        in_csv = {row["student_id"] for row in rows}
        print(f"parallel: {seconds:.0f} s ({seconds / len(names):.1f} s per student); grades.csv has "
              f"{len(rows)} rows for {len(in_csv)} students; every student present: {in_csv == set(names)}")
        ok = in_csv == set(names) and len(rows) == len(names) * len(notebooks)
        if args.compare:
            sequential_seconds, sequential_scores = timed_grade(submissions, Path(tmp) / "sequential", 1)
            same = sequential_scores == scores
            print(f"one after another: {sequential_seconds:.0f} s; speed-up with {args.workers} workers: "
                  f"{sequential_seconds / seconds:.2f}x; same grades, cell by cell: {same}")
            ok &= same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
