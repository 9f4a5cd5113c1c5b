#!/usr/bin/env python3
"""One entry point for learners, instructors and maintainers.

    python3 course.py open       set up .venv (first time only) and open notebook 1 in JupyterLab
    python3 course.py check NOTEBOOK...
                                 run the visible checks of notebooks outside Jupyter (for CI or
                                 GitHub Classroom): one line per check; exit code 1 if one fails
    python3 course.py test       set up .venv (and Debian's chromium) and run the whole test suite
    python3 course.py release    regenerate notebooks/ from solutions/ with nbgrader
    python3 course.py grade DIR  autograde a folder of submissions (one folder per student), every
                                 kernel in a bubblewrap sandbox (Debian's bubblewrap is installed if missing)
    python3 course.py scores     show what the solutions, the untouched student notebooks
                                 and a half-done submission score
    python3 course.py bench      time every solution notebook and autograding; print the figures
    python3 course.py stress     grade a class of made-up students with 2 workers (--compare: also
                                 with one; prints speed-up and equality)
    python3 course.py stall-loop grade notebooks 2 and 3 again and again in parallel until a cell
                                 stalls or a count is reached
    python3 course.py corpus     run every wrong and right answer of the checks' corpus
                                 (autograder/tests/corpus) and print how many the visible checks
                                 catch, the graded cells catch, and the messages name
    python3 course.py export --format canvas|moodle|csv --roster ROSTER.csv [--grading DIR]
                                 the gradebook's grades as a file the LMS imports as it is
    python3 course.py student-copy OUT
                                 write the course without solutions or hidden tests, for a graded class
    python3 course.py setup [learner|grading|test]
                                 only install (or update) .venv: the learner's packages, or also
                                 grading's (a Dask worker), or everything

Everything runs inside .venv, created with the Python that runs this file
(3.11), from the versions pinned in requirements-learner.txt (open, check, setup), plus
requirements-grading.txt (the instructors' commands) and requirements-test.txt (test). Extra arguments after the
command are passed on (to JupyterLab, pytest or the grading script).
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
FIRST_NOTEBOOK = "notebooks/01_num_units.ipynb"
STUDENT_JUPYTER = ROOT / "autograder" / "lstm_course" / "student_jupyter.py"
# Debian packages, each with a file it installs. Grading runs every kernel in bubblewrap's sandbox;
# the tests also drive Chromium (test_browser.py).
GRADING_DEBIAN_PACKAGES = {"bubblewrap": "/usr/bin/bwrap"}
TEST_DEBIAN_PACKAGES = {**GRADING_DEBIAN_PACKAGES, "chromium": "/usr/bin/chromium"}
LEARNER_COMMANDS = ("open", "check", "setup")  # the student copy of the course has only these
GRADING_COMMANDS = ("grade", "scores", "bench", "stress", "stall-loop", "export")


# Who needs what: each group's file pins its packages and includes the group before it (-r).
REQUIREMENTS = {"learner": ROOT / "requirements-learner.txt", "grading": ROOT / "requirements-grading.txt",
                "test": ROOT / "requirements-test.txt"}
GROUPS = list(REQUIREMENTS)  # each includes the ones before it


def requirement_files(group):
    """The pin files pip reads for a group, following its -r lines."""
    files, pending = [], [REQUIREMENTS[group]]
    while pending:
        path = pending.pop()
        files.append(path)
        for line in path.read_text().splitlines():
            if line.startswith("-r "):
                pending.append(path.parent / line[3:].strip())
    return files


def group_for(command):
    if command in LEARNER_COMMANDS:
        return "learner"
    return "test" if command == "test" else "grading"


def quiet_environment():
    """Environment for every child process: TensorFlow's start-up log lines off."""
    sys.path.insert(0, str(ROOT / "autograder"))
    from lstm_course import TF_QUIET_ENV  # no TensorFlow import: safe under any Python

    env = dict(os.environ)
    env.update(TF_QUIET_ENV)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONHOME", None)
    return env


def installed_stamp(group):
    """What `group`'s pin files, the course's pyproject and its Jupyter settings say now, and the file
    that remembers what they said when the group was last installed."""
    said = "".join(path.read_text() for path in requirement_files(group)) + (ROOT / "pyproject.toml").read_text()
    return hashlib.sha256((said + STUDENT_JUPYTER.read_text()).encode()).hexdigest(), VENV / f".course-installed-{group}"


