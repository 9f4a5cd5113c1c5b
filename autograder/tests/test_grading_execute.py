"""GradingExecute on its own, with a real kernel in its sandbox, on notebooks made here: where the
kernel runs, how it talks to the grader, and the cause of the old stall (jupyter/nbclient#312)."""
import json

import nbformat
import pytest

from lstm_grader.preprocessors import GradingExecute

OUTPUT_WIDGET = """\
import ipywidgets as widgets
from IPython.display import display

box = widgets.Output()
display(box)
with box:
    print("printed inside an Output widget")
"""
WHERE = """\
import json, os
from ipykernel.connect import get_connection_info

connection = json.loads(get_connection_info())
print(json.dumps({"cwd": os.getcwd(), "files": sorted(os.listdir()), "home": os.environ["HOME"],
                  "transport": connection["transport"], "ip": connection["ip"]}))
"""


def run(tmp_path, sources, **options):
    """Execute a notebook of code cells with GradingExecute; the submission folder holds it and a data file."""
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    (folder / "data.txt").write_text("the student's own file")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    executor = GradingExecute(timeout=120, scratch_dir=str(tmp_path / "scratch"), **options)
    executed, resources = executor.preprocess(notebook, {"metadata": {"path": str(folder)}})
    return executor, executed, resources


def text(cell):
    return "".join(o.get("text", "") for o in cell.outputs)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("execute")
    executor, executed, resources = run(tmp_path, [OUTPUT_WIDGET, WHERE])
    return {"executor": executor, "cells": executed.cells, "resources": resources, "tmp": tmp_path}


def test_the_grader_imitates_no_widget_front_end(graded):
    """nbclient's imitation of the Output widget sends messages on the shell channel while nbclient
    waits for a reply there, which can stall a cell until its timeout. Without the imitation the
    print goes to the cell's own outputs, and no message is ever sent on the shell channel for it."""
    assert "printed inside an Output widget" in text(graded["cells"][0])
    assert not graded["executor"].comm_objects


def test_with_the_imitation_the_print_goes_to_the_widget_instead(tmp_path):
    """The same cell with nbclient's imitation turned back on (what `stall-loop --mimic-output-widgets`
    does): this shows that the test above can tell the two apart."""
    executor, executed, _ = run(tmp_path, [OUTPUT_WIDGET], mimic_output_widgets=True)
    assert "printed inside an Output widget" not in text(executed.cells[0])
    assert executor.comm_objects


def test_the_kernel_runs_in_a_scratch_copy_of_its_submission_folder(graded):
    where = json.loads(text(graded["cells"][1]))
    scratch = graded["tmp"] / "scratch" / "sandbox"
    assert where["cwd"] == str(scratch / "work") and where["files"] == ["data.txt"]
    assert where["home"] == str(scratch / "home")
    assert not scratch.exists(), "the scratch folder is left behind"


def test_the_kernel_talks_over_unix_sockets_not_tcp(graded):
    """...in a folder of their own beside the scratch folder, not in it (kernel.py says why)."""
    where = json.loads(text(graded["cells"][1]))
    assert where["transport"] == "ipc"
    assert where["ip"] == str(graded["tmp"] / "scratch" / "sockets" / "kernel")


def test_nothing_went_wrong_and_says_so_as_data(graded):
    assert graded["resources"]["lstm_grader"]["problems"] == []


def test_a_process_limit_is_read_from_errors_and_from_what_dying_copies_print():
    """A fork bomb's copies of the kernel die printing ZeroMQ's "Resource temporarily unavailable" on
    stderr, often before the cell's own error: either one names the process limit. The same words
    printed on stdout, and other errors, do not."""
    from nbformat import NotebookNode

    from lstm_grader.preprocessors.grading_execute import _hit_process_limit

    said = [NotebookNode(output_type="error", ename="BlockingIOError", evalue="[Errno 11] Resource temporarily unavailable"),
            NotebookNode(output_type="error", ename="RuntimeError", evalue="can't start new thread"),
            NotebookNode(output_type="stream", name="stderr", text="Resource temporarily unavailable (src/thread.cpp:241)\n")]
    not_said = [NotebookNode(output_type="error", ename="ValueError", evalue="shapes (3,5) and (4,3) not aligned"),
                NotebookNode(output_type="stream", name="stdout", text="Resource temporarily unavailable\n"),
                NotebookNode(output_type="stream", name="stderr", text="KeyboardInterrupt\n")]
    assert all(_hit_process_limit(o) for o in said)
    assert not any(_hit_process_limit(o) for o in not_said)
