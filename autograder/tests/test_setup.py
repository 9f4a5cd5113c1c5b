"""The environment: one list of pins, the same for pip and Binder, and the README's first command."""
import importlib.metadata
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT

import course


def test_pins_come_from_environment_yml_only():
    pins = course.pinned_requirements()
    assert "tensorflow-cpu==2.21.0" in pins and "nbgrader==0.9.6" in pins
    assert all("==" in pin for pin in pins), "every dependency is pinned to one version"
    assert not any(pin.startswith(("tf-keras", "tensorflow==")) for pin in pins), "one TensorFlow only"
    for other in ("requirements.txt", "binder/requirements.txt", "setup.py", "binder/environment.yaml"):
        assert not (ROOT / other).exists(), f"{other} would be a second list of versions"


def test_binder_reads_the_same_environment_file():
    binder = ROOT / "binder" / "environment.yml"
    assert binder.is_symlink() and binder.resolve() == (ROOT / "environment.yml").resolve()


def test_installed_versions_are_the_pinned_ones():
    for pin in course.pinned_requirements():
        name, version = pin.split("==")
        assert importlib.metadata.version(name) == version, name
    assert sys.version_info[:2] == (3, 11)


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
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
    finally:
        server.terminate()
        server.wait(timeout=30)
