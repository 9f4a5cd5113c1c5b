"""What a grading kernel's sandbox shows and allows (lstm_grader/sandbox.py), each guarantee of the
README's instructor section checked with a small program run in the sandbox exactly as a kernel is."""
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, grade
from lstm_grader import pipeline, sandbox, worker
from lstm_grader.task import Options

LIMITS = sandbox.Limits(memory_mb=400, max_processes=24, tmp_mb=4, max_file_mb=6)

PROBE = r'''
import errno, json, os, resource, socket, sys
root, port, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = {"uid": os.getuid(), "cwd": os.getcwd(), "env": sorted(os.environ)}
seen["course"] = sorted(os.listdir(root))
seen["autograder"] = sorted(os.listdir(os.path.join(root, "autograder")))
seen["exists"] = {path: os.path.exists(path) for path in (
    os.path.join(root, "solutions"), os.path.join(root, "autograder", "lstm_grader"), "/root/.bashrc",
    "/home", "/etc/shadow", "/var", "/sys", os.path.join(root, "data", "counting.txt"))}
seen["writes"] = {}
for path in ("here.txt", "/tmp/x", os.path.join(root, "data", "x"), os.path.join(root, "autograder", "lstm_course", "x.py"),
             os.path.join(prefix, "x"), "/x", "/etc/x", "/dev/shm/x", "/usr/x"):
    try:
        open(path, "w").write("x")
        seen["writes"][path] = "written"
    except OSError as error:
        seen["writes"][path] = errno.errorcode.get(error.errno, str(error.errno))
try:
    socket.create_connection(("127.0.0.1", port), timeout=3)
    seen["network"] = "connected"
except OSError as error:
    seen["network"] = errno.errorcode.get(error.errno, str(error.errno))
seen["interfaces"] = [name for _, name in socket.if_nameindex()]
seen["processes"] = len([p for p in os.listdir("/proc") if p.isdigit()])
stat = os.statvfs("/tmp")
seen["tmp_mb"] = stat.f_blocks * stat.f_frsize / 2**20
try:
    with open("/tmp/filler", "wb") as filler:
        while True:
            filler.write(b"x" * 2**20)
except OSError as error:
    seen["fill_tmp"] = errno.errorcode.get(error.errno, str(error.errno))
try:
    open("big", "wb").write(b"x" * 7 * 2**20)
    seen["big_file"] = "written"
except OSError as error:
    seen["big_file"] = errno.errorcode.get(error.errno, str(error.errno))
seen["limits"] = {name: resource.getrlimit(getattr(resource, name)) for name in ("RLIMIT_DATA", "RLIMIT_NPROC", "RLIMIT_FSIZE")}
try:
    resource.setrlimit(resource.RLIMIT_DATA, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    seen["raised_limit"] = True
except (ValueError, OSError):
    seen["raised_limit"] = False
try:
    memory = bytearray(600 * 2**20)
    seen["memory"] = "allocated"
except MemoryError:
    seen["memory"] = "MemoryError"
children = []
try:
    while len(children) < 100:
        pid = os.fork()
        if pid == 0:
            import time
            time.sleep(3)
            os._exit(0)
        children.append(pid)
    seen["forks"] = len(children)
except OSError as error:
    seen["forks"] = len(children)
print(json.dumps(seen))
'''


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    """What the probe saw and could do in a sandbox, as a grading kernel would."""
    scratch = tmp_path_factory.mktemp("scratch")
    (scratch / "work").mkdir()
    uid = sandbox.uid_for_sandbox()
    sandbox.hand_over(scratch, uid)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    command = sandbox.command([sys.executable, "-c", PROBE, str(ROOT), str(port), sys.prefix], scratch,
                              scratch / "work", LIMITS, env=sandbox.kernel_environment(scratch / "home"), uid=uid)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, SECRET_TOKEN="do-not-pass-on"))
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_bubblewrap_runs_here():
    assert sandbox.problem() is None


def test_it_sees_only_the_learner_package_data_and_the_python_environment_of_the_course(seen):
    assert seen["course"] == sorted([".venv", "autograder", "data"]) or seen["course"] == sorted(["autograder", "data"])
    assert seen["autograder"] == ["lstm_course"], "the grader's package or the tests are visible"
    exists = seen["exists"]
    assert not exists[str(ROOT / "solutions")] and not exists[str(ROOT / "autograder" / "lstm_grader")]
    assert exists[str(ROOT / "data" / "counting.txt")]
    for path in ("/root/.bashrc", "/home", "/etc/shadow", "/var", "/sys"):
        assert not exists[path], f"the sandbox shows {path}"


