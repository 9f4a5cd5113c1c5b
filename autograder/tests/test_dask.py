"""Grading on a Dask cluster (`course.py grade --scheduler`): a real `dask scheduler` and `dask worker`
processes on this machine, each worker in a temporary folder of its own, started as the README says."""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from conftest import ROOT, grade
from lstm_grader import demo
from lstm_grader.dask_pool import DaskPool
from fake_runs import kill_own_worker_for_mallory
from lstm_grader.task import Task

DASK = str(Path(sys.executable).parent / "dask")
NOTEBOOKS = ["01_num_units", "03_h_versus_c"]


class Cluster:
    """`dask scheduler` and `dask worker` processes, stopped (with their kernels) at the end."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.scheduler_file = self.folder / "scheduler.json"
        self.processes = {}
        self.start("scheduler", [DASK, "scheduler", "--scheduler-file", str(self.scheduler_file), "--port", "0",
                                 "--dashboard-address", ":0"], env=self.with_fake_runs())
        deadline = time.time() + 60
        while not self.scheduler_file.exists():
            assert time.time() < deadline, "the Dask scheduler did not start"
            time.sleep(0.2)
        self.address = json.loads(self.scheduler_file.read_text())["address"]

    def start(self, name, command, env=None):
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        log = open(folder / "log.txt", "w")
        self.processes[name] = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                                                env=env, start_new_session=True)
        return self.processes[name]

    @staticmethod
    def with_fake_runs():
        """The environment of this process, in which the scheduler (which unpickles the tasks) and the
        workers can also import the tests' fake_runs.py."""
        return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent))

    def add_worker(self, name, env=None):
        """A worker as the README starts one."""
        env = env or self.with_fake_runs()
        self.start(name, [DASK, "worker", self.address, "--nthreads", "1", "--resources", "lstm-grader=1",
                          "--name", name, "--local-directory", str(self.folder / name)], env=env)

    def wait_for(self, count):
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=120)
            return {info["name"]: address for address, info in client.scheduler_info(n_workers=-1)["workers"].items()}

    def kill(self, name):
        """The whole worker, as when its machine is lost: nanny, worker process and their kernels."""
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.add_worker("w1")
        cluster.add_worker("w2")
        cluster.wait_for(2)
        yield cluster
    finally:
        cluster.stop()


def test_a_class_graded_on_the_cluster_gets_the_grades_of_the_local_pool(cluster, graded, tmp_path):
    """The session's made-up class (test_grading.py's, graded by the local pool with 2 workers), two of
    its notebooks graded again through the scheduler: the same gradebook, cell by cell, and the same CSV."""
    run = grade(graded["submissions"], tmp_path / "out", scheduler=cluster.address, notebooks=NOTEBOOKS)
    local = {key: entry for key, entry in graded["scores"].items() if key[1] in NOTEBOOKS}
    assert run.scores == local
    assert set(run.task_seconds) == set(local)
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()
    assert len(rows) == 1 + len(NOTEBOOKS) * len(run.students)


def test_a_worker_with_another_version_of_the_course_is_refused_and_grades_nothing(cluster, tmp_path):
    """A third worker runs a copy of the course whose checks differ by one comment: it is refused with
    the file named, before it grades anything; the class is graded by the two others."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT / "autograder", copy / "autograder", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    for name in ("solutions", "data", "environment.yml", "pyproject.toml", "requirements-learner.txt",
                 "requirements-grading.txt", "requirements-test.txt"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, copy / name)
    checks = copy / "autograder" / "lstm_course" / "checks" / "compare.py"
    checks.write_text(checks.read_text() + "\n# an older version of the checks\n")
    cluster.add_worker("other", env=dict(os.environ, PYTHONPATH=str(copy / "autograder")))
    other = cluster.wait_for(3)["other"]
    said = []
    pool = DaskPool(cluster.address, say=said.append)
    try:
        assert other in pool.refused and other not in pool.accepted
        assert "course files differ: autograder/lstm_course/checks/compare.py" in pool.refused[other]
        assert any(other in line and "refused" in line for line in said)
        other_pid = pool.client.run(os.getpid, workers=[other])[other]
        tasks = [Task(f"s{k}", "01_num_units", b"{}") for k in range(6)]
        results = list(pool.results(iter(tasks), b""))
    finally:
        pool.close()
    assert sorted(r.student for r in results) == [t.student for t in tasks]
    assert all(not r.worker.endswith(f":{other_pid}") for r in results), "the refused worker graded a notebook"
    cluster.kill("other")


def test_a_task_that_keeps_killing_its_worker_is_given_up_after_a_few_tries(cluster):
    tasks = [Task(name, "01_num_units", b"{}") for name in ("ada", "mallory", "bob", "cy")]
    pool = DaskPool(cluster.address, run=kill_own_worker_for_mallory, prepare=False)
    try:
        results = list(pool.results(iter(tasks), b""))
    finally:
        pool.close()
    assert sorted(r.student for r in results) == sorted(t.student for t in tasks)
    [mallory] = [r for r in results if r.student == "mallory"]
    assert not mallory.graded and [p.kind for p in mallory.problems] == ["worker_lost"], mallory.problems
    assert all(r.graded for r in results if r.student != "mallory")
    cluster.wait_for(2)  # the nannies have started new worker processes


def test_a_worker_lost_in_the_middle_of_a_class_costs_nothing(cluster, tmp_path):
    """One of the two workers is killed, nanny and all, while it grades: every notebook is still
    graded, on the other worker, and recorded once."""
    students = [f"s{k}" for k in range(4)]
    for student in students:
        demo.write_demo_student(tmp_path / "submissions" / student, "solutions", ["01_num_units"])
    worker = psutil.Process(cluster.processes["w2"].pid)
    killed = []

    def kill_when_busy():
        deadline = time.time() + 300
        while time.time() < deadline:
            kernels = [p for p in worker.children(recursive=True) if "bwrap" in " ".join(p.cmdline())]
            if kernels:
                time.sleep(2)
                cluster.kill("w2")
                killed.append(True)
                return
            time.sleep(0.2)

    killer = threading.Thread(target=kill_when_busy, daemon=True)
    killer.start()
    run = grade(tmp_path / "submissions", tmp_path / "out", scheduler=cluster.address, notebooks=["01_num_units"])
    killer.join(timeout=1)
    assert killed, "worker w2 never got a notebook to grade"
    rows = (tmp_path / "out" / "grades.csv").read_text().splitlines()[1:]
    assert sorted(row.split(",")[3] for row in rows) == students
    assert {key: entry["score"] for key, entry in run.scores.items()} == {
        (student, "01_num_units"): 10.0 for student in students}
    assert not run.problems, run.problems
