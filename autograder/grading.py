"""Release, grade and score the course with nbgrader.

Run through `python3 course.py COMMAND`, which uses the course's .venv:

    release                   regenerate notebooks/ from solutions/ (nbgrader generate_assignment)
    grade SUBMISSIONS [--out DIR] [--workers N] [--cell-timeout SECONDS] [--memory-limit MB]
                              autograde SUBMISSIONS/<student>/<notebook>.ipynb for every student;
                              writes DIR/autograded, DIR/feedback (HTML), DIR/grades.csv,
                              DIR/problems.csv (what went wrong, per student, notebook and cell) and
                              keeps DIR/gradebook.db (nbgrader's SQLite gradebook) as the record.
                              DIR defaults to ./grading. The per-cell timeout and the memory cap of
                              each grading kernel default to nbgrader_config.py's (300 s, 3072 MB)
    student-copy OUT          write the course as a graded class gets it: no solutions, no hidden
                              tests, no tests or grading code, no git history
    scores [--out DIR]        grade three made-up students (the solutions, the untouched student
                              notebooks and a half-done submission) and print their scores per cell

Each notebook in solutions/ is one nbgrader assignment with the notebook's name.
"""
import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Lock

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
CONFIG = ROOT / "autograder" / "nbgrader_config.py"
sys.path.insert(0, str(ROOT / "autograder"))
from lstm_course import TF_QUIET_ENV  # noqa: E402


LOG_LOCK = Lock()  # worker threads append to one log

# One TensorFlow / OpenMP thread per process while grading (nbgrader, and through it every kernel):
# TensorFlow's pools keep one busy thread per core, so two processes that run TensorFlow at the
# same time (two workers, or a kernel and the grader's re-check of its test cell) slow each other
# down several times over. Measured on 2 cores, two notebook-2 gradings at once: 63-137 s each
# with TensorFlow's default threads, 15.6 s with one thread each.
GRADING_THREADS_ENV = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"}


def assignments():
    """Assignment ids: the names of the notebooks in solutions/, in course order."""
    return sorted(path.stem for path in SOLUTIONS.glob("*.ipynb"))


def nbgrader(course, *args, check=True):
    """Run one nbgrader command in the course folder; stop with its log if it fails (check=True)."""
    env = dict(os.environ, **TF_QUIET_ENV, **GRADING_THREADS_ENV)
    # nbgrader runs `alembic` to set up the gradebook: find it beside this Python
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                            capture_output=True, text=True)
    (Path(course) / "logs").mkdir(exist_ok=True)
    with LOG_LOCK, open(Path(course) / "logs" / "nbgrader.log", "a") as log:
        log.write(f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0 and check:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"nbgrader {' '.join(args)} failed (exit {result.returncode})")
    return result


def prepare_course(course):
    """An nbgrader course folder whose source/ is solutions/, with the gradebook filled in."""
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG, course / "nbgrader_config.py")
    for assignment in assignments():
        source = course / "source" / assignment
        source.mkdir(parents=True, exist_ok=True)
        shutil.copy(SOLUTIONS / f"{assignment}.ipynb", source / f"{assignment}.ipynb")
        nbgrader(course, "generate_assignment", assignment, "--force")
    return course


def release(out=NOTEBOOKS):
    """Regenerate the student notebooks from solutions/."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        course = prepare_course(Path(tmp) / "course")
        for assignment in assignments():
            shutil.copy(course / "release" / assignment / f"{assignment}.ipynb", out / f"{assignment}.ipynb")
            print(f"wrote {out / assignment}.ipynb")


def unreadable(notebook):
    """Why nbgrader could not read this file as a notebook, or None if it can."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(notebook, as_version=4))
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}"
    return None


def collect(submissions, course, problems):
    """Copy SUBMISSIONS/<student>/<assignment>.ipynb into nbgrader's submitted/ folder.

    Only the notebooks: anything else a student hands in (a numpy.py, an lstm_course/ folder, data
    files) is left out, so the kernels import the course's own lstm_course and read its own data/.
    A notebook that is not valid notebook JSON is not graded (it scores 0) and goes into `problems`.
    """
    students = sorted(p.name for p in Path(submissions).iterdir() if p.is_dir())
    expected = {f"{assignment}.ipynb" for assignment in assignments()}
    for student in students:
        for assignment in assignments():
            notebook = Path(submissions) / student / f"{assignment}.ipynb"
            if notebook.exists():
                problem = unreadable(notebook)
                if problem:
                    problems.append((student, assignment, "", f"not graded, not a valid notebook: {problem}"))
                    print(f"note: {student}/{notebook.name} is not a valid notebook; not graded ({problem})")
                    continue
                target = Path(course) / "submitted" / student / assignment
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(notebook, target / f"{assignment}.ipynb")
        handed_in = {p.name for p in (Path(submissions) / student).glob("*.ipynb")}
        for name in sorted(handed_in - expected):
            print(f"note: {student}/{name} is not a course notebook name; not graded")
        if not handed_in & expected:
            print(f"note: {student} handed in none of {', '.join(sorted(expected))}")
        others = sorted(str(p.relative_to(Path(submissions) / student)) for p in (Path(submissions) / student).rglob("*")
                        if p.is_file() and p.suffix != ".ipynb")
        if others:
            print(f"note: {student} handed in other files, not used for grading: {', '.join(others[:10])}"
                  + (" ..." if len(others) > 10 else ""))
    return students


