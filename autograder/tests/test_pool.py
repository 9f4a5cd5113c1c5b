"""The local pool of worker processes: one task per notebook, one result per task, whatever happens
to the workers."""
import multiprocessing
import os
import signal
import threading
import time

import psutil

from conftest import grade
from lstm_grader import demo
from lstm_grader.pool import LocalPool
from fake_runs import kill_own_worker_for_mallory, slow_grade
from lstm_grader.task import Task


def test_a_task_that_keeps_killing_its_worker_is_given_up_and_the_others_are_graded_once():
    tasks = [Task(name, "01_num_units", name.encode()) for name in ("ada", "bob", "mallory", "cy", "dee", "eve")]
    pool = LocalPool(2, max_tries=3, run=kill_own_worker_for_mallory, prepare=False)
    results = list(pool.results(iter(tasks), b""))
    assert sorted(r.student for r in results) == sorted(t.student for t in tasks), "one result per task, once each"
    mallory = next(r for r in results if r.student == "mallory")
    assert not mallory.graded and [p.kind for p in mallory.problems] == ["worker_lost"]
    assert "3 times" in mallory.problems[0].detail
    for result in results:
        if result.student != "mallory":
            assert result.graded and result.grades == {"test": float(len(result.student))}, result
    assert pool.restarts == 3  # retried alone after the first death, so no other task was blamed



def test_a_worker_that_dies_while_the_coordinator_records_a_result_costs_nothing():
    """The executor breaks while the coordinator is busy with a result (between two tasks): the next
    submission is refused, and the pool must start again instead of stopping the class."""
    tasks = [Task(name, "01_num_units", name.encode()) for name in ("ada", "bob", "cy", "dee", "eve", "fay")]
    pool = LocalPool(2, run=slow_grade, prepare=False)
    results = []
    for result in pool.results(iter(tasks), b""):
        results.append(result)
        if len(results) == 1:
            executor = pool._executor
            os.kill(next(iter(executor._processes)), signal.SIGKILL)
            deadline = time.time() + 30
            while not executor._broken and time.time() < deadline:  # the executor has noticed
                time.sleep(0.05)
            assert executor._broken
    assert sorted(r.student for r in results) == sorted(t.student for t in tasks), "one result per task, once each"
    assert all(r.graded and r.grades == {"test": float(len(r.student))} for r in results), results
    assert pool.restarts == 1

def test_a_worker_killed_in_the_middle_of_a_class_costs_nothing(tmp_path):
    """A real class: one worker is killed (SIGKILL) while its kernel runs a notebook. Every student
    still gets exactly one row, with the grades they deserve."""
    students = ["s0", "s1", "s2", "s3"]
    for student in students:
        demo.write_demo_student(tmp_path / "submissions" / student, "solutions", ["01_num_units"])
    killed = []

    def kill_a_busy_worker():
        deadline = time.time() + 300
        while time.time() < deadline and not killed:
            for child in multiprocessing.active_children():
                try:
                    busy = psutil.Process(child.pid).children()  # its kernel's sandbox: mid-task
                except psutil.NoSuchProcess:
                    continue
                if busy:
                    time.sleep(2)  # well into the notebook
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            time.sleep(0.2)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    run = grade(tmp_path / "submissions", tmp_path / "out", workers=2, notebooks=["01_num_units"])
    killer.join(timeout=1)
    assert killed, "no worker was found in the middle of a task"
    assert run.worker_restarts >= 1
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()[1:]
    assert sorted(row.split(",")[3] for row in rows) == students, "every student exactly once in grades.csv"
    assert {key: entry["score"] for key, entry in run.scores.items()} == {
        (student, "01_num_units"): 10.0 for student in students}
    assert not run.problems, run.problems


COORDINATOR = """
import sys, time
sys.path.insert(0, sys.argv[1])
from lstm_grader.pool import LocalPool
pool = LocalPool(2, prepare=False)
time.sleep(1)
import psutil
print(" ".join(str(p.pid) for p in psutil.Process().children()), flush=True)
time.sleep(600)
"""


def test_the_workers_end_when_the_coordinator_is_killed_hard():
    """A coordinator killed with SIGKILL cannot tell its pool; its workers notice that their parent
    is gone and end within seconds, instead of waiting on their queue for ever."""
    import subprocess
    import sys

    from conftest import ROOT

    coordinator = subprocess.Popen([sys.executable, "-c", COORDINATOR, str(ROOT / "autograder")],
                                   stdout=subprocess.PIPE, text=True)
    try:
        workers = [psutil.Process(int(pid)) for pid in coordinator.stdout.readline().split()]
        assert len(workers) >= 2, "the pool started its workers"
    finally:
        coordinator.kill()
        coordinator.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"pool workers outlived their coordinator: {[p.pid for p in alive]}"
