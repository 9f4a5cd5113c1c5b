"""nbgrader's Execute step, made safe against broken and hostile submissions.

nbgrader_config.py puts GradingExecute in place of nbgrader's Execute. What it adds, and why:

* The kernel starts in a sandbox (kernel.SandboxedKernelManager, sandbox.py) whose only writable
  folder is a scratch copy of the submission folder (`scratch_dir`), with no network, its own
  processes only, and caps on memory, processes and file size.
* A cell that runs longer than `timeout` is interrupted, as nbgrader does. But a cell that does not
  stop when interrupted, kills its kernel (os._exit, a segfault, the memory cap), raises MemoryError
  or hits the process limit no longer stops the notebook: the cell gets an error output that says
  what happened, so the test after it scores 0; the kernel is restarted, the code cells before it
  run again (without the bad one, outputs kept as they were) and grading goes on. After
  `max_restarts` restarts the remaining cells are marked as not run.
* A cell keeps at most `max_output_chars` characters of text (prints, errors) and
  `max_display_chars` of figures and other displays, in at most `max_output_messages` messages; the
  rest is dropped as it arrives, so neither the grader's memory nor the feedback HTML grows with it.
  While the grader calls a learner's function during its re-check, the same caps hold for all the calls
  of one test cell together, and each call's reply may be at most `max_reply_chars` long (one reply per
  call is read). A cut is reported as a problem (`output_cut`).
* The kernel never sees a hidden test: a test cell runs there without its hidden region (the visible
  check, as the student's copy has it, for the feedback).
* Graded points come from the grader's own process. Every test cell, hidden tests included, is run
  there twice with the course's own checks: once as written, then with every case on fresh inputs
  drawn now from the grader's random source (lstm_course.checks.FreshCases), whose expected values
  exist only in the grader. Only the learner's functions are called in the kernel (remote.py), with
  the inputs as data. A test cell that fails here gets the failure as an error output: whatever the
  notebook did to numpy, lstm_course.checks, builtins or IPython inside its kernel, or a function
  that reads its caller's frame or replays what it recorded, cannot make a wrong answer pass. The
  re-check of one cell may take at most `timeout` seconds in all.
* nbclient imitates the front end of ipywidgets' Output widget by sending messages on the shell
  channel while it waits for a reply on that channel, which can stall it until the cell timeout
  (jupyter/nbclient#312). A grader needs no widget front end: GradingExecute does not imitate it
  (`mimic_output_widgets`).
* When the last cell is done, the kernel is killed instead of asked to shut down: it is quicker
  (0.1 s against 0.7 s for a kernel that has loaded TensorFlow), and none of the notebook's exit
  code runs.

What went wrong goes into the conversion's resources as data, `resources["lstm_grader"]["problems"]`
(a list of problems.Problem), where the grading task reads it.
"""
import ast
import builtins
import contextlib
import copy
import io
import random
import shutil
import signal
import tempfile
import time
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, Execute
from traitlets import Bool, Integer, Unicode, default

from .. import remote, sandbox
from ..kernel import SandboxedKernelManager
from ..problems import Problem

KERNEL_LOST = (DeadKernelError, CellTimeoutError)


