"""The student notebooks and the student copy of the course.

    release        notebooks/ regenerated from solutions/ (nbgrader generate_assignment)
    student-copy   the course as a graded class gets it: the learner's part only
"""
import shutil
import tempfile
from pathlib import Path

from . import NOTEBOOKS, ROOT, assignments
from .nbgrader_app import generate_assignments


def release(out=NOTEBOOKS):
    """Regenerate the student notebooks from solutions/."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        course = generate_assignments(Path(tmp) / "course", assignments())
        for assignment in assignments():
            shutil.copy(course / "release" / assignment / f"{assignment}.ipynb", out / f"{assignment}.ipynb")
            print(f"wrote {out / assignment}.ipynb")


# What a graded class may see: an allowlist, so that nothing new leaks by default. The learner
# package is the whole of autograder/lstm_course; the grader (autograder/lstm_grader) stays out.
STUDENT_COPY = ["environment.yml", "requirements-learner.txt", "pyproject.toml", "course.py", "notebooks", "data", "binder",
                "reference", "autograder/lstm_course"]
STUDENT_README = """# LSTM internals in TensorFlow (student copy)

Notebooks in which you write an LSTM's pieces yourself, in NumPy, and check them against
TensorFlow. With Python 3.11, from the top of this folder:

```bash
python3 course.py open    # first time: installs the pinned packages into .venv, then opens notebook 1
```

Work through `notebooks/` in order. Replace each `raise NotImplementedError()` with your code and
run the check below it: it compares your function with TensorFlow and says in words what is wrong.
The **Validate** button in the notebook's toolbar runs the whole notebook and lists any check that
fails. `python3 course.py check notebooks/01_num_units.ipynb` does the same from a terminal, one line
per check, and exits non-zero when a check fails. Your instructor grades with more checks than you
see, on other shapes, so make your functions work for any shape, not only the ones the visible
check tries.

`reference/lstm_names.md` names the same LSTM in TF1, Keras 3, PyTorch, Colah's blog and the papers.
"""


def binder_badge(repository, branch="main"):
    """The Markdown of a Binder badge that opens notebook 1 of the GitHub repository OWNER/NAME."""
    return (f"[![Launch notebook 1 on Binder](https://mybinder.org/badge_logo.svg)]"
            f"(https://mybinder.org/v2/gh/{repository}/{branch}?urlpath=lab/tree/notebooks/01_num_units.ipynb)")


def publish_student_copy(out, repository=None):
    """Write the course as a graded class gets it: the student notebooks, data, Binder files, the
    learner package and a student README; no solutions, hidden tests, tests, grader or history.
    With `repository` (OWNER/NAME on GitHub, where the copy will be pushed), the README gets a Binder
    badge for that address."""
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
    readme = STUDENT_README
    if repository:
        title, rest = readme.split("\n", 1)
        readme = f"{title}\n\n{binder_badge(repository)}\n{rest}"
    (out / "README.md").write_text(readme)
    return out