def test_it_writes_only_its_scratch_folder_and_its_own_tmp(seen, tmp_path):
    writes = seen["writes"]
    assert writes.pop("here.txt") == "written" and writes.pop("/tmp/x") == "written"
    assert all(result != "written" for result in writes.values()), writes
    assert not Path("/tmp/x").exists() or Path("/tmp/x").read_text() != "x"


def test_its_tmp_is_small_and_fills_up_alone(seen):
    assert seen["tmp_mb"] <= LIMITS.tmp_mb
    assert seen["fill_tmp"] == "ENOSPC"
    assert seen["big_file"] == "EFBIG", "a file larger than max_file_mb was written"


def test_it_has_no_network(seen):
    assert seen["network"] in ("ECONNREFUSED", "ENETUNREACH"), seen["network"]
    assert seen["interfaces"] == ["lo"]


def test_it_sees_only_its_own_processes_and_gets_none_of_the_grader_s_environment(seen):
    assert seen["processes"] <= 3
    assert "SECRET_TOKEN" not in seen["env"]
    assert set(seen["env"]) <= set(sandbox.kernel_environment("/home").keys()) | {"PWD"}


def test_its_memory_processes_and_file_sizes_are_capped_for_good(seen):
    limits = seen["limits"]
    assert limits["RLIMIT_DATA"] == [LIMITS.memory_mb * 2**20] * 2
    assert limits["RLIMIT_NPROC"] == [LIMITS.max_processes] * 2
    assert limits["RLIMIT_FSIZE"] == [LIMITS.max_file_mb * 2**20] * 2
    assert not seen["raised_limit"], "the kernel could lift its memory cap"
    assert seen["memory"] == "MemoryError"
    assert seen["forks"] < LIMITS.max_processes


def test_as_root_the_kernel_runs_as_a_user_of_its_own(seen):
    if sandbox.running_as_root():
        assert seen["uid"] == sandbox.uid_for_sandbox() != 0
    else:
        assert seen["uid"] == os.getuid()


def test_grading_stops_and_says_why_where_bubblewrap_cannot_run(tmp_path, monkeypatch):
    """Without the `bwrap` command (not on PATH here), the grading command refuses to start and says
    what to install; --no-sandbox is the way to grade anyway (test_hostile.py runs it)."""
    no_bwrap = tmp_path / "bin"
    no_bwrap.mkdir()
    for tool in ("env", "python3"):
        if shutil.which(tool):
            (no_bwrap / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(no_bwrap))
    assert "bubblewrap is not installed" in sandbox.problem()
    (tmp_path / "submissions" / "ann").mkdir(parents=True)
    with pytest.raises(SystemExit, match="Grading stopped: bubblewrap is not installed"):
        pipeline.grade(tmp_path / "submissions", tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists(), "something was written although grading stopped"


def test_a_grading_worker_ignores_its_working_folder_and_imports_only_the_course_s_own(tmp_path):
    """A process that grades (worker.start) drops its working folder from sys.path and refuses modules
    from outside the Python environment and the course's two packages."""
    (tmp_path / "planted_module.py").write_text("print('PLANTED')\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other_planted.py").write_text("print('PLANTED')\n")
    program = ("import sys\nsys.path.insert(0, '')\nfrom lstm_grader import worker\nworker.start()\n"
               "for name, folder in (('planted_module', None), ('other_planted', 'elsewhere')):\n"
               "    if folder: sys.path.insert(0, folder)\n"
               "    try:\n        __import__(name)\n        print('imported', name)\n"
               "    except ImportError as error:\n        print('refused', name, error)\n")
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "PLANTED" not in result.stdout and "imported" not in result.stdout, result.stdout
    assert "refused planted_module" in result.stdout
    assert "refused other_planted the grader does not import other_planted from" in result.stdout


def test_a_kernel_that_cannot_start_is_reported_with_what_it_said(tmp_path):
    """A memory cap too small for Python to start: the notebook is not graded, the student keeps a
    row, and problems.csv quotes the kernel."""
    from lstm_grader import demo

    demo.write_demo_student(tmp_path / "submissions" / "ann", "solutions", ["01_num_units"])
    run = grade(tmp_path / "submissions", tmp_path / "out", notebooks=["01_num_units"],
                options=Options(memory_limit_mb=8, cell_timeout=30))
    rows = (tmp_path / "out" / "grades.csv").read_text()
    assert "ann" in rows
    [problem] = [p for _, _, p in run.problems]
    assert problem.kind == "nbgrader_failed" and "the kernel said:" in problem.detail, problem


def test_workers_get_a_process_limit_of_their_own():
    if sandbox.running_as_root():
        assert sandbox.uid_for_sandbox() >= sandbox.UID_BASE
    assert worker.sandbox_problem() is None
