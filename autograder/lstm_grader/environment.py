"""What makes two grading processes grade alike: the Python version, the version of every installed
package that grading uses (those of requirements-grading.txt and everything they require), and the
course's own files (solutions, learner package, grader, data, pins). Packages only the tests use
(pytest, Playwright, ...) do not count: a coordinator set up for the tests grades with workers set up
for grading alone.

A Dask worker whose fingerprint differs from the coordinator's is refused before it grades anything
(dask_pool.py): grades from two versions of the checks must never mix.
"""
import hashlib
import importlib.metadata
import json
import platform
import re
from functools import lru_cache
from pathlib import Path

from . import ROOT

COURSE_FILES = ["environment.yml", "requirements-*.txt", "pyproject.toml", "solutions/*.ipynb", "data/*",
                "autograder/lstm_course/**/*.py", "autograder/lstm_grader/**/*.py"]


def installed():
    """{name: distribution} of this environment, names normalised as pip does."""
    found = {}
    for distribution in importlib.metadata.distributions():
        name = (distribution.metadata["Name"] or "").lower().replace("_", "-").replace(".", "-")
        if name and name not in found:
            found[name] = distribution
    return found


def pinned_names(path):
    """The packages a requirements file pins, following its -r lines."""
    names = []
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            names += pinned_names(Path(path).parent / line[3:].strip())
        elif line and not line.startswith("-"):
            names.append(re.split(r"[=<>!~\[; ]", line)[0].lower())
    return names


def installed_closure(path, distributions=None):
    """The installed packages that a requirements file's packages are and require, recursively."""
    from packaging.requirements import Requirement

    distributions = installed() if distributions is None else distributions
    found, pending = set(), [name.replace("_", "-") for name in pinned_names(path)]
    while pending:
        name = pending.pop().replace("_", "-").replace(".", "-")
        if name in found or name not in distributions:
            continue
        found.add(name)
        for requirement in distributions[name].requires or []:
            parsed = Requirement(requirement)
            if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
                pending.append(parsed.name.lower())
    return found


@lru_cache(maxsize=1)
def fingerprint():
    distributions = installed()
    packages = {name: distributions[name].version
                for name in installed_closure(ROOT / "requirements-grading.txt", distributions)}
    course = {}
    for pattern in COURSE_FILES:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                course[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"python": platform.python_version(), "packages": packages, "course": course}


def digest(value=None):
    """A short name for a fingerprint."""
    text = json.dumps(fingerprint() if value is None else value, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def difference(here, there, most=6):
    """What differs between two fingerprints, in words ('' when nothing does)."""
    found = []
    if here["python"] != there["python"]:
        found.append(f"Python {here['python']} here, {there['python']} there")
    for name in sorted(set(here["packages"]) | set(there["packages"])):
        mine, theirs = here["packages"].get(name), there["packages"].get(name)
        if mine != theirs:
            found.append(f"{name} {mine or 'missing'} here, {theirs or 'missing'} there")
    changed = sorted(path for path in set(here["course"]) | set(there["course"])
                     if here["course"].get(path) != there["course"].get(path))
    if changed:
        found.append("course files differ: " + ", ".join(changed[:most]) + (" ..." if len(changed) > most else ""))
    if len(found) > most:
        found = found[:most] + [f"and {len(found) - most} more differences"]
    return "; ".join(found)
