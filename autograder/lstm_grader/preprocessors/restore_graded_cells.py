"""nbgrader's OverwriteCells, plus what it leaves as the student set it.

OverwriteCells puts back the source of locked cells from the gradebook. A student can still change a
cell's `grade` and `solution` flags and its points (changed, they also make OverwriteCells stop the
whole notebook with "Inconsistent checksums"), and tag a test cell `skip-execution` (nbclient skips
such a cell, and a test cell that does not run shows no error, so it earns full points).
RestoreGradedCells puts all of these back as the instructor wrote them.
"""
from nbgrader import utils
from nbgrader.preprocessors import OverwriteCells


class RestoreGradedCells(OverwriteCells):
    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        notebook = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source = {c.name: c for c in notebook.source_cells}
        if grade_id in source:
            for flag, cells in (("grade", notebook.grade_cells), ("solution", notebook.solution_cells)):
                should = grade_id in {c.name for c in cells}
                if bool(cell.metadata.nbgrader.get(flag, False)) != should:
                    self.report_change(grade_id, flag, should, cell.metadata.nbgrader.get(flag))
                    cell.metadata.nbgrader[flag] = should
            if utils.is_grade(cell):
                cell.metadata.nbgrader["points"] = float(
                    self.gradebook.find_graded_cell(grade_id, self.notebook_id, self.assignment_id).max_score)
            if (source[grade_id].locked or utils.is_grade(cell)) and cell.metadata.pop("tags", None):
                self.log.warning("Tags removed from cell %s", grade_id)
        return super().preprocess_cell(cell, resources, cell_index)
