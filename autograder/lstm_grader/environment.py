"""What makes two grading processes grade alike: the Python version, every installed package and its
version, and the course's own files (solutions, learner package, grader, data, pins).

A Dask worker whose fingerprint differs from the coordinator's is refused before it grades anything
(dask_pool.py): grades from two versions of the checks must never mix.
"""
import hashlib
import importlib.metadata
import json
import platform
from functools import lru_cache
from pathlib import Path

from . import ROOT

COURSE_FILES = ["environment.yml", "pyproject.toml", "solutions/*.ipynb", "data/*",
                "autograder/lstm_course/**/*.py", "autograder/lstm_grader/**/*.py"]


@lru_cache(maxsize=1)
def fingerprint():
    packages = {}
    for distribution in importlib.metadata.distributions():
        name = (distribution.metadata["Name"] or "").lower()
        if name:
            packages[name] = distribution.version
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
