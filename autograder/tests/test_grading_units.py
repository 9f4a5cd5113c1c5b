"""The grader's small pieces that decide what a hostile name or notebook can do, without a kernel:
the CSV files (tables.py), the nbgrader cells put in order (cells.py), the sockets' folder taken back
from a kernel (sandbox.seal) and the kernel's environment."""
import csv
import os
import socket

import pytest

from lstm_grader import cells, sandbox, tables


def test_csv_fields_with_commas_quotes_newlines_and_formulas_read_back_as_they_were(tmp_path):
    names = ['ann, "the best"\nbob,10', "=1+1", "+1", "-rf", "@SUM(A1)", "\tx", "Zoë", "plain"]
    path = tables.write_csv(tmp_path / "t.csv", ["student_id", "score"], [(name, 1.5) for name in names])
    with open(path, newline="", encoding="utf-8") as table:
        rows = list(csv.reader(table))
    assert rows[0] == ["student_id", "score"] and len(rows) == len(names) + 1
    assert [row[0] for row in rows[1:]] == ['ann, "the best"\nbob,10', "'=1+1", "'+1", "'-rf", "'@SUM(A1)", "'\tx",
                                            "Zoë", "plain"]
    assert {row[1] for row in rows[1:]} == {"1.5"}


def nb_cell(grade_id, source="x = 1", **flags):
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": {"grade_id": grade_id, **flags}},
            "outputs": [], "execution_count": None, "id": "same-id"}


def test_a_copied_or_foreign_nbgrader_cell_becomes_an_ordinary_cell_and_a_problem_line():
    notebook = {"cells": [nb_cell("answer_a", "def a(): return 1", solution=True),
                          nb_cell("answer_a", "def a(): return 2", solution=True),   # JupyterLab's copy
                          nb_cell("test_b_of_another_notebook", grade=True, points=100),
                          {"cell_type": "code", "source": "", "metadata": {"nbgrader": "junk"}, "outputs": []},
                          nb_cell("test_a", grade=True, points=2)],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    tidy, problems = cells.tidy(notebook, {"answer_a", "test_a"})
    kept = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in tidy["cells"]]
    assert kept == ["answer_a", None, None, None, "test_a"]
    assert [c["source"] for c in tidy["cells"][:2]] == ["def a(): return 1", "def a(): return 2"]
    assert sorted(p.kind for p in problems) == ["duplicate_cell", "unknown_cell", "unknown_cell"]
    ids = [c.get("id") for c in tidy["cells"] if "id" in c]
    assert len(ids) == len(set(ids)), "repeated cell ids are made unique"
    assert notebook["cells"][1]["metadata"]["nbgrader"]["grade_id"] == "answer_a", "the input is left as it was"


@pytest.mark.skipif(not sandbox.running_as_root(), reason="taking the folder back needs root")
def test_the_sockets_folder_is_taken_back_and_a_link_in_it_is_refused(tmp_path):
    folder = tmp_path / "sockets"
    folder.mkdir()
    uid = 200_123
    sandbox.unseal(folder, uid)
    assert (folder.stat().st_uid, folder.stat().st_mode & 0o777) == (uid, 0o711)
    bound = socket.socket(socket.AF_UNIX)
    bound.bind(str(folder / "kernel-1"))
    os.chown(folder / "kernel-1", uid, uid, follow_symlinks=False)
    (folder / "kernel-2").symlink_to("/etc/passwd")
    with pytest.raises(PermissionError):
        sandbox.seal(folder, uid, ["kernel-1", "kernel-2"])
    assert folder.stat().st_uid == 0, "the folder is the grader's again, even when the check fails"
    sandbox.seal(folder, uid, ["kernel-1"])
    bound.close()


def test_the_kernel_environment_is_an_explicit_list(monkeypatch, tmp_path):
    monkeypatch.setenv("NBGRADER_DB_URL", "sqlite:////secret/gradebook.db")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    env = sandbox.kernel_environment(tmp_path)
    assert "NBGRADER_DB_URL" not in env and "AWS_SECRET_ACCESS_KEY" not in env
    assert "secret" not in " ".join(env.values())
    assert env["HOME"] == str(tmp_path) and env["NBGRADER_EXECUTION"] == "autograde"