# error names lstm_course.autograde.GradingExecute gives the cells it had to stop or could not
# trust, and what they mean for the instructor
PROBLEM_ERRORS = {
    "CellTimeoutError": "timed out",
    "DeadKernelError": "the kernel died",
    "NotRun": "not run",
    "MemoryCapReached": "out of memory",
    "GraderCheckFailed": "passed in the notebook but failed when the grader checked it again",
}


def cell_problems(course, problems):
    """Add to `problems` every cell of the autograded notebooks that the grader had to stop."""
    for notebook in sorted((Path(course) / "autograded").glob("*/*/*.ipynb")):
        student, assignment = notebook.parent.parent.name, notebook.stem
        for cell in json.loads(notebook.read_text())["cells"]:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") in PROBLEM_ERRORS:
                    what = PROBLEM_ERRORS[output["ename"]]
                    detail = (output.get("evalue") or "").strip().splitlines()  # may be empty
                    problems.append((student, assignment, cell.get("id", ""),
                                     f"{what}: {detail[0][:300]}" if detail else what))


def course_fingerprint():
    """{path: content hash} of the files the grader trusts: lstm_course (the checks) and data/.
    A grading kernel runs as the same user as the grader, so a notebook could rewrite them."""
    import hashlib

    files = sorted((ROOT / "autograder" / "lstm_course").rglob("*.py")) + sorted((ROOT / "data").rglob("*"))
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def grade(submissions, course, workers=1, cell_timeout=None, memory_limit_mb=None):
    """Autograde every student's notebooks, write feedback, grades.csv and problems.csv; return the scores.

    cell_timeout (s) and memory_limit_mb override nbgrader_config.py's Execute.timeout and
    GradingExecute.memory_limit_mb (0: no cap). One student's notebook that nbgrader cannot grade
    does not stop the others: it is listed in problems.csv and scores 0.

    workers > 1 spreads the students over that many nbgrader processes at a time; each works in
    its own folders with its own copy of the gradebook, merged into gradebook.db at the end
    (SQLite does not take several writers). The grades are the same as with workers=1."""
    course = prepare_course(course)
    problems = []
    students = register_students(submissions, course, problems)
    options = [f"--Execute.timeout={int(cell_timeout)}"] if cell_timeout else []
    if memory_limit_mb is not None:
        options.append(f"--GradingExecute.memory_limit_mb={int(memory_limit_mb)}")
    groups = [group for group in (students[k::workers] for k in range(max(workers, 1))) if group]
    if len(groups) <= 1:
        grade_group(course, students, problems=problems, options=options)
    else:
        with ThreadPoolExecutor(len(groups)) as pool:
            folders = list(pool.map(lambda work: grade_group(course, work[1], worker=work[0], problems=problems,
                                                             options=options), enumerate(groups)))
        for folder, group in zip(folders, groups):
            merge_worker(course, folder, group)
        (course / "workers").rmdir()
    nbgrader(course, "export", "--to", "grades.csv")
    cell_problems(course, problems)
    with open(course / "problems.csv", "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(["student_id", "assignment", "cell", "problem"])
        writer.writerows(sorted(set(problems)))
    for student, assignment, cell, problem in sorted(set(problems)):
        print(f"problem: {student} {assignment}{' cell ' + cell if cell else ''}: {problem}")
    return read_scores(course)


def register_students(submissions, course, problems):
    """Collect the submissions into the course folder and give every student a gradebook row."""
    from nbgrader.api import Gradebook

    students = collect(submissions, course, problems)
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gradebook:
        for student in students:  # so that one who handed in nothing still gets a row of 0
            gradebook.update_or_create_student(student)
    return students


def grade_group(course, students, worker=None, feedback=True, problems=None, options=()):
    """Autograde and write feedback for `students`. A worker gets its own submitted/, autograded/,
    feedback/ and gradebook copy under workers/<k>/; returns that folder (None without a worker).
    A notebook nbgrader fails on goes into `problems` and the others are still graded."""
    course = Path(course)
    folder, problems = None, [] if problems is None else problems
    if worker is not None:
        folder = course / "workers" / str(worker)
        shutil.rmtree(folder, ignore_errors=True)
        for student in students:
            if (course / "submitted" / student).exists():
                shutil.copytree(course / "submitted" / student, folder / "submitted" / student)
        shutil.copy(course / "gradebook.db", folder / "gradebook.db")
        options = [*options, f"--CourseDirectory.db_url=sqlite:///{folder / 'gradebook.db'}"] + [
            f"--CourseDirectory.{kind}_directory={folder / kind}"
            for kind in ("submitted", "autograded", "feedback")]
    folder_options = [option for option in options if not option.startswith(("--Execute", "--GradingExecute"))]
    submitted = (folder or course) / "submitted"
    handed_in = sorted({path.name for student in students for path in (submitted / student).glob("*")
                        if path.name in assignments()})
    if not handed_in:
        return folder
    # one nbgrader process for all the notebooks ("*": every assignment folder in submitted/): the
    # grader imports TensorFlow for its re-check of the test cells once, not once per notebook
    which = handed_in[0] if len(handed_in) == 1 else "*"
    trusted = course_fingerprint()
    steps = [["autograde", which, "--force", *options]]
    if feedback:
        steps.append(["generate_feedback", which, "--force", *folder_options])
    for step in steps:
        result = nbgrader(course, *step, check=False)
        for assignment, student in sorted(set(re.findall(
                r"error processing assignment '([^']*)' for student '([^']*)'", result.stdout + result.stderr))):
            problems.append((student, assignment, "", f"nbgrader {step[0]} failed: see logs/nbgrader.log"))
    changed = sorted(path for path, digest in course_fingerprint().items() if trusted.get(path) != digest)
    if changed:  # a kernel rewrote the checks or the data: these grades cannot be trusted
        problems.append(("(all)", ", ".join(handed_in), "", "course files changed while these notebooks were "
                         "graded: " + ", ".join(changed) + "; restore them (git checkout) and grade again"))
    return folder


SUBMISSION_TABLES = ["submitted_assignment", "submitted_notebook", "grade", "comment"]


def merge_worker(course, folder, students):
    """Move a worker's autograded notebooks and feedback into the course folder and copy its
    students' gradebook rows (submissions, grades, comments) into gradebook.db."""
    course = Path(course)
    for kind in ("autograded", "feedback"):
        for student in students:
            if (folder / kind / student).exists():
                shutil.rmtree(course / kind / student, ignore_errors=True)
                (course / kind).mkdir(exist_ok=True)
                shutil.move(str(folder / kind / student), str(course / kind / student))
    marks = ",".join("?" * len(students))
    assignments_of = f"SELECT id FROM {{db}}.submitted_assignment WHERE student_id IN ({marks})"
    notebooks_of = f"SELECT id FROM {{db}}.submitted_notebook WHERE assignment_id IN ({assignments_of})"
    where = {"submitted_assignment": f"student_id IN ({marks})",
             "submitted_notebook": f"assignment_id IN ({assignments_of})",
             "grade": f"notebook_id IN ({notebooks_of})", "comment": f"notebook_id IN ({notebooks_of})"}
    database = sqlite3.connect(course / "gradebook.db")
    try:
        database.execute("ATTACH DATABASE ? AS worker", (str(folder / "gradebook.db"),))
        with database:  # one transaction: all of this worker's rows or none
            for table in reversed(SUBMISSION_TABLES):  # children first
                condition = where[table].format(db="main")
                database.execute(f"DELETE FROM main.{table} WHERE {condition}", students)
            for table in SUBMISSION_TABLES:  # parents first
                condition = where[table].format(db="worker")
                database.execute(f"INSERT INTO main.{table} SELECT * FROM worker.{table} WHERE {condition}",
                                 students)
        database.execute("DETACH DATABASE worker")
    finally:
        database.close()
    shutil.rmtree(folder)


def read_scores(course):
    """{(student, assignment): {"score", "max_score", "cells": {grade_id: (score, max_score)}}} from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gradebook:
        for student in gradebook.students:
            for assignment in assignments():
                try:
                    notebook = gradebook.find_submission_notebook(assignment, assignment, student.id)
                except MissingEntry:
                    continue
                cells = {g.name: (g.score, g.max_score) for g in notebook.grades}
                scores[student.id, assignment] = {
                    "score": notebook.score, "max_score": notebook.max_score, "cells": cells}
    return scores


def print_scores(scores, students=None):
    students = sorted(students or {student for student, _ in scores})
    width = max([16] + [len(s) + 2 for s in students])
    print(f"{'notebook':<24}" + "".join(f"{s:>{width}}" for s in students))
    for assignment in assignments():
        cells = []
        for student in students:
            entry = scores.get((student, assignment))
            cells.append("missing" if entry is None else "{score:g}/{max_score:g}".format(**entry))
        print(f"{assignment:<24}" + "".join(f"{cell:>{width}}" for cell in cells))


# --------------------------------------------------- the student-only copy
# What a graded class may see: an allowlist, so that nothing new leaks by default.
STUDENT_COPY = ["environment.yml", "pyproject.toml", "course.py", "notebooks", "data", "binder",
                "reference", "autograder/lstm_course/__init__.py", "autograder/lstm_course/checks.py",
                "autograder/lstm_course/pictures.py", "autograder/lstm_course/data.py",
                "autograder/lstm_course/student_jupyter.py"]
STUDENT_README = """# LSTM internals in TensorFlow (student copy)

Notebooks in which you write an LSTM's pieces yourself, in NumPy, and check them against
TensorFlow. With Python 3.11, from the top of this folder:

```bash
python3 course.py open    # first time: installs the pinned packages into .venv, then opens notebook 1
```

Work through `notebooks/` in order. Replace each `raise NotImplementedError()` with your code and
run the check below it: it compares your function with TensorFlow and says in words what is wrong.
The **Validate** button in the notebook's toolbar runs the whole notebook and lists any check that
fails. Your instructor grades with more checks than you see, on other shapes, so make your functions
work for any shape, not only the one in the visible check.

`reference/lstm_names.md` names the same LSTM in TF1, Keras 3, PyTorch, Colah's blog and the papers.
"""


def publish_student_copy(out):
    """Write the course as a graded class gets it: the student notebooks, data, Binder files, the
    helper library and a student README; no solutions, hidden tests, tests, grading code or history."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; choose a new folder for the student copy")
    for relative in STUDENT_COPY:
        source, target = ROOT / relative, out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc"))
        else:
            shutil.copy2(source, target)
    (out / "README.md").write_text(STUDENT_README)
    return out


