"""nbgrader's Execute step, made safe against broken and hostile submissions.

autograder/nbgrader_config.py puts GradingExecute in place of nbgrader's Execute and
RestoreGradedCells after nbgrader's OverwriteCells. What they add, and why:

* A cell that runs longer than Execute.timeout is interrupted, as nbgrader does. But a cell that
  does not stop when interrupted, kills its kernel (os._exit, a segfault, the memory cap) or
  raises MemoryError no longer stops the notebook, nor (through nbgrader's non-zero exit) the
  whole batch: the cell gets an error output that names what happened, so the test after it scores
  0; the kernel is restarted, the code cells before it run again (without the bad one, outputs
  kept as they were) and grading goes on. After `max_restarts` restarts the remaining cells are
  marked as not run.
* The kernel starts under a memory cap (`memory_limit_mb`, lstm_course.limits).
* A cell keeps at most `max_output_chars` characters of text (prints, errors) and
  `max_display_chars` of figures and other displays; the rest is dropped as it arrives, so neither
  the grader's memory nor the feedback HTML grows with it.
* Every test cell is run a second time in the grader's own process with the course's own checks;
  only the learner's functions are called in the kernel (lstm_course.remote). A test cell that
  passes in the kernel but fails here gets the failure as an error output: whatever the notebook
  did to numpy, lstm_course.checks, builtins or IPython inside its kernel cannot make a wrong
  answer pass.
* When the last cell is done, the kernel is killed instead of asked to shut down: it is quicker
  (0.1 s against 0.7 s for a kernel that has loaded TensorFlow), and none of the notebook's exit
  code runs.
"""
import ast
import builtins
import contextlib
import copy
import io
import signal
import sys

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute, OverwriteCells
from traitlets import Bool, Integer, default

from . import remote

KERNEL_LOST = (DeadKernelError, CellTimeoutError)


class CappedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel through `python -m lstm_course.limits`."""

    memory_limit_mb = Integer(0, help="memory cap of the kernel in MB (0: none)").tag(config=True)

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if self.memory_limit_mb > 0:
            command = [sys.executable, "-m", "lstm_course.limits", str(self.memory_limit_mb), "--"] + command
        return command


def error_output(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class RemoteFunction:
    """Stands in the grader for a function that lives in the learner's kernel."""

    def __init__(self, name, call):
        self.__name__ = self.__qualname__ = name
        self._call = call

    def __call__(self, *args, **kwargs):
        return self._call(self.__name__, args, kwargs)


class RemoteCallFailed(Exception):
    pass


