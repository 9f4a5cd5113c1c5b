"""The CSV files of a grading run, written so that no name can break or forge them.

A student folder's name reaches grades.csv and problems.csv. Joined with commas, as nbgrader's own
CsvExportPlugin writes, a name with a comma or a newline shifts the columns or writes a row of its own,
and a name that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet. Here every file is written
by the csv module (fields with commas, quotes or newlines quoted), and every text field that a
spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice for CSV injection).
Numbers are written as numbers."""
import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import CsvExportPlugin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A field as the csv module should write it: None as empty, text that a spreadsheet would evaluate
    with a leading apostrophe, numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return value


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as table:
        writer = csv.writer(table, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows([safe_cell(value) for value in row] for row in rows)
    return path


class SafeCsvExportPlugin(CsvExportPlugin):
    """nbgrader's CSV export (`nbgrader export`: the same columns and the same scores) written with
    write_csv. An instructor can use it with nbgrader's own command:
    `nbgrader export --exporter=lstm_grader.tables.SafeCsvExportPlugin`."""

    KEYS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
            "raw_score", "late_submission_penalty", "score", "max_score"]

    def rows(self, gradebook):
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        for assignment in gradebook.assignments:
            if assignments and assignment.name not in assignments:
                continue
            for student in gradebook.students:
                if students and student.id not in students:
                    continue
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    timestamp, raw, penalty = None, 0.0, 0.0
                else:
                    timestamp, raw, penalty = submission.timestamp, submission.score, submission.late_submission_penalty
                yield [assignment.name, assignment.duedate, timestamp, student.id, student.last_name,
                       student.first_name, student.email, raw, penalty, max(0.0, raw - (penalty or 0.0)),
                       assignment.max_score]

    def export(self, gradebook):
        write_csv(self.to or "grades.csv", self.KEYS, self.rows(gradebook))