# --------------------------------------------------- made-up submissions
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release")
    grade_parser = sub.add_parser("grade")
    grade_parser.add_argument("submissions", type=Path)
    grade_parser.add_argument("--out", type=Path, default=ROOT / "grading")
    grade_parser.add_argument("--workers", type=int, default=1,
                              help="students graded at the same time (default 1: one after another)")
    grade_parser.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                              help="stop a cell after this long (default: nbgrader_config.py's 300 s)")
    grade_parser.add_argument("--memory-limit", type=int, default=None, metavar="MB",
                              help="memory cap of each grading kernel (default: nbgrader_config.py's "
                                   "3072 MB; 0: none)")
    copy_parser = sub.add_parser("student-copy")
    copy_parser.add_argument("out", type=Path)
    scores_parser = sub.add_parser("scores")
    scores_parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "release":
        release()
    elif args.command == "grade":
        scores = grade(args.submissions, args.out, workers=args.workers, cell_timeout=args.cell_timeout,
                       memory_limit_mb=args.memory_limit)
        print_scores(scores, [p.name for p in args.submissions.iterdir() if p.is_dir()])
        print(f"\nautograded notebooks: {args.out / 'autograded'}\nfeedback (HTML):      "
              f"{args.out / 'feedback'}\ngrades:               {args.out / 'grades.csv'}\n"
              f"problems:             {args.out / 'problems.csv'}\n"
              f"gradebook:            {args.out / 'gradebook.db'}")
    elif args.command == "student-copy":
        print(f"wrote the student-only copy of the course to {publish_student_copy(args.out)}")
    elif args.command == "scores":
        with tempfile.TemporaryDirectory() as tmp:
            write_demo_submissions(Path(tmp) / "submissions")
            out = args.out or Path(tmp) / "course"
            scores = grade(Path(tmp) / "submissions", out)
            print_scores(scores)
            print("\nper graded cell (score / max):")
            for (student, assignment), entry in sorted(scores.items()):
                cells = ", ".join(f"{name} {s:g}/{m:g}" for name, (s, m) in entry["cells"].items())
                print(f"  {student:<10} {assignment}: {cells}")


if __name__ == "__main__":
    main()
