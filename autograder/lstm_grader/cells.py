"""A notebook's nbgrader cells put in order before nbgrader reads it.

JupyterLab copies a cell with its metadata, so an honest student who copies an answer cell hands in
two cells with one grade_id. nbgrader's DeduplicateIds then empties the metadata of one of them and its
OverwriteCells fails on that cell (a KeyError in add_missing_task_cells), which costs the whole notebook.
A cell can also carry nbgrader metadata that the course does not have (copied from another notebook,
or edited) or that is malformed. Here, before nbgrader sees the notebook:

* the first cell with a grade_id of the assignment keeps it; a later cell with the same grade_id becomes
  an ordinary cell (it still runs: a copied answer cell defines what it defines), reported as
  `duplicate_cell`;
* a cell whose nbgrader metadata names no cell of the assignment, or is not a dict with a grade_id,
  becomes an ordinary cell, reported as `unknown_cell`;
* cell ids (nbformat's "id") that repeat are made unique, as nbformat would with a warning.

What a deleted graded cell costs is settled later by nbgrader (RestoreGradedCells puts it back): at most
its own points.
"""
import copy
import uuid

from .problems import Problem


def tidy(notebook, source_ids):
    """(notebook, problems): a copy of the nbformat `notebook` (a dict) whose nbgrader cells are those of
    `source_ids` (the grade_ids of the assignment's cells), each at most once."""
    notebook = copy.deepcopy(notebook)
    problems, seen, cell_ids = [], set(), set()
    for number, cell in enumerate(notebook.get("cells", [])):
        cell_id = cell.get("id")
        if isinstance(cell_id, str):
            if cell_id in cell_ids:
                cell["id"] = cell_id = uuid.uuid4().hex[:8]
            cell_ids.add(cell_id)
        metadata = cell.get("metadata")
        if not isinstance(metadata, dict) or "nbgrader" not in metadata:
            continue
        nbgrader = metadata["nbgrader"]
        grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
        where = f"cell {number + 1}"
        if not isinstance(grade_id, str) or grade_id not in source_ids:
            shown = repr(grade_id)[:60] if grade_id is not None else "no grade_id"
            problems.append(Problem("unknown_cell", f"{where} ({shown})", str(grade_id)[:60] if grade_id else ""))
            del metadata["nbgrader"]
        elif grade_id in seen:
            problems.append(Problem("duplicate_cell", f"{where} repeats {grade_id}", grade_id))
            del metadata["nbgrader"]
        else:
            seen.add(grade_id)
    return notebook, problems
