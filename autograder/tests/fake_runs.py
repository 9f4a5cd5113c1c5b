"""What a worker does with a task, for the pool tests: instead of grading, kill the worker process
itself whenever the task is mallory's. Importable by the test workers (local and Dask), which the
test modules themselves are not meant to be."""
import os
import signal

from lstm_grader.task import Result


def kill_own_worker_for_mallory(task, assignments_db):
    if task.student == "mallory":
        os.kill(os.getpid(), signal.SIGKILL)
    return Result(task.student, task.assignment, graded=True, grades={"test": float(len(task.student))})


def slow_grade(task, assignments_db):
    """Grades every task alike, in half a second."""
    import time

    time.sleep(0.5)
    return Result(task.student, task.assignment, graded=True, grades={"test": float(len(task.student))})
