"""nbgrader's converters, run in this process through nbgrader's own classes (no `nbgrader` command,
no log to parse): the course's configuration, a course folder, and a converter that keeps the first
error it meets as data."""
import io
import logging
import os
import sys
import warnings
from pathlib import Path

from sqlalchemy.exc import SAWarning
from traitlets.config import Config, PyFileConfigLoader

from . import CONFIG, SOLUTIONS

# nbgrader's gradebook API makes SQLAlchemy warn about its own session handling, harmlessly
warnings.filterwarnings("ignore", category=SAWarning)
# nbgrader runs the `alembic` command (installed beside this Python) when it creates a gradebook
if str(Path(sys.executable).parent) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def alembic_head():
    """The gradebook schema's version, as nbgrader.api.get_alembic_version gives it, read from
    nbgrader's migration scripts in this process. nbgrader's own function starts the `alembic`
    command for it, a new Python that takes 2.7 s, whenever it creates a gradebook."""
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


def use_alembic_head_in_process():
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head


def load_config(root, db_url=None, overrides=None):
    """nbgrader_config.py for a course folder at `root` (its gradebook: `db_url`, default root/gradebook.db)."""
    config = PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url or f"sqlite:///{Path(root) / 'gradebook.db'}"
    if overrides:
        config.merge(Config(overrides))
    return config


def task_log(name):
    """A logger that writes only into a string buffer: (logger, buffer)."""
    buffer = io.StringIO()
    log = logging.getLogger(f"lstm_grader.{name}")
    log.handlers[:] = [logging.StreamHandler(buffer)]
    log.handlers[0].setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    log.setLevel(logging.INFO)
    log.propagate = False
    return log, buffer


class ConversionFailed(Exception):
    """nbgrader could not convert a notebook; the message says why."""


def _remembering(converter_class):
    """A subclass of an nbgrader converter that keeps the first error it meets (nbgrader logs it and
    raises a generic 'see the log' error) and the resources of the last notebook it converted."""

    class Remembering(converter_class):
        failure = None
        last_resources = None

        def init_assignment(self, assignment_id, student_id):
            try:
                return super().init_assignment(assignment_id, student_id)
            except Exception as error:
                self.failure = self.failure or error
                raise

        def convert_single_notebook(self, notebook_filename):
            try:
                return super().convert_single_notebook(notebook_filename)
            except Exception as error:
                self.failure = self.failure or error
                raise

        def write_single_notebook(self, output, resources):
            self.last_resources = resources
            return super().write_single_notebook(output, resources)

    Remembering.__name__ = converter_class.__name__
    return Remembering


def convert(converter_class, config, log, assignment, student=None, **attributes):
    """Run one nbgrader converter (GenerateAssignment, Autograde, GenerateFeedback) for one assignment
    (and student); return the converter. Raises ConversionFailed with nbgrader's own reason."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config, log=log)
    coursedir.assignment_id = assignment
    if student is not None:
        coursedir.student_id = student
    app = _remembering(converter_class)(coursedir=coursedir, config=config, log=log)
    for name, value in attributes.items():
        setattr(app, name, value)
    try:
        app.start()
    except Exception as error:
        cause = app.failure or error
        text = str(cause).strip().splitlines()
        raise ConversionFailed(f"{type(cause).__name__}: {text[0][:300] if text else ''}") from cause
    return app


def generate_assignments(root, assignments, db_url=None, log=None, sources=SOLUTIONS):
    """An nbgrader course folder at `root` whose source/ is `sources` (solutions/): every assignment
    generated (release/ holds the student versions) and defined in the gradebook at `db_url`."""
    from nbgrader.converters import GenerateAssignment

    use_alembic_head_in_process()
    root = Path(root)
    log = log or task_log("generate")[0]
    config = load_config(root, db_url)
    for assignment in assignments:
        source = root / "source" / assignment
        source.mkdir(parents=True, exist_ok=True)
        (source / f"{assignment}.ipynb").write_bytes((Path(sources) / f"{assignment}.ipynb").read_bytes())
        convert(GenerateAssignment, config, log, assignment, force=True, create_assignment=True)
    return root