def error_output(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _hit_process_limit(output):
    """An error of a cell, or what it wrote to stderr, when it could not start a process or thread
    (the sandbox's process limit). A fork bomb's copies of the kernel say so on stderr as they die
    (ZeroMQ cannot start its threads), often before the cell itself does."""
    if output.get("output_type") == "stream":
        text = str(output.get("text", "")) if output.get("name") == "stderr" else ""
    else:
        text = f"{output.get('ename')}: {output.get('evalue')}"
    return "Resource temporarily unavailable" in text or "can't start new thread" in text


def without_hidden_tests(source):
    """A test cell's source as the kernel runs it: without its hidden region (nbgrader's own rule)."""
    cell = NotebookNode(cell_type="code", source=source, metadata={})
    ClearHiddenTests()._remove_hidden_test_region(cell)
    return cell.source


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
    scratch_dir = Unicode(
        "", help="Folder for the kernel's scratch copy of the submission folder, its HOME and sockets "
                 "(the only folder the sandbox lets it write); empty: a new temporary folder.").tag(config=True)
    max_output_chars = Integer(
        100_000, help="Characters of text output (print, errors) kept per cell; the rest is dropped as it "
                      "arrives. -1: no limit.").tag(config=True)
    max_display_chars = Integer(
        2_000_000, help="Characters of rich output (figures, HTML, results) kept per cell; a display that "
                        "would go over is replaced by a note.").tag(config=True)
    max_output_messages = Integer(
        10_000, help="Output messages kept per cell (and per test cell's re-check, all its calls together); "
                     "later ones are dropped. -1: no limit.").tag(config=True)
    max_reply_chars = Integer(
        1_000_000, help="Largest reply of one call of a learner's function in the re-check, in characters; "
                        "a larger one is refused, and only one reply per call is read.").tag(config=True)
    max_restarts = Integer(
        3, help="Kernel restarts per notebook after a timeout, a dead kernel, MemoryError or the process "
                "limit.").tag(config=True)
    verify_tests = Bool(
        True, help="Run every test cell again in the grader (as written, then on fresh inputs), calling only "
                   "the learner's functions in the kernel; the kernel then runs test cells without their "
                   "hidden tests. False: nbgrader's way, the whole test cell in the kernel.").tag(config=True)
    mimic_output_widgets = Bool(
        False, help="Imitate the front end of ipywidgets' Output widget as nbclient does. It can stall a "
                    "cell until its timeout (jupyter/nbclient#312); only the stall loop (stall.py) turns "
                    "it on, to show the stall.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    @default("shutdown_kernel")
    def _kill_kernel_when_done(self):
        # Every output is in by then. A graceful shutdown waits about 0.7 s for TensorFlow's
        # kernel to exit (per notebook); killing it takes 0.1 s and runs none of its exit code.
        return "immediate"

    # ------------------------------------------------------------ the kernel's scratch folder
    def _prepare_scratch(self, resources):
        """base/sandbox/work: a copy of the submission folder (the kernel's working folder);
        base/sandbox/home: its HOME, with the grader's matplotlib font list so that every kernel need not
        build its own; base/connection and base/sockets: the connection file and the sockets (kernel.py).
        `base` is the grader's and stays so: the kernel can change nothing in it but what it is lent."""
        base = Path(self.scratch_dir) if self.scratch_dir else Path(tempfile.mkdtemp(prefix="lstm-kernel-"))
        self._owned_scratch = None if self.scratch_dir else base
        base.mkdir(parents=True, exist_ok=True)
        scratch, self._connection_dir, self._sockets_dir = base / "sandbox", base / "connection", base / "sockets"
        for folder in (scratch, self._connection_dir, self._sockets_dir):
            shutil.rmtree(folder, ignore_errors=True)
        self._connection_dir.mkdir(mode=0o711)
        self._sockets_dir.mkdir(mode=0o711)
        work, home = scratch / "work", scratch / "home"
        submission = (resources or {}).get("metadata", {}).get("path")
        if submission and Path(submission).is_dir():
            shutil.copytree(submission, work, symlinks=True)
        else:
            work.mkdir(parents=True)
        font_cache = home / ".config" / "matplotlib"
        font_cache.mkdir(parents=True)
        try:
            import matplotlib

            for fonts in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
                shutil.copy(fonts, font_cache / fonts.name)
        except Exception:  # no font list yet: the kernel builds one
            pass
        self._kernel_log_path = base / "kernel.log"
        return scratch, work

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            uid = sandbox.uid_for_sandbox() if km.sandbox else None
            sandbox.hand_over(self._scratch, uid)
            km.use_scratch(self._scratch, self._workdir, uid, self._connection_dir, self._sockets_dir)
        return km

    async def async_start_new_kernel(self, **kwargs):
        kwargs["cwd"] = str(self._workdir)
        self._kernel_log = open(self._kernel_log_path, "ab")
        kwargs.setdefault("stderr", self._kernel_log)
        kwargs.setdefault("stdout", self._kernel_log)
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)  # what nbclient's setup_kernel calls

    def kernel_log_tail(self, lines=5):
        """The last lines the kernel (or bwrap) wrote on stdout and stderr."""
        try:
            text = self._kernel_log_path.read_text(errors="replace")
        except (AttributeError, OSError):
            return ""
        return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])

    # ------------------------------------------------------------ the cell loop
    def preprocess(self, nb, resources=None, km=None):
        from lstm_course import checks  # noqa: F401  imported before any kernel runs

        self._broken = set()     # cells that timed out or killed the kernel: not run again
        self._restarts = 0
        self._gave_up = None     # why the rest of the notebook is not run
        self._output_used = {}   # characters and messages of output per execute request (or re-checked cell)
        self._replied = set()    # execute requests of the re-check whose reply was read
        self._clients = 0        # kernel clients made since the first (a new client's message ids start again)
        self._cut_reported = set()
        self._text_cut = False
        self._serving = False
        self._verify_deadline = None
        self._timed_out = False
        self._lost_in_call = None  # set when the kernel is lost while the grader calls a function
        self._problems = []
        self.error_on_timeout = {  # what a cell that was interrupted at the timeout shows
            "ename": "CellTimeoutError", "traceback": [],
            "evalue": f"this cell ran longer than {self.timeout} s and was interrupted"}
        self._scratch, self._workdir = self._prepare_scratch(resources)
        try:
            nb, resources = super().preprocess(nb, resources, km)
        except Exception as error:  # the kernel did not start, or the notebook could not be run at all
            said = self.kernel_log_tail()
            raise RuntimeError(f"{error}" + (f"; the kernel said: {said[-500:]}" if said else "")) from error
        finally:
            if getattr(self, "_kernel_log", None):
                self._kernel_log.close()
            for folder in (self._scratch, self._connection_dir, self._sockets_dir):
                shutil.rmtree(folder, ignore_errors=True)  # never follows a link
            if self._owned_scratch:
                shutil.rmtree(self._owned_scratch, ignore_errors=True)
        resources.setdefault("lstm_grader", {}).setdefault("problems", []).extend(self._problems)
        return nb, resources

    def _problem(self, kind, cell, detail=""):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id") if cell is not None else None
        self._problems.append(Problem(kind, detail, grade_id or (cell.get("id", "") if cell is not None else "")))

    def on_comm_open_jupyter_widget(self, msg):
        if self.mimic_output_widgets:
            return super().on_comm_open_jupyter_widget(msg)
        return None  # no imitation of a widget front end: nothing is ever sent on the shell channel

    async def _async_handle_timeout(self, timeout, cell=None):
        self._timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    def _get_timeout(self, cell):
        if self._serving and self._verify_deadline is not None:  # the whole re-check shares one timeout
            return max(1, int(self._verify_deadline - time.monotonic()))
        return super()._get_timeout(cell)

    def preprocess_cell(self, cell, resources, index):
        self._check_assign_resources(resources)
        if cell.cell_type != "code":
            return cell, self.resources
        graded = utils.is_grade(cell)
        if self._gave_up:
            cell.outputs = [error_output("NotRun", f"this cell was not run: {self._gave_up}")]
            if graded or utils.is_solution(cell):
                self._problem("not_run", cell, self._gave_up)
            return cell, self.resources
        self._timed_out = False
        self._text_cut = False  # set by output() when this cell's text output goes over max_output_chars
        source = cell.source
        try:
            cell.source = self._kernel_source(cell)
            self.execute_cell(cell, index, store_history=True)
        except KERNEL_LOST as error:
            self._lost(cell, index, error)
            return cell, self.resources
        finally:
            cell.source = source
        errors = [o for o in cell.outputs if o.output_type == "error"]
        memory = any(o.ename == "MemoryError" for o in errors)
        processes = any(_hit_process_limit(o) for o in cell.outputs)
        flooded = False
        if self._timed_out:
            # a fork bomb's error can lose the race against the timeout: its processes tell
            processes = processes or self._near_process_limit() is not None
            if not processes:
                self._problem("timed_out", cell, f"this cell ran longer than {self.timeout} s and was interrupted")
                flooded = self._text_cut
        if memory or processes or flooded:
            # what the cell left behind (memory, processes, output printed but not yet sent) may still fill
            # the kernel up to its caps, so that a later cell fails: go on in a fresh kernel, without this cell
            kind, ename, what = (
                ("out_of_memory", "MemoryCapReached", "this cell ran out of memory") if memory else
                ("process_limit", "ProcessLimitReached",
                 "this cell started more processes or threads than the grader allows") if processes else
                (None, "OutputFloodTimeout", "this cell printed without end until it was interrupted"))
            self.log.warning("Cell %d: %s; the kernel is restarted without it", index, what)
            cell.outputs.append(error_output(
                ename, what + "; the kernel was restarted and the notebook went on without this cell"))
            if kind:  # a flood is already reported as timed out
                self._problem(kind, cell, what)
            self._broken.add(index)
            self._recover(index)
            return cell, self.resources
        if graded and self.verify_tests and not errors:
            self._verify(cell, index)
        return cell, self.resources

    def _kernel_source(self, cell):
        """What the kernel runs of a cell: a test cell without its hidden tests (they run in the grader)."""
        if self.verify_tests and utils.is_grade(cell):
            return without_hidden_tests(cell.source)
        return cell.source

    def _lost(self, cell, index, error):
        """The kernel died in cell `index` or the cell timed out: say so in the cell, then recover."""
        near = self._near_process_limit()
        if near is not None or any(_hit_process_limit(o) for o in cell.outputs):  # a fork bomb
            kind, ename = "process_limit", "ProcessLimitReached"
            running = f" ({near[0]} of {near[1]} running)" if near else ""
            what = f"this cell kept starting processes or threads up to the grader's limit{running} and did not stop"
        elif isinstance(error, CellTimeoutError):
            kind, ename = "timed_out", "CellTimeoutError"
            what = f"this cell ran longer than {self.timeout} s and did not stop when interrupted"
        else:
            kind, ename = "kernel_died", "DeadKernelError"
            what = f"the kernel died while running this cell ({self._exit_status()})"
        self.log.warning("Cell %d: %s", index, what)
        cell.outputs.append(error_output(ename, what + "; the kernel was restarted and the notebook went on "
                                                       "without this cell"))
        self._problem(kind, cell, what)
        self._broken.add(index)
        self._recover(index)

    def _near_process_limit(self):
        """(running, limit) when the sandboxed kernel runs 90 % or more of the processes and threads it
        may run, else None."""
        limit = getattr(self.km, "max_processes", 0) if getattr(self.km, "sandbox", False) else 0
        running = self._sandbox_tasks() if limit else -1
        return (running, limit) if limit and running >= 0.9 * limit else None

    def _sandbox_tasks(self):
        """Processes and threads the kernel runs now, its sandbox's included (-1 if unknown)."""
        import psutil

        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            top = psutil.Process(process.pid)
            return sum(p.num_threads() for p in [top] + top.children(recursive=True))
        except Exception:
            return -1

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
        if code > 128:  # bwrap passes on the kernel's death by a signal as 128 + its number
            try:
                return f"killed by signal {signal.Signals(code - 128).name}"
            except ValueError:
                pass
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
                    again = copy.deepcopy(previous)
                    again.source = self._kernel_source(previous)
                    self._run_aside(again, i)
        except KERNEL_LOST as error:
            self._gave_up = f"the kernel was lost again while the cells before cell {upto} ran again ({error})"
        except PermissionError as error:  # sandbox.seal: links or other files where its sockets should be
            self._gave_up = f"the kernel could not be restarted: {error}"
            self._problem("kernel_tampered", self.nb.cells[upto] if upto < len(self.nb.cells) else None, str(error))
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
        """A fresh kernel and a fresh client: the old client's sockets would reconnect on their own, by
        path, while the new kernel still holds its sockets' folder (kernel.py)."""
        self.kc.stop_channels()
        await self.km.restart_kernel(now=True)
        self.kc = self.km.client()
        self._clients += 1
        await ensure_async(self.kc.start_channels())
        await self.kc.wait_for_ready(timeout=self.startup_timeout)
        self.kc.allow_stdin = False

    # ------------------------------------------------------------ output size
    def output(self, outs, msg, display_id, cell_index):
        content, kind = msg["content"], msg["msg_type"]
        rich = kind not in ("stream", "error")
        # one budget per execute request; the re-check's calls of one test cell share one
        request = ("re-check", cell_index) if self._serving else (self._clients, msg["parent_header"].get("msg_id"))
        if self._serving and kind == "display_data" and remote.MIME in content.get("data", {}):
            return self._reply(outs, msg, display_id, cell_index)
        messages = self._output_used.get((request, "messages"), 0) + 1
        self._output_used[(request, "messages")] = messages
        if 0 <= self.max_output_messages < messages:
            if messages == self.max_output_messages + 1:
                self._cut(cell_index, f"more than {self.max_output_messages} output messages")
                outs.append(NotebookNode(output_type="stream", name="stdout", text=(
                    f"\n... output cut by the grader: a cell may send {self.max_output_messages} messages ...\n")))
            if kind == "error":  # keep the error (it is what scores the cell), shortened
                content["evalue"] = content.get("evalue", "")[:2000]
                content["traceback"] = [line[:2000] for line in content.get("traceback", [])[-20:]]
                return super().output(outs, msg, display_id, cell_index)
            return None
        key = (request, rich)
        limit = self.max_display_chars if rich else self.max_output_chars
        if limit < 0:
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
        if not rich and not self._serving:
            self._text_cut = True
        self._cut(cell_index, f"more than {limit} characters of {'figures and displays' if rich else 'text'}")
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

    def _reply(self, outs, msg, display_id, cell_index):
        """A reply of the re-check's call: one per call is read, and only one of at most max_reply_chars."""
        call = (self._clients, msg["parent_header"].get("msg_id"))
        text = msg["content"].get("data", {}).get(remote.MIME)
        if call in self._replied:
            self._cut(cell_index, "a function under test sent more than one reply to one call of the grader's")
            return None
        self._replied.add(call)
        if not isinstance(text, str) or len(text) > self.max_reply_chars:
            self._cut(cell_index, f"a function under test replied with more than {self.max_reply_chars} characters")
            outs.append(error_output("ReplyTooLarge", f"the reply was larger than {self.max_reply_chars} characters"))
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _cut(self, cell_index, what):
        """Report, once per cell and kind of cut, that the grader dropped some of a cell's output."""
        if (cell_index, what) in self._cut_reported:
            return
        self._cut_reported.add((cell_index, what))
        cell = self.nb.cells[cell_index] if 0 <= cell_index < len(self.nb.cells) else None
        self._problem("output_cut", cell, what + (" while the grader re-checked it" if self._serving else ""))

    # ------------------------------------------------------------ test cells, again, outside the kernel
    def _verify(self, cell, index):
        """Run the whole test cell in the grader: as written, then on fresh inputs. Only the second can
        give points on its own (its inputs are drawn now, after the notebook ran); the first keeps the
        cases the instructor chose to expose particular mistakes."""
        from lstm_course import checks  # the course's own, imported in this process
        import numpy

        code = compile(cell.source, f"<test cell {cell.metadata.nbgrader['grade_id']}>", "exec")
        names = {node.id for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Name)}
        printed = io.StringIO()
        self._lost_in_call = None
        self._verify_deadline = time.monotonic() + (self.timeout or 300)
        try:
            for course_checks in (checks, checks.FreshCases(random.SystemRandom())):
                namespace = {"__builtins__": builtins, "checks": course_checks, "np": numpy}
                for name in names - set(namespace):
                    if not hasattr(builtins, name):
                        namespace[name] = RemoteFunction(name, lambda *call: self._remote_call(index, *call))
                with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                    exec(code, namespace)
            return
        except Exception as error:
            failure = f"{type(error).__name__}: {error}"
        finally:
            self._verify_deadline = None
        self.log.warning("Cell %d passed in the kernel but fails when the grader checks it: %s", index, failure)
        cell.outputs.append(error_output(
            "GraderCheckFailed",
            f"{failure}\n(The grader ran this cell's checks again outside the notebook's kernel, hidden tests "
            f"included and on new random inputs, calling only the functions under test in it, and they failed there.)"))
        self._problem("recheck_failed", cell, failure.splitlines()[0][:300])
        if self._lost_in_call is not None:  # the function under test killed or hung the kernel: go on in a
            # fresh kernel that has run the cells up to this one
            self._broken.add(index)
            self._recover(index + 1)

    def _remote_call(self, index, name, args, kwargs):
        if self._gave_up:
            raise RemoteCallFailed(self._gave_up)
        if self._verify_deadline is not None and time.monotonic() >= self._verify_deadline:
            raise RemoteCallFailed(f"the grader's re-check of this cell took longer than {self.timeout} s")
        call = NotebookNode(cell_type="code", metadata={}, outputs=[], execution_count=None,
                            source=remote.serve_source(name, args, kwargs))
        self._serving = True
        self._timed_out = False
        try:
            self._run_aside(call, index)
        except KERNEL_LOST as error:
            self._lost_in_call = error
            raise RemoteCallFailed(f"the kernel was lost while {name} ran ({type(error).__name__})") from None
        finally:
            self._serving = False
        if self._timed_out:  # interrupted: what it left in the kernel (output not yet sent) goes with it
            self._lost_in_call = "timed out"
            raise RemoteCallFailed(f"{name} was still running when the grader's re-check of this cell "
                                   f"reached its time limit ({self.timeout} s)")
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