def setup(group="learner"):
    """Install `group`'s pinned packages into .venv (once: a stamp per group remembers what its files
    said), then the course itself and the learner's JupyterLab settings."""
    if sys.version_info[:2] != (3, 11):
        print(f"note: the course is pinned and tested on Python 3.11; this is {sys.version.split()[0]}")
    wanted, stamp = installed_stamp(group)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"Creating {VENV.name} with {sys.executable} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print(f"Installing the pinned packages of {REQUIREMENTS[group].name} (a few minutes the first time) ...",
          flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["-r", str(REQUIREMENTS[group])], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    # the learner's JupyterLab: Validate button on, instructor-only nbgrader tools off, kernels freed
    subprocess.run([str(BIN / "python"), "-m", "lstm_course.student_jupyter"], check=True)
    for each in GROUPS[:GROUPS.index(group) + 1]:  # a group holds the ones before it
        each_wanted, each_stamp = installed_stamp(each)
        each_stamp.write_text(each_wanted)


def install_debian_packages(packages, purpose):
    """Install the Debian packages {name: a file it installs} that are missing, with apt-get (as root or
    through sudo). Where that cannot be done, say what to install; what needs it then says so too."""
    missing = [name for name, path in packages.items() if not Path(path).exists()]
    if not missing:
        return
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    by_hand = "sudo apt-get install -y --no-install-recommends " + " ".join(missing)
    if not shutil.which("apt-get") or not (as_root or shutil.which("sudo")):
        print(f"note: {purpose} needs {', '.join(missing)}. Install it yourself (on Debian or Ubuntu: {by_hand}).",
              flush=True)
        return
    print(f"Installing the Debian package(s) {purpose} needs: {' '.join(missing)} ...", flush=True)
    apt = ([] if as_root else ["sudo"]) + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-qq"]
    if (subprocess.run(apt + ["update"]).returncode != 0
            or subprocess.run(apt + ["install", "-y", "--no-install-recommends"] + missing).returncode != 0):
        print(f"note: could not install {', '.join(missing)}; {purpose} will fail until you run: {by_hand}",
              flush=True)


def run(args, cwd=ROOT):
    """Run a command from .venv/bin with the quiet environment; exit with its code."""
    completed = subprocess.run(args, cwd=cwd, env=quiet_environment())
    return completed.returncode


def main(argv):
    command, extra = (argv[0], argv[1:]) if argv else ("open", [])
    python = str(BIN / "python")
    grading = [python, "-m", "lstm_grader"]
    if command in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if command not in ("open", "check", "test", "release", "grade", "scores", "bench", "stress",
                       "stall-loop", "student-copy", "setup", "corpus", "export"):
        print(__doc__)
        return 2
    if command not in LEARNER_COMMANDS and not (ROOT / "autograder" / "lstm_grader").exists():
        print(f"'{command}' is for instructors and maintainers; this student copy of the course has "
              "only 'open', 'check' and 'setup'.")
        return 2
    if command == "setup":  # `setup grading` on a Dask worker; `setup test` for everything
        group = extra[0] if extra else "learner"
        if group not in GROUPS:
            print(f"usage: python3 course.py setup [{'|'.join(GROUPS)}]")
            return 2
        if group != "learner" and not REQUIREMENTS[group].exists():
            print(f"this student copy of the course has only the learner's packages ({REQUIREMENTS['learner'].name})")
            return 2
        setup(group)
        return 0
    setup(group_for(command))
    if command == "open":
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        # root_dir keeps the whole course visible in the file browser, not only notebooks/
        return run([str(BIN / "jupyter"), "lab", FIRST_NOTEBOOK, f"--ServerApp.root_dir={ROOT}"]
                   + as_root + extra)
    if command == "check":  # the learner package's module, in the student copy too; the notebooks'
        # paths are the learner's, relative to the folder the command was typed in
        return run([python, "-m", "lstm_course.check_notebooks"] + extra, cwd=Path.cwd())
    if command == "corpus":
        return run([python, "autograder/tests/corpus/measure.py"] + extra)
    if command == "test":
        install_debian_packages(TEST_DEBIAN_PACKAGES, "the test suite")
        return run([python, "-m", "pytest", "autograder/tests"] + extra)
    if command in GRADING_COMMANDS:
        install_debian_packages(GRADING_DEBIAN_PACKAGES, "grading (its sandbox)")
    return run(grading + [command] + extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
