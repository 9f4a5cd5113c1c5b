"""The local pool: worker processes that import TensorFlow once and take the next task when they
finish one (concurrent.futures.ProcessPoolExecutor).

The workers start (and import) as soon as the pool is made, while the coordinator prepares the
assignments. Exactly as many tasks are in flight as there are workers, so that when a worker process
dies (killed, out of memory) the tasks it could have been running are known. A dead worker breaks the
whole executor: the pool starts a new one and runs those tasks again, one at a time, so that a task
that kills its worker again is found out. A task that was in flight when a worker died `max_tries`
times is given up and returned as a result with a `worker_lost` problem: every task always gets a result.
"""
import multiprocessing
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .problems import Problem
from .task import Result, grade_task


def _start_worker(prepare):
    _exit_with_parent()
    if prepare:
        from . import worker

        worker.start()


def _exit_with_parent(every=2.0):
    """End this worker process when the coordinator that started it is gone (killed hard: its pool
    cannot tell the workers, and workers waiting on their shared queue would wait for ever)."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-coordinator", daemon=True).start()


def _ready():
    """A first call that makes each worker process start (and import) at once."""


class LocalPool:
    def __init__(self, workers, max_tries=3, run=grade_task, prepare=True):
        """`run(task, assignments_db) -> Result` is what a worker does with a task (a module-level
        function); `prepare`: set each worker up for grading (worker.start) before its first task."""
        self.workers = max(1, int(workers))
        self.max_tries = max_tries
        self.run = run
        self.prepare = prepare
        self.restarts = 0  # how many times a worker died and the executor was started again
        self._executor = self._start()

    def _start(self):
        executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(self.prepare,))
        for _ in range(self.workers):
            executor.submit(_ready)
        return executor

    def close(self):
        self._executor.shutdown(wait=False, cancel_futures=True)

    def results(self, tasks, assignments_db):
        """Yield one Result per task, in the order they finish. `tasks` may be a generator: a task is
        only made (and its notebook read) when a worker is free for it."""
        tasks = iter(tasks)
        suspects = deque()  # tasks that were in flight when a worker died: run again, alone
        unsent = deque()    # tasks the executor refused because it had just broken: never started
        tries = {}
        running = {}
        try:
            while True:
                alone = suspects or any(t.key in tries for t in running.values())
                broken = False
                while len(running) < (1 if alone else self.workers):
                    task = unsent.popleft() if unsent else suspects.popleft() if suspects else next(tasks, None)
                    if task is None:
                        break
                    try:
                        future = self._executor.submit(self.run, task, assignments_db)
                    except BrokenProcessPool:  # a worker died since the last wait
                        unsent.appendleft(task)
                        broken = True
                        break
                    running[future] = task
                    alone = alone or task.key in tries
                if not running and not broken:
                    return
                if not broken:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        task = running.pop(future)
                        try:
                            yield future.result()
                        except BrokenProcessPool:
                            broken = True
                            running[future] = task  # lost with the others below
                if broken:
                    lost = list(running.values())
                    running.clear()
                    self._executor.shutdown(wait=True, cancel_futures=True)
                    self.restarts += 1
                    self._executor = self._start()
                    for task in lost:
                        tries[task.key] = tries.get(task.key, 0) + 1
                        if tries[task.key] >= self.max_tries:
                            yield Result(task.student, task.assignment, problems=[Problem(
                                "worker_lost", f"a grading process died while this notebook was being graded, "
                                               f"{tries[task.key]} times; not graded")])
                        else:
                            suspects.append(task)
        finally:
            self.close()
