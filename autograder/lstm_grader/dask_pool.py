"""Grading on a Dask cluster: `course.py grade SUBMISSIONS --scheduler tcp://HOST:PORT`.

The same tasks as the local pool (task.py), sent to the workers of a Dask cluster (Dask's
`distributed`) instead of local processes. A task carries the notebook's bytes, the assignments'
gradebook and the options, and returns its result record: coordinator and workers share no folder.
The coordinator stays the only writer of the record.

* Workers are started with one unit of the Dask resource `lstm-grader` (`dask worker ADDRESS
  --nthreads 1 --resources lstm-grader=1`) and every task asks for one: one grading at a time per
  worker process, and only on workers meant for it.
* Each worker is checked as soon as it is seen: its Python, its packages and the course's files
  must be exactly the coordinator's (environment.py), and it must be able to start the sandbox. A
  worker that fails is refused with the reason and its `lstm-grader` resource is taken back, so it
  gets no more tasks. A task that reaches a worker before its check (or any worker whose environment
  is not the coordinator's) refuses to grade there and is sent elsewhere: grades from two versions
  of the checks never mix.
* A worker that dies in the middle of a task (killed, machine lost) costs nothing: Dask runs the
  task again on another worker. A task that was running on a worker each time one died is given up
  after Dask's `distributed.scheduler.allowed-failures` (3) and reported as a `worker_lost` problem.
* A result that arrives twice is recorded once (record.Record.add).
"""
import threading
import time
import uuid

from . import environment
from .problems import Problem
from .task import Result, grade_task

_lock = threading.Lock()  # one grading at a time per worker process (nbgrader changes the working folder)


class EnvironmentMismatch(Exception):
    """A task reached a worker whose environment is not the coordinator's."""


RESOURCE = "lstm-grader"  # every task asks for one unit; a worker meant for grading has one


def refusal(expected, sandbox):
    """Why this process may not grade for a coordinator whose fingerprint is `expected` (None: it may)."""
    difference = environment.difference(expected, environment.fingerprint())
    if difference:
        return f"its environment differs from the coordinator's: {difference}"
    if sandbox:
        from . import worker

        problem = worker.sandbox_problem()
        if problem:
            return f"it cannot start the sandbox: {problem}"
    return None


async def check_worker(expected, sandbox, prepare, dask_worker=None):
    """Runs on a worker (Client.run): None if it may grade, else why not (and it gets no more tasks)."""
    reason = refusal(expected, sandbox)
    if reason is None and dask_worker.state.total_resources.get(RESOURCE, 0) < 1:
        return f"it was started without the resource (dask worker ... --resources {RESOURCE}=1), so it gets no task"
    if reason is not None:
        await dask_worker.set_resources(**{RESOURCE: 0})
        return reason
    for name in ("profile", "profile-cycle"):  # Dask's statistical profiler samples every thread's stack
        callback = dask_worker.periodic_callbacks.pop(name, None)  # every 10 ms: time taken from grading
        if callback is not None:
            callback.stop()
    if prepare:
        from . import worker

        threading.Thread(target=worker.prepare, daemon=True).start()  # import TensorFlow before the first task
    return None


def grade_on_worker(task, assignments_db, expected, run=grade_task, prepare=True):
    """The task as a Dask worker runs it: refuse if this worker may not grade for the coordinator."""
    from distributed import get_worker

    reason = refusal(expected, task.options.sandbox)
    if reason:
        raise EnvironmentMismatch(f"{get_worker().address}: {reason}")
    with _lock:
        if prepare:  # not worker.start(): a Dask worker also unpickles what other clients send it
            from . import worker

            worker.prepare()
        return run(task, assignments_db)


class DaskPool:
    def __init__(self, address, sandbox=True, run=grade_task, prepare=True, say=print, wait_for_workers=600):
        """Connect to the scheduler at `address`; `run(task, assignments_db)` is what a worker does with
        a task (a module-level function; `prepare`: set the worker up for grading first); `say` prints
        what the instructor should know."""
        from distributed import Client

        self.client = Client(address, timeout="30s")
        self.expected = environment.fingerprint()
        self.sandbox = sandbox
        self.run = run
        self.prepare = prepare
        self.say = say
        self.wait_for_workers = wait_for_workers
        self.accepted, self.refused = set(), {}
        self.restarts = 0
        self._checked_at = 0.0
        self.check_workers()

    def close(self):
        self.client.close()

    def check_workers(self, every=2.0):
        """Check the workers not seen yet (at most every `every` seconds); return how many may grade."""
        if time.monotonic() - self._checked_at < every:
            return len(self.accepted)
        self._checked_at = time.monotonic()
        present = set(self.client.scheduler_info(n_workers=-1)["workers"])
        self.accepted &= present
        new = sorted(present - self.accepted - set(self.refused))
        if new:
            answers = self.client.run(check_worker, self.expected, self.sandbox, self.prepare,
                                      workers=new, on_error="return")
            for address in new:
                answer = answers.get(address, "it did not answer")
                if isinstance(answer, BaseException):
                    answer = f"it cannot run the course's grader: {type(answer).__name__}: {answer}"
                if answer is None:
                    self.accepted.add(address)
                else:
                    self.refused[address] = answer
                    self.say(f"refused Dask worker {address}: {answer}")
        return len(self.accepted)

    def _submit(self, task, assignments_db):
        return self.client.submit(grade_on_worker, task, assignments_db, self.expected, self.run, self.prepare,
                                  pure=False, key=f"lstm-grade-{uuid.uuid4().hex}", resources={RESOURCE: 1})

    def results(self, tasks, assignments_db):
        from distributed import wait
        from distributed.scheduler import KilledWorker

        tasks = iter(tasks)
        running = {}
        waited_since = None
        exhausted = False
        while True:
            workers = self.check_workers()
            # one task per worker: a task queued behind one that kills its worker would be blamed too
            while not exhausted and len(running) < max(workers, 1):
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                running[self._submit(task, assignments_db)] = task
            if not running:
                return
            if workers == 0:
                waited_since = waited_since or time.monotonic()
                if time.monotonic() - waited_since > self.wait_for_workers:
                    raise SystemExit(f"Grading stopped: no Dask worker with this course's environment and the "
                                     f"resource {RESOURCE}=1 joined {self.client.scheduler.address} in "
                                     f"{self.wait_for_workers} s")
            else:
                waited_since = None
            try:
                done, _ = wait(list(running), timeout=2, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished yet: look for new workers, then wait again
                continue
            for future in done:
                task = running.pop(future)
                if future.status == "finished":
                    yield future.result()
                    continue
                error = future.exception() if future.status == "error" else None
                if isinstance(error, KilledWorker):
                    self.restarts += 1
                    yield Result(task.student, task.assignment, problems=[Problem(
                        "worker_lost", f"Dask workers died while grading this notebook, {error.args[2] + 1} "
                                       "times; not graded")])
                elif isinstance(error, EnvironmentMismatch):
                    address, _, reason = str(error).partition(": ")
                    self.accepted.discard(address)
                    if address not in self.refused:
                        self.client.run(check_worker, self.expected, self.sandbox, False, workers=[address],
                                        on_error="ignore")  # takes its resource back
                        self.refused[address] = reason
                        self.say(f"refused Dask worker {address}: {reason}")
                    running[self._submit(task, assignments_db)] = task
                else:
                    yield Result(task.student, task.assignment, problems=[Problem(
                        "grading_failed", f"on the Dask cluster: {future.status} "
                                          f"({type(error).__name__ if error else ''}: {error})"[:300])])