class GradingExecute(Execute):
    memory_limit_mb = Integer(
        0, help="Memory cap of each grading kernel in MB (RLIMIT_DATA); 0 for none.").tag(config=True)
    max_output_chars = Integer(
        100_000, help="Characters of text output (print, errors) kept per cell; the rest is dropped as it "
                      "arrives. -1: no limit.").tag(config=True)
    max_display_chars = Integer(
        2_000_000, help="Characters of rich output (figures, HTML, results) kept per cell; a display that "
                        "would go over is replaced by a note.").tag(config=True)
    max_restarts = Integer(
        3, help="Kernel restarts per notebook after a timeout or a dead kernel.").tag(config=True)
    verify_tests = Bool(
        True, help="Run every test cell again in the grader, calling only the learner's functions "
                   "in the kernel.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", CappedKernelManager)
        super().__init__(*args, **kwargs)

    @default("shutdown_kernel")
    def _kill_kernel_when_done(self):
        # Every output is in by then. A graceful shutdown waits about 0.7 s for TensorFlow's
        # kernel to exit (per notebook); killing it takes 0.1 s and runs none of its exit code.
        return "immediate"

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, CappedKernelManager) and self.memory_limit_mb:
            km.memory_limit_mb = self.memory_limit_mb
        return km

    # ------------------------------------------------------------ the cell loop
    def preprocess(self, nb, resources=None, km=None):
        from lstm_course import checks  # noqa: F401  before any kernel runs: the files on disk are
        # the student's to change while their notebook runs (see grading.py's course_fingerprint)
        self._broken = set()     # cells that timed out or killed the kernel: not run again
        self._restarts = 0
        self._gave_up = None     # why the rest of the notebook is not run
        self._output_used = {}   # characters of output per execute request
        self._serving = False
        self._lost_in_call = None  # set when the kernel is lost while the grader calls a function
        self.error_on_timeout = {  # what a cell that was interrupted at the timeout shows
            "ename": "CellTimeoutError", "traceback": [],
            "evalue": f"this cell ran longer than {self.timeout} s and was interrupted"}
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        self._check_assign_resources(resources)
        if cell.cell_type != "code":
            return cell, self.resources
        graded = utils.is_grade(cell)
        if self._gave_up:
            cell.outputs = [error_output("NotRun", f"this cell was not run: {self._gave_up}")]
            return cell, self.resources
        try:
            self.execute_cell(cell, index, store_history=True)
        except KERNEL_LOST as error:
            self._lost(cell, index, error)
            return cell, self.resources
        if any(o.output_type == "error" and o.ename == "MemoryError" for o in cell.outputs):
            # what the cell allocated before the error may still fill the kernel up to its cap,
            # so that every later cell fails: go on in a fresh kernel, without this cell
            self.log.warning("Cell %d: MemoryError; the kernel is restarted without it", index)
            cell.outputs.append(error_output(
                "MemoryCapReached",
                "this cell ran out of memory"
                + (f" (the cap is {self.memory_limit_mb} MB)" if self.memory_limit_mb else "")
                + "; the kernel was restarted and the notebook went on without this cell"))
            self._broken.add(index)
            self._recover(index)
            return cell, self.resources
        if graded and self.verify_tests and not any(o.output_type == "error" for o in cell.outputs):
            self._verify(cell, index)
        return cell, self.resources

    def _lost(self, cell, index, error):
        """The kernel died in cell `index` or the cell timed out: say so in the cell, then recover."""
        if isinstance(error, CellTimeoutError):
            ename = "CellTimeoutError"
            what = f"this cell ran longer than {self.timeout} s and did not stop when interrupted"
        else:
            ename, what = "DeadKernelError", f"the kernel died while running this cell ({self._exit_status()})"
        self.log.warning("Cell %d: %s", index, what)
        cell.outputs.append(error_output(ename, what + "; the kernel was restarted and the notebook went on "
                                                      "without this cell"))
        self._broken.add(index)
        self._recover(index)

    def _exit_status(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        if code is None:
            return "it stopped answering"
        if code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def _recover(self, upto):
        """A fresh kernel that has run every good code cell before `upto` again."""
        if self._restarts >= self.max_restarts:
            self._gave_up = f"the kernel was lost {self._restarts + 1} times"
            return
        self._restarts += 1
        try:
            run_sync(self._async_restart)()
            for i in range(upto):
                previous = self.nb.cells[i]
                if previous.cell_type == "code" and i not in self._broken and previous.source.strip():
                    self._run_aside(copy.deepcopy(previous), i)
        except KERNEL_LOST as error:
            self._gave_up = f"the kernel was lost again while the cells before cell {upto} ran again ({error})"
        except Exception as error:  # the kernel could not be restarted at all
            self._gave_up = f"the kernel could not be restarted ({type(error).__name__}: {error})"

    def _run_aside(self, cell, index):
        """Run a cell that is not part of the notebook (nbclient would put it in place of cell `index`)."""
        original = self.nb.cells[index]
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            self.nb.cells[index] = original

    async def _async_restart(self):
        await self.km.restart_kernel(now=True)
        await self.kc.wait_for_ready(timeout=self.startup_timeout)

    # ------------------------------------------------------------ output size
    def output(self, outs, msg, display_id, cell_index):
        content, kind = msg["content"], msg["msg_type"]
        rich = kind not in ("stream", "error")
        key = (msg["parent_header"].get("msg_id"), rich)
        limit = self.max_display_chars if rich else self.max_output_chars
        if self._serving or limit < 0:  # the grader's own calls carry their result as a display
            return super().output(outs, msg, display_id, cell_index)
        used = self._output_used.get(key, 0)
        room = limit - used
        if kind == "stream":
            size = len(content.get("text", ""))
        elif kind == "error":
            size = len(content.get("evalue", "")) + sum(map(len, content.get("traceback", [])))
        else:
            size = sum(len(v) if isinstance(v, str) else len(str(v)) for v in content.get("data", {}).values())
        self._output_used[key] = used + size
        if size <= room:
            return super().output(outs, msg, display_id, cell_index)
        note = (f"\n... output cut by the grader: a cell may show {limit} characters "
                f"of {'figures and other displays' if rich else 'output'} ...\n")
        if kind == "error":  # keep the error (it is what scores the cell), shortened
            content["evalue"] = content.get("evalue", "")[:max(room, 2000)] + note
            content["traceback"] = [line[:2000] for line in content.get("traceback", [])[-20:]]
            return super().output(outs, msg, display_id, cell_index)
        if used > limit:  # the note was given already
            return None
        if kind == "stream":
            content["text"] = content["text"][:max(room, 0)] + note
            return super().output(outs, msg, display_id, cell_index)
        outs.append(NotebookNode(output_type="stream", name="stdout", text=note))
        return None

    # ------------------------------------------------------------ test cells, again, outside the kernel
    def _verify(self, cell, index):
        from lstm_course import checks  # the course's own, imported in this process
        import numpy

        code = compile(cell.source, f"<test cell {cell.metadata.nbgrader['grade_id']}>", "exec")
        namespace = {"__builtins__": builtins, "checks": checks, "np": numpy}
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Name) and node.id not in namespace and not hasattr(builtins, node.id):
                namespace[node.id] = RemoteFunction(node.id, lambda *call: self._remote_call(index, *call))
        printed = io.StringIO()
        self._lost_in_call = None
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                exec(code, namespace)
            return
        except Exception as error:
            failure = f"{type(error).__name__}: {error}"
        self.log.warning("Cell %d passed in the kernel but fails when the grader checks it: %s", index, failure)
        cell.outputs.append(error_output(
            "GraderCheckFailed",
            f"{failure}\n(The grader ran this cell's checks again outside the notebook's kernel, calling "
            f"only the functions under test in it, and they failed there.)"))
        if self._lost_in_call is not None:  # the function under test killed or hung the kernel
            self._broken.add(index)
            self._recover(index + 1)

    def _remote_call(self, index, name, args, kwargs):
        if self._gave_up:
            raise RemoteCallFailed(self._gave_up)
        call = NotebookNode(cell_type="code", metadata={}, outputs=[], execution_count=None, source=(
            f"__import__('lstm_course.remote').remote.serve({name!r}, {remote.request(args, kwargs)!r})"))
        self._serving = True
        try:
            self._run_aside(call, index)
        except KERNEL_LOST as error:
            self._lost_in_call = error
            raise RemoteCallFailed(f"the kernel was lost while {name} ran ({type(error).__name__})") from None
        finally:
            self._serving = False
        try:
            kind, value = remote.parse_reply(call.outputs)
        except Exception as error:
            errors = [f"{o.ename}: {o.evalue}" for o in call.outputs if o.output_type == "error"]
            raise RemoteCallFailed(f"calling {name} in the notebook's kernel gave no usable result "
                                   f"({'; '.join(errors) or error})") from None
        if kind == "value":
            return value
        ename, message = value
        if ename == "NotImplementedError":
            raise NotImplementedError(message)
        raise type(ename if ename.isidentifier() else "Error", (Exception,), {})(message)


