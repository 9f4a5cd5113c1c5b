"""`course.py export`: the gradebook of the made-up class (conftest's `graded`) as the files Canvas,
Moodle and any other system import, read back with the csv module and compared with the gradebook."""
import csv
import subprocess
import sys

import pytest

from conftest import ASSIGNMENTS, ROOT
from lstm_grader import export

HOSTILE_NAME = '=HYPERLINK("x";"y"), "Doe"\nJane'


def write_roster(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as table:
        writer = csv.writer(table)
        writer.writerow(["folder", "lms_id", "name", "email", "section"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def roster(graded, tmp_path_factory):
    return write_roster(tmp_path_factory.mktemp("roster") / "roster.csv", [
        ("solutions", "S-1", "Sol Utions", "sol@example.org", "A"),
        ("half_done", "S-2", HOSTILE_NAME, "half@example.org", "B"),
        ("+ghost", "S-3", "-Gone Missing", "ghost@example.org", "A"),   # in the roster, never graded
    ])


def read_back(path):
    with open(path, newline="", encoding="utf-8") as table:
        return list(csv.reader(table))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_the_export_holds_the_gradebook_s_scores_one_row_per_roster_student(graded, roster, fmt, tmp_path):
    out, report = export.export(graded["course"], fmt, roster, tmp_path / f"{fmt}.csv")
    rows = read_back(out)
    header, body = rows[0], rows[1:]
    assert len({len(row) for row in rows}) == 1, "rows of different lengths"
    first = {"canvas": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
             "moodle": ["ID number", "Email address", "Full name"], "csv": ["folder", "lms_id", "name"]}[fmt]
    assert header[:len(first)] == first and header[len(first):len(first) + len(ASSIGNMENTS)] == ASSIGNMENTS
    if fmt == "canvas":
        points, body = body[0], body[1:]
        maximum = [graded["run"].max_scores[a] for a in ASSIGNMENTS]
        assert points[0] == "Points Possible" and [float(v) for v in points[5:-1]] == maximum
        assert float(points[-1]) == sum(maximum) and header[-1] == "Final Points"
    assert len(body) == 3
    by_id = {row[header.index({"canvas": "SIS User ID", "moodle": "ID number", "csv": "lms_id"}[fmt])]: row
             for row in body}
    for folder, lms_id in (("solutions", "S-1"), ("half_done", "S-2")):
        marks = [float(v) for v in by_id[lms_id][len(first):len(first) + len(ASSIGNMENTS)]]
        assert marks == [graded["scores"][folder, a]["score"] for a in ASSIGNMENTS], (fmt, folder)
        assert float(by_id[lms_id][len(first) + len(ASSIGNMENTS)]) == sum(marks)
    ghost = by_id["S-3"][len(first):len(first) + len(ASSIGNMENTS) + 1]
    assert [float(v) for v in ghost] == [0.0] * (len(ASSIGNMENTS) + 1)
    formulas = [field for row in body for field in row if field[:1] in ("=", "+", "-", "@")]
    assert not formulas, f"{fmt}: fields a spreadsheet would evaluate: {formulas}"
    if fmt != "csv":
        name_column = header.index({"canvas": "Student", "moodle": "Full name"}[fmt])
        assert by_id["S-2"][name_column] == "'" + HOSTILE_NAME, "a name with a formula, commas, quotes, a newline"
    assert any("'+ghost'" in line and "no record" in line for line in report), report
    not_in_roster = {"untouched", "written_differently", "wrong_answers", "forged", "nothing_handed_in"}
    assert all(any(repr(s) in line and "not in the roster" in line for line in report) for s in not_in_roster), report


def test_the_export_command_says_what_it_wrote_and_what_is_missing(graded, roster, tmp_path):
    out = tmp_path / "canvas.csv"
    said = subprocess.run([sys.executable, "-m", "lstm_grader", "export", "--format", "canvas", "--roster", str(roster),
                           "--grading", str(graded["course"]), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert f"wrote {out}: 4 rows for canvas" in said and "not in the roster" in said and "no record" in said


def test_a_roster_without_the_needed_columns_is_refused_with_the_reason(graded, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("student,id\nann,1\n")
    with pytest.raises(SystemExit, match="needs the columns folder and lms_id"):
        export.export(graded["course"], "canvas", bad)
