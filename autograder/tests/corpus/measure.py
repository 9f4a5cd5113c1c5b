"""How well the checks do on the corpus of wrong and right answers (autograder/tests/corpus/n0*.py).

    python3 course.py corpus            per exercise and in total:
                                        visible  share of wrong answers the visible check alone catches
                                        graded   share the graded cell (visible and hidden tests) catches
                                        named    share whose first failure names the mistake, rather than
                                                 only saying that the values differ
                                        right    share of right answers that keep their points
    python3 course.py corpus --misses   also list every wrong answer that is missed or not named
    python3 course.py corpus --set heldout
                                        the held-out answers (h0*.py), written without reading the
                                        checks and never used to change them: the honest figure

Each answer is run as a notebook would run it: its source in a namespace with `np`, then the
exercise's test cell from solutions/ (`checks.check_<exercise>(...)`), in this process. A right answer
keeps its points when it also passes the test cell on fresh inputs, as in the grader's re-check.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TARGETS = {"visible": 0.97, "graded": 1.0, "named": 0.85, "right": 1.0}
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


SETS = {"main": "n0*.py", "heldout": "h0*.py"}


def corpus(which="main"):
    """{notebook: {exercise: {"wrong": [(what, source)], "right": [(how, source)]}}} of one set."""
    found = {}
    for path in sorted(HERE.glob(SETS[which])):
        spec = importlib.util.spec_from_file_location(f"corpus_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[path.stem[1:]] = module.ANSWERS
    return found


def test_cells(notebook):
    """{exercise: (visible source, whole source)} of a solution notebook's test cells."""
    cells = json.loads((ROOT / "solutions" / f"{notebook}.ipynb").read_text())["cells"]
    found = {}
    for cell in cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and grade_id.startswith("test_"):
            source = "".join(cell["source"])
            visible = source.split(HIDDEN_BEGIN)[0]
            found[grade_id[len("test_"):]] = (visible, source.replace(HIDDEN_BEGIN, "").replace(HIDDEN_END, ""))
    return found


def run(answer, test_source, fresh=None):
    """The first error of the answer's cell then the test cell, or None when both pass. With `fresh` (a
    random.Random), every case of the test cell runs on fresh inputs drawn from it, as in the grader's
    re-check (checks.FreshCases)."""
    import numpy as np

    from lstm_course import checks

    namespace = {"np": np, "checks": checks if fresh is None else checks.FreshCases(fresh), "__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(compile(answer, "<answer cell>", "exec"), namespace)
            exec(compile(test_source, "<test cell>", "exec"), namespace)
        except Exception as error:
            return error
    return None


def is_named(error):
    """A failure that says what is wrong, not only that the values differ. A crash of the learner's
    own code names the line that crashed."""
    return error is not None and getattr(error, "named", False)


@dataclass
class Exercise:
    notebook: str
    name: str
    wrong: int = 0
    visible: int = 0
    graded: int = 0
    named: int = 0
    right: int = 0
    right_kept: int = 0
    misses: list = field(default_factory=list)  # (what, kind, message)


def measure(which="main", progress=False):
    import lstm_course  # noqa: F401  (quiet TensorFlow)

    results = []
    for notebook, exercises in corpus(which).items():
        cells = test_cells(notebook)
        for name, answers in exercises.items():
            visible_source, whole_source = cells[name]
            result = Exercise(notebook, name)
            for what, source in answers["wrong"]:
                result.wrong += 1
                seen = run(source, visible_source)
                graded = seen or run(source, whole_source)
                result.visible += seen is not None
                result.graded += graded is not None
                result.named += is_named(graded)
                if seen is None:
                    result.misses.append((what, "visible check passes it" if graded else "graded cell passes it", ""))
                if graded is not None and not is_named(graded):
                    result.misses.append((what, "not named", str(graded).splitlines()[0][:200]))
            for number, (how, source) in enumerate(answers["right"]):
                result.right += 1
                # as the grader scores it: the test cell as written, then on fresh inputs (seeded here,
                # so that a run can be repeated; the grader draws its own)
                error = run(source, whole_source) or run(source, whole_source, random.Random(number))
                result.right_kept += error is None
                if error is not None:
                    result.misses.append((how, "right answer rejected", str(error).splitlines()[0][:200]))
            if progress:
                print(f"  {notebook} {name}: done", file=sys.stderr, flush=True)
            results.append(result)
    return results


def totals(results):
    wrong = sum(r.wrong for r in results)
    right = sum(r.right for r in results)
    return {"visible": sum(r.visible for r in results) / wrong, "graded": sum(r.graded for r in results) / wrong,
            "named": sum(r.named for r in results) / wrong, "right": sum(r.right_kept for r in results) / right,
            "wrong answers": wrong, "right answers": right}


def table(results):
    width = max([len("notebook")] + [len(r.notebook) for r in results])
    lines = [f"{'notebook':<{width}} {'exercise':<22} {'wrong':>5} {'visible':>8} {'graded':>7} {'named':>6} {'right':>7}"]
    for r in results:
        lines.append(f"{r.notebook:<{width}} {r.name:<22} {r.wrong:>5} {r.visible / r.wrong:>8.0%} "
                     f"{r.graded / r.wrong:>7.0%} {r.named / r.wrong:>6.0%} {r.right_kept:>3}/{r.right:<3}")
    t = totals(results)
    lines.append(f"{'total':<{width + 23}} {t['wrong answers']:>5} {t['visible']:>8.1%} {t['graded']:>7.1%} {t['named']:>6.1%} "
                 f"{sum(r.right_kept for r in results):>3}/{t['right answers']:<3}")
    lines.append("targets: " + ", ".join(f"{k} at least {v:.0%}" for k, v in TARGETS.items()))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course.py corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong answer missed or not named, "
                                                              "and every right answer rejected")
    parser.add_argument("--set", choices=sorted(SETS), default="main",
                        help="main: the corpus the checks were developed with; heldout: answers written without "
                             "reading the checks")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "autograder"))
    results = measure(args.set, progress=True)
    print(table(results))
    if args.misses:
        for r in results:
            for what, kind, message in r.misses:
                print(f"{r.name}: {kind}: {what}" + (f"\n    {message}" if message else ""))
    t = totals(results)
    return 0 if all(t[k] >= v for k, v in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
