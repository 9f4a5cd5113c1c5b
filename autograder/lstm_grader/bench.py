"""Speed and memory of the course: `python3 course.py bench`.

Prints, for every solution notebook run top to bottom in a fresh kernel:

    wall     seconds from starting the kernel to the end of the last cell
    floor    the same for a fresh kernel that only imports TensorFlow and Keras
    ratio    wall / floor
    peak     the kernel's peak resident memory (ru_maxrss)

then autogrades one full submission (the solutions) with the course's grading
command (one worker, every kernel in its sandbox, no feedback) and compares that time with the plain
execution of the same notebooks; and last the installed size of a learner's environment (the
packages of requirements-learner.txt and everything they need) beside the whole of .venv (grading
and tests included).
Each figure is printed beside its target; the exit code is 1 if one is missed.
These are measurements, not tests: the test suite never times anything.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import SOLUTIONS, assignments, pipeline
from .task import Options

FLOOR_SOURCE = "import lstm_course\nimport tensorflow as tf\nimport keras"
PEAK_SOURCE = ("import resource as _resource\n"
               "print(_resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss)")  # KiB on Linux
TARGET_RATIO = 2.0            # notebooks that train only a little: at most this times the floor
TARGET_LAST_EXTRA = 45.0      # the last notebook (the encoder-decoder): at most the floor + this many seconds
TARGET_TRAINING_EXTRA = 30.0  # notebooks that train several models: at most the floor + this many seconds
TRAINING_NOTEBOOKS = ("04_gradients_through_time",)  # the adding problem: six small models
TARGET_PEAK_GB = 1.0          # per kernel: two open notebooks fit in Binder's 2 GB
TARGET_GRADING_RATIO = 1.4    # autograding, sandbox on: at most this times plain execution


def environment_sizes():
    """(learner GB, learner packages, all GB, all packages): the installed size of the distributions a
    learner's setup brings (requirements-learner.txt and what they require, followed through the
    installed packages' metadata) and of every distribution in this environment."""
    from . import ROOT
    from .environment import installed, installed_closure

    distributions = installed()
    learner = installed_closure(ROOT / "requirements-learner.txt", distributions)

    def size(distribution):
        total = 0
        for file in distribution.files or []:
            try:
                total += Path(distribution.locate_file(file)).stat().st_size
            except OSError:
                pass
        return total

    gb = lambda names: sum(size(distributions[n]) for n in names) / 2**30  # noqa: E731
    return gb(learner), len(learner), gb(distributions), len(distributions)


def run_fresh_kernel(notebook, cwd):
    """(seconds, peak resident GB) of running `notebook` in a new kernel, from starting the
    kernel to the end of its last cell (shutting the kernel down is not counted)."""
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_SOURCE))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    # the kernel's own stderr (ipykernel's transport warning) is not part of the figures
    with client.setup_kernel(stderr=subprocess.DEVNULL):
        for index, cell in enumerate(notebook.cells[:-1]):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)
    peak_kib = int(notebook.cells[-1].outputs[0]["text"])
    return seconds, peak_kib / 2**20


def floor(repeats):
    """The median fresh kernel that imports TensorFlow and Keras and does nothing else."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    runs = [run_fresh_kernel(notebook, SOLUTIONS) for _ in range(repeats)]
    return statistics.median(s for s, _ in runs), max(gb for _, gb in runs)


def verdict(ok):
    return "ok" if ok else "MISSED"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--floor-repeats", type=int, default=3)
    parser.add_argument("--no-grading", action="store_true", help="skip the autograding comparison")
    parser.add_argument("--notebooks", nargs="+", metavar="NAME", default=None,
                        help="run only these solution notebooks (e.g. 04_gradients_through_time); "
                             "implies --no-grading")
    args = parser.parse_args(argv)

    floor_seconds, floor_gb = floor(args.floor_repeats)
    print(f"floor (fresh kernel, import TensorFlow and Keras; median of {args.floor_repeats}): "
          f"{floor_seconds:.1f} s, {floor_gb:.2f} GB\n")
    print(f"{'notebook':<22}{'wall s':>8}{'floor s':>9}{'ratio':>7}{'target':>15}"
          f"{'peak GB':>9}{'target':>9}")
    all_ok, plain_total = True, 0.0
    names = assignments()
    if args.notebooks:
        unknown = sorted(set(args.notebooks) - set(names))
        if unknown:
            parser.error(f"no such notebook in solutions/: {', '.join(unknown)}")
        args.no_grading, last = True, names[-1]
        names = [name for name in names if name in args.notebooks]
    else:
        last = names[-1]
    for name in names:
        notebook = json.loads((SOLUTIONS / f"{name}.ipynb").read_text())
        seconds, peak_gb = run_fresh_kernel(notebook, SOLUTIONS)
        plain_total += seconds
        if name == last:
            time_ok = seconds <= floor_seconds + TARGET_LAST_EXTRA
            target = f"<= floor+{TARGET_LAST_EXTRA:.0f}s"
        elif name in TRAINING_NOTEBOOKS:
            time_ok = seconds <= floor_seconds + TARGET_TRAINING_EXTRA
            target = f"<= floor+{TARGET_TRAINING_EXTRA:.0f}s"
        else:
            time_ok = seconds <= TARGET_RATIO * floor_seconds
            target = f"<= {TARGET_RATIO:.1f}x"
        memory_ok = peak_gb <= TARGET_PEAK_GB
        all_ok &= time_ok and memory_ok
        print(f"{name:<22}{seconds:>8.1f}{floor_seconds:>9.1f}{seconds / floor_seconds:>7.2f}"
              f"{target:>12} {verdict(time_ok):>2}{peak_gb:>9.2f}{'<= 1.0':>7} {verdict(memory_ok)}")

    if not args.no_grading:
        with tempfile.TemporaryDirectory() as tmp:
            submissions = Path(tmp) / "submissions"
            (submissions / "benchmark").mkdir(parents=True)
            for name in names:
                (submissions / "benchmark" / f"{name}.ipynb").write_bytes((SOLUTIONS / f"{name}.ipynb").read_bytes())
            run = pipeline.grade(submissions, Path(tmp) / "out", workers=1, options=Options(feedback=False),
                                 progress=False)
            autograde_seconds = run.seconds
            scores = run.scores
        full_marks = all(e["score"] == e["max_score"] for e in scores.values()) and len(scores) == len(names)
        grading_ok = autograde_seconds <= TARGET_GRADING_RATIO * plain_total and full_marks
        all_ok &= grading_ok
        print(f"\nautograding one full submission ({len(names)} notebooks, `course.py grade`, one worker, "
              f"sandbox on): {autograde_seconds:.1f} s; plain execution of the same notebooks: {plain_total:.1f} s; "
              f"ratio {autograde_seconds / plain_total:.2f} (target <= {TARGET_GRADING_RATIO}) "
              f"{verdict(grading_ok)}{'' if full_marks else ' (the submission did not get full marks!)'}")
    learner_gb, learner_count, all_gb, all_count = environment_sizes()
    print(f"\ninstalled size: a learner's environment {learner_gb:.2f} GB ({learner_count} packages: "
          f"requirements-learner.txt and what it needs); all of .venv {all_gb:.2f} GB ({all_count} packages: "
          "grading and tests too)")
    print("\nall targets met" if all_ok else "\nsome targets missed")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
