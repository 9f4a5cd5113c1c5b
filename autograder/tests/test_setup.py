"""The environment: one list of pins, the same for pip and Binder, and the README's first command."""
import importlib.metadata
import os
import signal
import socket
import subprocess
import sys
import time
import json
import urllib.error
import urllib.request

import pytest

from conftest import ROOT

import course


NOT_FOR_LEARNERS = {"pytest", "playwright", "jupyter-repo2docker", "docker", "dask", "distributed", "tqdm"}


def pins(path):
    """{package: version} of one requirements file, without the files it includes (-r)."""
    from packaging.requirements import Requirement

    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            specifiers = list(requirement.specifier)
            assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{path.name}: {line} is not pinned"
            found[requirement.name.lower()] = specifiers[0].version
    return found


def group_pins(group):
    return {name: version for path in course.requirement_files(group) for name, version in pins(path).items()}


def test_pins_are_grouped_by_who_needs_them_and_each_written_once():
    seen = {}
    for group, path in course.REQUIREMENTS.items():
        for name in pins(path):
            assert name not in seen, f"{name} is pinned in {seen[name]} and again in {path.name}"
            seen[name] = path.name
    learner = group_pins("learner")
    assert learner["tensorflow-cpu"] == "2.21.0" and "nbgrader" in learner and "jupyterlab" in learner
    assert not NOT_FOR_LEARNERS & set(learner), "the learner's group holds a grading or test package"
    assert {"dask", "distributed", "tqdm"} <= set(group_pins("grading"))
    assert {"pytest", "playwright", "jupyter-repo2docker"} <= set(group_pins("test"))
    assert not any(name.startswith("tf-keras") or name == "tensorflow" for name in group_pins("test")), "one TensorFlow"
    environment = (ROOT / "environment.yml").read_text()
    assert "- -r requirements-learner.txt" in environment and "==" not in environment, \
        "environment.yml installs the learner's file and writes no version of its own"
    for other in ("requirements.txt", "binder/requirements.txt", "setup.py", "binder/environment.yaml"):
        assert not (ROOT / other).exists(), f"{other} would be another list of versions"


def test_binder_reads_the_learners_files():
    for name in ("environment.yml", "requirements-learner.txt"):  # pip reads -r from binder/ on Binder
        link = ROOT / "binder" / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve(), name


def test_installed_versions_are_the_pinned_ones():
    for name, version in group_pins("test").items():
        assert importlib.metadata.version(name) == version, name
    assert sys.version_info[:2] == (3, 11)


def test_a_learners_setup_installs_no_test_grading_or_browser_package(tmp_path):
    """What pip would install from a fresh clone for the learner's group, resolved from the package
    index (a dry run: nothing is installed)."""
    report = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                    "--disable-pip-version-check", "--report", str(report), "-r",
                    str(course.REQUIREMENTS["learner"])], check=True, capture_output=True)
    names = {item["metadata"]["name"].lower().replace("_", "-") for item in json.loads(report.read_text())["install"]}
    assert "tensorflow-cpu" in names and "nbgrader" in names
    assert not NOT_FOR_LEARNERS & names, f"a learner's setup would install {sorted(NOT_FOR_LEARNERS & names)}"


def test_open_command_serves_jupyterlab_on_notebook_1(tmp_path):
    """`python3 course.py open` starts JupyterLab, which asks the browser to open notebook 1."""
    with socket.socket() as probe:  # a port nobody uses right now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "course-test"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path))
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "course.py"), "open", "--no-browser", f"--port={port}",
         f"--IdentityProvider.token={token}"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # stopped as a group below: course.py runs `jupyter lab` as its child
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            opened = list(tmp_path.glob("jpserver-file-to-run-*-open.html"))
            if opened:
                break
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 90 s")
        assert f"/lab/tree/notebooks/01_num_units.ipynb?token={token}" in opened[0].read_text()
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/01_num_units.ipynb?token={token}"
        for _ in range(60):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the server does not serve notebooks/01_num_units.ipynb")
        check_student_tools(f"http://127.0.0.1:{port}", token)
    finally:
        if os.name == "posix":  # course.py and JupyterLab: terminate() alone would leave JupyterLab running
            os.killpg(server.pid, signal.SIGTERM)
        else:
            server.terminate()
        server.wait(timeout=30)


def check_student_tools(server, token):
    """A learner's JupyterLab: Validate works (nbgrader validate, run by the server); formgrader is off."""
    def validate(path):
        request = urllib.request.Request(f"{server}/assignments/validate?token={token}",
                                         data=json.dumps({"path": path}).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=280) as response:
            return json.loads(response.read())

    solved = validate("solutions/01_num_units.ipynb")
    assert solved["success"] and not solved["value"].get("failed"), solved
    untouched = validate("notebooks/01_num_units.ipynb")
    assert untouched["success"] and untouched["value"].get("failed"), "untouched notebook passed Validate"
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(f"{server}/formgrader?token={token}", timeout=30)