class RestoreGradedCells(OverwriteCells):
    """nbgrader's OverwriteCells, which puts back the source of locked cells, plus what it leaves as
    the student set it: the `grade` and `solution` flags and the points of a known cell (changed,
    they also make OverwriteCells stop the whole batch with "Inconsistent checksums"), and the tags
    of locked and graded cells (nbclient skips a cell tagged `skip-execution`, and a test cell that
    does not run shows no error, so it earns full points)."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        notebook = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source = {c.name: c for c in notebook.source_cells}
        if grade_id in source:
            for flag, cells in (("grade", notebook.grade_cells), ("solution", notebook.solution_cells)):
                should = grade_id in {c.name for c in cells}
                if bool(cell.metadata.nbgrader.get(flag, False)) != should:
                    self.report_change(grade_id, flag, should, cell.metadata.nbgrader.get(flag))
                    cell.metadata.nbgrader[flag] = should
            if utils.is_grade(cell):
                cell.metadata.nbgrader["points"] = float(
                    self.gradebook.find_graded_cell(grade_id, self.notebook_id, self.assignment_id).max_score)
            if (source[grade_id].locked or utils.is_grade(cell)) and cell.metadata.pop("tags", None):
                self.log.warning("Tags removed from cell %s", grade_id)
        return super().preprocess_cell(cell, resources, cell_index)
