"""What nbgrader's feedback HTML may show a student.

`nbgrader generate_feedback` renders the autograded notebook, where the test cells hold the hidden
tests again. HideHiddenTests, in GenerateFeedback.preprocessors (nbgrader_config.py), removes them:
the hidden region of every test cell's source, and every traceback of a test cell (its frames quote
the failing line, which may be a hidden one). The error name and message stay, so the student still
reads what was wrong.

Hidden tests never run in the student's kernel (GradingExecute runs a test cell there without them),
so no output of the notebook should hold one. Should one anyway (a check that echoes its call, a
learner's function that prints its caller's source), every line of every hidden test is also cut out of
every output of every cell: text, errors, and the text of rich outputs (HTML, SVG, JSON, plain text).
"""
from nbgrader.preprocessors import ClearHiddenTests

HIDDEN = "[hidden test]"


class HideHiddenTests(ClearHiddenTests):
    def preprocess(self, nb, resources):
        self._hidden_lines = sorted({line.strip() for cell in nb.cells for line in self._hidden_region(cell)
                                     if len(line.strip()) >= 8}, key=len, reverse=True)
        return super().preprocess(nb, resources)

    def _hidden_region(self, cell):
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("grade"):
            return []
        lines, inside = [], False
        for line in cell.source.split("\n"):
            if self.begin_test_delimeter in line:
                inside = True
            elif self.end_test_delimeter in line:
                inside = False
            elif inside:
                lines.append(line)
        return lines

    def _scrub(self, text):
        if not isinstance(text, str):
            return text
        for line in self._hidden_lines:
            if line in text:
                text = text.replace(line, HIDDEN)
        return text

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type != "code":
            return cell, resources
        graded = cell.metadata.get("nbgrader", {}).get("grade")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                if graded:
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
                output["ename"], output["evalue"] = self._scrub(output.get("ename")), self._scrub(output.get("evalue"))
                output["traceback"] = [self._scrub(line) for line in output.get("traceback", [])]
            if "text" in output:
                text = output["text"]
                output["text"] = [self._scrub(t) for t in text] if isinstance(text, list) else self._scrub(text)
            for mime, value in list(output.get("data", {}).items()):
                if isinstance(value, list):
                    output["data"][mime] = [self._scrub(v) for v in value]
                elif isinstance(value, str) and not mime.startswith(("image/png", "image/jpeg", "image/gif")):
                    output["data"][mime] = self._scrub(value)
        return cell, resources