def test_binder_files_agree_with_the_course():
    """postBuild configures Jupyter with the course's own module; start sets TensorFlow's quiet
    variables to exactly the values lstm_course uses."""
    from lstm_course import TF_QUIET_ENV

    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "python -m lstm_course.student_jupyter" in post_build
    start = (ROOT / "binder" / "start").read_text()
    assert start.rstrip().endswith('exec "$@"'), "binder/start must hand over to JupyterLab"
    for name, value in TF_QUIET_ENV.items():
        assert f"{name}={value}" in start, f"binder/start should set {name}={value}"
    for name in ("TF_NUM_INTRAOP_THREADS=1", "TF_NUM_INTEROP_THREADS=1", "OMP_NUM_THREADS=1"):
        assert name in start, f"binder/start should limit threads for Binder's one CPU: {name}"


def test_post_build_turns_instructor_tools_off_and_validate_on(tmp_path):
    """Run binder/postBuild as repo2docker would (its pip and python first on PATH), then ask
    Jupyter which nbgrader extensions are on."""
    env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    jupyter = [sys.executable, "-m", "jupyter"]
    lab = subprocess.run(jupyter + ["labextension", "list"], env=env, capture_output=True, text=True)
    disabled = lab.stdout.split("Disabled extensions:")[-1] + lab.stderr.split("Disabled extensions:")[-1]
    for name in ("formgrader", "create-assignment"):
        assert f"@jupyter/nbgrader:{name}" in disabled, f"{name} should be off for learners"
    assert "@jupyter/nbgrader:validate-assignment" not in disabled, "Validate should be on"
    server = subprocess.run(jupyter + ["server", "extension", "list"], env=env, capture_output=True,
                            text=True)
    listing = server.stdout + server.stderr
    assert "nbgrader.server_extensions.formgrader \x1b[31mdisabled" in listing or \
        "nbgrader.server_extensions.formgrader disabled" in listing
    assert "nbgrader.server_extensions.validate_assignment \x1b[32menabled" in listing or \
        "nbgrader.server_extensions.validate_assignment enabled" in listing


def test_binder_badge_opens_notebook_1_in_jupyterlab():
    import re

    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert links, "the README has a Binder badge"
    path = re.search(r"urlpath=lab/tree/([^&)]+)", links[0])
    assert path and path.group(1) == course.FIRST_NOTEBOOK, "the badge opens notebook 1 in JupyterLab"
    assert (ROOT / path.group(1)).exists()


class _CatchBuild:
    """Stands in for Docker: keeps the Dockerfile and build context repo2docker hands over."""
    string_output = True

    def build(self, fileobj, **options):
        import io
        import tarfile

        self.context = tarfile.open(fileobj=io.BytesIO(fileobj.read()))
        return iter(["handed over to the stand-in engine\n"])

    def inspect_image(self, image_spec):
        return None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # repo2docker's JSON logger import
def test_repo2docker_builds_binder_image_from_these_files():
    """repo2docker, the tool mybinder.org builds images with, run on this folder up to the moment it
    hands Docker a Dockerfile and a build context (there is no Docker engine here to build with)."""
    from repo2docker.__main__ import make_r2d

    engine = _CatchBuild()
    r2d = make_r2d(["--no-run", "--user-id", "1000", "--user-name", "jovyan", str(ROOT)])
    r2d.get_engine = lambda: engine
    r2d.start()
    context = engine.context
    dockerfile = context.extractfile("Dockerfile").read().decode()

    # the conda build pack, reading binder/ (not the top level: binder/ wins when it exists)
    assert "${MAMBA_EXE} env update" in dockerfile and '--file "binder/environment.yml"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile, "postBuild (Validate on, formgrader off) must run"
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile, "binder/start must wrap every launch"

    # binder/environment.yml and binder/requirements-learner.txt are links into the build context.
    # Its `-r` line makes repo2docker copy the whole folder before it installs (not environment.yml
    # alone), so that pip finds the file the line names.
    for name in ("environment.yml", "requirements-learner.txt"):
        link = context.getmember(f"src/binder/{name}")
        assert link.issym() and link.linkname == f"../{name}"
        assert context.getmember(f"src/{name}").isfile()
    whole_copy = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert whole_copy < dockerfile.index("${MAMBA_EXE} env update"), "the files are copied before the install"

    # what Binder installs is the learner's group: no test, browser or grading-only package
    installed = context.extractfile("src/requirements-learner.txt").read().decode()
    assert not [name for name in NOT_FOR_LEARNERS if name in installed.lower()]

    # what postBuild and the badge need is there; what git ignores (.venv: GBs) is not
    names = {name[len("src/"):] for name in context.getnames() if name.startswith("src/")}
    for needed in ("pyproject.toml", "autograder/lstm_course/__init__.py", course.FIRST_NOTEBOOK,
                   "data/counting.txt", "binder/postBuild", "binder/start"):
        assert needed in names, f"{needed} is missing from Binder's build context"
    checked = sorted(name for name in names if not name.startswith(".git/") and name != ".git")
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=ROOT, text=True,
                             input="\n".join(checked), capture_output=True).stdout.split()
    assert not ignored, f"binder/.dockerignore lets files that git ignores into the image: {ignored[:5]}"
