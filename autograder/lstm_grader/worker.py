"""What a grading worker process sets up once, before it grades anything.

* The working folder is taken off `sys.path`, and everything the grader will import is imported
  now: TensorFlow, Keras, NumPy, the course's checks, nbgrader and nbconvert. Nothing a notebook
  writes can be imported later (and the sandbox lets a kernel write only its scratch folder).
* In a process that only grades (`guard_imports`), an import hook then refuses any module that does
  not come from the course's Python environment or the course's own two packages.
* TensorFlow uses one thread (`GRADING_THREADS_ENV`), as the kernels do.
* The sandbox is tried once (`sandbox_problem`).
"""
import importlib.abc
import os
import sys
import threading
from pathlib import Path

from . import GRADING_THREADS_ENV

_prepared = False
_sandbox_problem = ...  # not checked yet
_lock = threading.RLock()  # a Dask worker may prepare in a thread while a first task arrives


class ImportGuard(importlib.abc.MetaPathFinder):
    """Refuses to import a module from anywhere but `allowed` folders."""

    def __init__(self, allowed):
        self.allowed = [str(Path(p).resolve()) + os.sep for p in allowed]

    def find_spec(self, name, path, target=None):
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        places = [spec.origin] if spec.has_location and spec.origin else list(spec.submodule_search_locations or [])
        for place in places:
            if not any(str(Path(place).resolve()).startswith(root) for root in self.allowed):
                raise ImportError(f"the grader does not import {name} from {place}")
        return spec


def prepare():
    """Import what grading needs, without the working folder on sys.path (once per process)."""
    with _lock:
        _prepare()


def _prepare():
    global _prepared
    if _prepared:
        return
    from lstm_course import TF_QUIET_ENV

    for name, value in {**TF_QUIET_ENV, **GRADING_THREADS_ENV}.items():
        os.environ.setdefault(name, value)
    here = Path.cwd().resolve()
    sys.path[:] = [p for p in sys.path if p and Path(p).resolve() != here]
    import keras  # noqa: F401
    import matplotlib.font_manager  # noqa: F401  builds the font list that kernels get a copy of
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401
    import numpy  # noqa: F401
    import tensorflow  # noqa: F401

    import lstm_course.checks  # noqa: F401

    from . import nbgrader_app, preprocessors, task  # noqa: F401
    _prepared = True


def guard_imports():
    """From now on, import modules only from the Python environment and the course's packages."""
    import lstm_course

    from . import sandbox

    if not any(isinstance(finder, ImportGuard) for finder in sys.meta_path):
        allowed = sandbox.python_paths() + [Path(lstm_course.__file__).parent, Path(__file__).parent]
        sys.meta_path.insert(0, ImportGuard(allowed))


def start():
    """A process that only grades: prepare, then guard its imports."""
    with _lock:
        _prepare()
        guard_imports()


def sandbox_problem():
    """Why this machine cannot run a sandboxed kernel (None: it can), tried once per process."""
    global _sandbox_problem
    if _sandbox_problem is ...:
        from . import sandbox

        _sandbox_problem = sandbox.problem()
    return _sandbox_problem
