"""Notebook 1 in a real browser: the README's first command serves JupyterLab, headless Chromium
runs every cell, and the figures and the widget must show. A screenshot of the whole notebook is
saved to test-artifacts/01_num_units.png (also when the test fails)."""
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, load

import course

CHROMIUM = Path(course.TEST_DEBIAN_PACKAGES["chromium"])  # `python3 course.py test` installs it
# Playwright adds --headless and --no-sandbox; without the background-networking flags Chromium
# keeps trying to reach Google's services.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Notebook 1 with its answers: the student copy in notebooks/ stops at its first NotImplementedError.
NOTEBOOK = "solutions/01_num_units.ipynb"
SCREENSHOT = ROOT / "test-artifacts" / "01_num_units.png"
TOKEN = "course-browser-test"
# A fresh JupyterLab, whatever the maintainer's own settings: no autosave (outputs must never be
# written into solutions/) and no "get notified about Jupyter news?" toast over the screenshot.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
}
# What JupyterLab shows in a widget's place while it loads, when it fails, or without ipywidgets' extension
WIDGET_NOT_RENDERED = re.compile(r"Loading widget|Error displaying widget|VBox\(children=")
# True once Run All Cells has finished or stopped: the kernel is idle, no cell waits ([*]:) and
# at least one shows an execution count. The notebook is committed without outputs (test_release).
RUN_ALL_ENDED = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
    return document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'
        && prompts.some(p => /^\\[\\d+\\]:$/.test(p)) && !prompts.includes('[*]:');
}"""


@pytest.fixture
def jupyterlab(tmp_path):
    """`python3 course.py open` on a free port; yields the server's URL."""
    with serve_jupyterlab(tmp_path) as (url, _):
        yield url


@contextlib.contextmanager
def serve_jupyterlab(tmp_path, launcher=()):
    """`python3 course.py open` on a free port, started through `launcher` (binder/start: Binder's
    settings); yields the server's URL and its process (the whole tree is JupyterLab with its kernels).

    Its runtime files, settings, workspace, checkpoints and log (jupyterlab.log) stay in tmp_path."""
    for plugin, settings in LAB_SETTINGS.items():
        path = tmp_path / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    with socket.socket() as probe:  # a port nobody uses right now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    log = tmp_path / "jupyterlab.log"
    with log.open("w") as output:
        # a session of its own: course.py runs `jupyter lab` as a child, and stopping only
        # course.py would leave JupyterLab and its kernel running
        server = subprocess.Popen(
            [*launcher, sys.executable, str(ROOT / "course.py"), "open", "--no-browser", f"--port={port}",
             f"--IdentityProvider.token={TOKEN}", f"--FileCheckpoints.checkpoint_dir={tmp_path / 'checkpoints'}"],
            cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, f"`course.py open` stopped:\n{log.read_text()}"
                assert time.time() < deadline, f"JupyterLab did not start within 60 s:\n{log.read_text()}"
                time.sleep(0.5)
        yield url, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # JupyterLab shuts its kernel down on SIGTERM
        server.wait(timeout=30)


def save_screenshot(page, path=SCREENSHOT):
    """The whole notebook in one PNG. JupyterLab scrolls the notebook inside a fixed-size page, so
    the window is made as tall as all the cells; cells that were out of view get their real height
    only once shown, so measure again after each resize until the height settles."""
    height = 0
    for _ in range(5):
        page.wait_for_timeout(300)  # JupyterLab lays out after a resize on its next animation frame
        needed = page.evaluate("""() => {
            const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
            const cells = scroller ? scroller.querySelectorAll('.jp-Notebook-cell') : [];
            if (!cells.length) return 0;
            scroller.scrollTop = 0;
            const bottom = cells[cells.length - 1].getBoundingClientRect().bottom;
            return Math.ceil(bottom + window.innerHeight - scroller.getBoundingClientRect().bottom + 40);
        }""")
        if needed <= height or needed <= page.viewport_size["height"]:
            break
        height = needed
        page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=path)


def test_notebook_1_runs_in_chromium_with_its_figures_and_widget(jupyterlab):
    assert CHROMIUM.exists(), (f"{CHROMIUM} is missing: the browser test needs Debian's chromium. "
                               "`python3 course.py test` installs it, or run `sudo apt-get install chromium`")
    notebook = load(ROOT / NOTEBOOK)
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    figures = sum("plt.show()" in "".join(cell["source"]) for cell in code_cells)  # one figure each
    kernel = notebook["metadata"]["kernelspec"]["display_name"]
    saved = (ROOT / NOTEBOOK).read_bytes()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(f"{jupyterlab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
            # The status bar, not the toolbar's circle: that one says idle before any kernel exists,
            # and a Run All clicked then runs one cell only.
            page.get_by_text(f"{kernel} | Idle", exact=True).wait_for(timeout=60_000)
            # a learner's JupyterLab (binder/postBuild, course.py setup): Validate on, formgrader off
            expect(page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True),
                   "nbgrader's Validate button in the notebook's toolbar").to_be_visible()
            expect(page.get_by_text("Formgrader"), "no instructor tools for learners").to_have_count(0)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                page.wait_for_function(RUN_ALL_ENDED, timeout=90_000)
            except PlaywrightTimeout:
                prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
                pytest.fail(f"Run All Cells did not finish within 90 s; the cells' prompts: {prompts}")
            # JupyterLab shows error outputs (tracebacks) with the stderr mime type too
            errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
            assert errors.count() == 0, f"error or stderr output: {errors.all_text_contents()}"
            prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
            assert prompts == [f"[{n}]:" for n in range(1, len(code_cells) + 1)], (
                f"every code cell runs once, in order, in a fresh kernel; the prompts: {prompts}")

            images = page.locator('.jp-OutputArea-output[data-mime-type="image/png"] img')
            expect(images, f"notebook 1 draws {figures} figures, one per plt.show()").to_have_count(figures)
            drawn = images.evaluate_all("images => images.map(image => image.complete && image.naturalWidth > 0)")
            assert all(drawn), f"a figure's PNG did not decode: {drawn}"

            # ipywidgets render after the cell has run; until then, or instead, JupyterLab shows one of these
            not_rendered = page.locator(".jp-OutputArea-output", has_text=WIDGET_NOT_RENDERED)
            sliders = page.locator(".jp-OutputArea-output .widget-hslider")
            table = page.locator(".jp-OutputArea-output .widget-html")
            expect(sliders, "the shape explorer's three sliders").to_have_count(3)
            expect(table, "the shape explorer's table").to_contain_text("Shapes of keras.layers.LSTM")
            expect(not_rendered, "ipywidgets did not render the shape explorer").to_have_count(0)
            # the widget talks to the kernel: one step right on num_units (5 -> 6) redraws the table
            sliders.first.locator(".noUi-handle").press("ArrowRight")
            expect(table, "moving num_units to 6 updates the kernel's shape [d, 4 * num_units]").to_contain_text(
                "[5, 24]", timeout=15_000)
        finally:
            save_screenshot(page)
            browser.close()
    assert (ROOT / NOTEBOOK).read_bytes() == saved, f"the browser saved {NOTEBOOK}: restore it with git"
