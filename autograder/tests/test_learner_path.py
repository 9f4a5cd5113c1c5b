"""A learner's whole path through the course in one JupyterLab, as on Binder: the README's first
command started through binder/start (Binder's settings: one thread, TensorFlow quiet), every
notebook opened in order in headless Chromium, run to the end and closed, the way a learner moves
on; then Validate on the last one.

After each notebook it records the resident memory of the Jupyter server and all its kernels. The
total must stay under LIMIT_GB throughout, which leaves room for Validate's own kernel in Binder's
2 GB; closing a notebook must shut its kernel down, and Validate's kernel must exit when validation
ends. The figures go to test-artifacts/learner_path.json (quoted in the README), the screenshot of
the last notebook to test-artifacts/learner_path_last.png."""
import json
import re
import shutil
import time
import urllib.request

import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from conftest import ASSIGNMENTS, ROOT, load
from test_browser import CHROMIUM, CHROMIUM_ARGS, RUN_ALL_ENDED, TOKEN, save_screenshot, serve_jupyterlab

LIMIT_GB = 1.6
ARTIFACTS = ROOT / "test-artifacts"
COPIES = ARTIFACTS / "learner_path"  # the notebooks the browser opens (test-artifacts/ is not in git)


def tree_gb(process):
    """Resident memory of a process and all its descendants (the server and its kernels), in GB."""
    total = 0
    for each in [psutil.Process(process.pid)] + psutil.Process(process.pid).children(recursive=True):
        try:
            total += each.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**30


def kernels(url):
    with urllib.request.urlopen(f"{url}/api/kernels?token={TOKEN}", timeout=10) as reply:
        return json.loads(reply.read())


def kernel_processes(process):
    return [p for p in psutil.Process(process.pid).children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())]


def wait_until(condition, seconds, what):
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, what
        time.sleep(0.5)


def test_a_learner_goes_through_every_notebook_within_binders_memory(tmp_path):
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `python3 course.py test` installs Debian's chromium"
    figures = []
    shutil.rmtree(COPIES, ignore_errors=True)
    COPIES.mkdir(parents=True)
    solutions = {path: path.read_bytes() for path in (ROOT / "solutions").glob("*.ipynb")}
    with serve_jupyterlab(tmp_path, launcher=("bash", str(ROOT / "binder" / "start"))) as (url, server):
        figures.append({"after": "JupyterLab started", "gb": round(tree_gb(server), 3), "kernels": 0})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            try:
                for assignment in ASSIGNMENTS:
                    # the solutions, so that every notebook runs to the end; copies, since Validate saves
                    # the notebook it validates
                    copy = COPIES / f"{assignment}.ipynb"
                    copy.write_bytes((ROOT / "solutions" / f"{assignment}.ipynb").read_bytes())
                    notebook = str(copy.relative_to(ROOT))
                    kernel = load(copy)["metadata"]["kernelspec"]["display_name"]
                    # ?reset: a fresh workspace, not the saved one, which may still list the tab just closed
                    page.goto(f"{url}/lab/tree/{notebook}?reset&token={TOKEN}")
                    page.get_by_text(f"{kernel} | Idle", exact=True).wait_for(timeout=90_000)
                    page.get_by_role("menuitem", name="Run", exact=True).click()
                    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                    try:
                        page.wait_for_function(RUN_ALL_ENDED, timeout=180_000)
                    except PlaywrightTimeout:
                        pytest.fail(f"{notebook}: Run All Cells did not finish within 180 s")
                    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
                    assert errors.count() == 0, f"{notebook}: {errors.all_text_contents()}"
                    used = tree_gb(server)
                    figures.append({"after": f"{assignment} run", "gb": round(used, 3),
                                    "kernels": len(kernels(url))})
                    assert used < LIMIT_GB, f"after {assignment}: {used:.2f} GB (limit {LIMIT_GB} GB): {figures}"
                    if assignment == ASSIGNMENTS[-1]:
                        break
                    close_notebook(page)
                    # JupyterLab's kernelShutdown (lstm_course/student_jupyter.py): no kernel left behind
                    try:
                        wait_until(lambda: not kernels(url), 30, f"closing {notebook} left its kernel running")
                    except AssertionError:
                        page.screenshot(path=ARTIFACTS / "learner_path_close_failed.png")
                        raise AssertionError(f"closing {notebook} left its kernel running: {kernels(url)}; "
                                             f"tabs: {page.locator('.lm-TabBar-tabLabel').all_text_contents()}")
                save_screenshot(page, ARTIFACTS / "learner_path_last.png")

                # Validate on the last notebook: nbgrader starts a kernel of its own, which must end
                before = len(kernel_processes(server))
                page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
                peak = tree_gb(server)
                dialog = page.locator(".jp-Dialog")
                deadline = time.time() + 180
                while not dialog.count() and time.time() < deadline:
                    peak = max(peak, tree_gb(server))
                    time.sleep(0.5)
                assert dialog.count(), "Validate gave no answer within 180 s"
                assert "Success" in dialog.inner_text() or "passed" in dialog.inner_text().lower(), dialog.inner_text()
                figures.append({"after": f"Validate on {ASSIGNMENTS[-1]} (peak while it ran)",
                                "gb": round(peak, 3), "kernels": len(kernels(url))})
                wait_until(lambda: len(kernel_processes(server)) <= before, 30, "Validate's kernel did not exit")
            finally:
                browser.close()
    assert all(path.read_bytes() == text for path, text in solutions.items()), "the browser changed solutions/"
    (ARTIFACTS / "learner_path.json").write_text(json.dumps(figures, indent=1) + "\n")
    print("\n".join(f"{row['after']:<40} {row['gb']:.2f} GB, {row['kernels']} kernel(s)" for row in figures))


def close_notebook(page):
    """File > Close Tab, without saving; again if JupyterLab did not take the click (the menu can open
    while the notebook is still settling after Run All)."""
    tabs = page.locator(".jp-NotebookPanel")
    open_before = tabs.count()
    dialog = page.locator(".jp-Dialog")
    for _ in range(3):
        page.get_by_role("menuitem", name="File", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Close Tab")).click()  # its name ends with the shortcut
        deadline = time.time() + 15
        while time.time() < deadline:
            if dialog.count():
                dialog.get_by_role("button", name="Discard").click()
            if tabs.count() < open_before:
                return
            time.sleep(0.25)
        page.keyboard.press("Escape")  # a menu left open
    raise AssertionError(f"the notebook's tab did not close: {page.locator('.lm-TabBar-tabLabel').all_text_contents()}")
