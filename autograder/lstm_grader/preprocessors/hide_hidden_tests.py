"""What nbgrader's feedback HTML may show a student.

`nbgrader generate_feedback` renders the autograded notebook, where the test cells hold the hidden
tests again. HideHiddenTests, in GenerateFeedback.preprocessors (nbgrader_config.py), removes them:
the hidden region of every test cell's source, and every traceback of a test cell (its frames quote
the failing line, which may be a hidden one). The error name and message stay, so the student still
reads what was wrong.
"""
from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources
