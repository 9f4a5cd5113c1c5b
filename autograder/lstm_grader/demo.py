"""Made-up students, for `course.py scores`, `course.py stress`, the benchmark and the tests: the
solutions handed in as they are, the untouched student notebooks, and half-done notebooks."""
import json
import shutil
from pathlib import Path

from . import NOTEBOOKS, SOLUTIONS, assignments


def exercises(notebook):
    """[(name, points)] in notebook order: test cell `test_<name>` grades answer cell `answer_<name>`."""
    found = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id", "").startswith("test_"):
            found.append((meta["grade_id"][len("test_"):], meta.get("points", 0)))
    return found


def strip_solution_markers(source):
    return "".join(line for line in source.splitlines(keepends=True)
                   if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def fill_answers(student_notebook, answers):
    """A copy of the student notebook with answer cells replaced: answers = {name: source}."""
    notebook = json.loads(json.dumps(student_notebook))
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        name = grade_id[len("answer_"):] if grade_id.startswith("answer_") else None
        if name in answers:
            cell["source"] = answers[name]
    return notebook


def solution_answers(assignment):
    """{name: the solution's code for answer_<name>, as a student would type it}."""
    notebook = json.loads((SOLUTIONS / f"{assignment}.ipynb").read_text())
    answers = {}
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_"):
            answers[grade_id[len("answer_"):]] = strip_solution_markers("".join(cell["source"]))
    return answers


def half_done(assignment):
    """The student notebook with the first half of its exercises answered; and the points those earn."""
    student = json.loads((NOTEBOOKS / f"{assignment}.ipynb").read_text())
    names = exercises(student)
    done = names[: (len(names) + 1) // 2]
    answers = solution_answers(assignment)
    return fill_answers(student, {name: answers[name] for name, _ in done}), sum(p for _, p in done)


DEMO_KINDS = ("solutions", "untouched", "half_done")


def write_demo_student(folder, kind, notebooks=None):
    """One made-up student's folder: the solutions, the untouched student notebooks, or half done
    (the first half of the exercises answered), for `notebooks` (default: all)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for assignment in notebooks or assignments():
        target = folder / f"{assignment}.ipynb"
        if kind == "solutions":
            shutil.copy(SOLUTIONS / f"{assignment}.ipynb", target)
        elif kind == "untouched":
            shutil.copy(NOTEBOOKS / f"{assignment}.ipynb", target)
        else:
            target.write_text(json.dumps(half_done(assignment)[0], indent=1))


def write_demo_submissions(folder):
    """Three students, named for their kind: `solutions`, `untouched` and `half_done`."""
    for kind in DEMO_KINDS:
        write_demo_student(Path(folder) / kind, kind)
