"""Grades from the gradebook into a file that an LMS imports as it is (`course.py export`).

    python3 course.py export --format canvas|moodle|csv --roster ROSTER.csv [--grading DIR] [--out FILE]

The roster maps submission folders to the LMS's students: a CSV file with the columns `folder` (the
student's folder in the submissions folder) and `lms_id` (the LMS's id of that student), and, where the
LMS needs them, `name`, `email` and `section`. Every roster student gets a row: one with no record in
the gradebook gets 0 on every notebook and a line in the report; a student of the gradebook who is not
in the roster is named in the report, never dropped silently. Each notebook is one column; the last is
the total. Every text field goes through tables.safe_cell (no spreadsheet evaluates a name) and the
csv module (a name with commas, quotes or newlines stays one field).

Canvas (`--format canvas`): the Gradebook's "Import" reads a CSV file whose header row starts with
the student columns `Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, then one column per
assignment. What Canvas's importer checks, in canvas-lms's app/models/gradebook_importer.rb: a header
"row[0] =~ /Student/ && row[1] =~ /ID/", "SIS User ID" and "SIS Login ID" as the third and fourth
columns, and a last student column that matches /Section/; a row whose first field matches
/Points Possible/ "is describing the assignment, has no student data" and gives each assignment its
points; trailing columns that match "Current Score|Current Points|Current Grade|Final Score|Final
Points|Final Grade" are read-only and dropped. Students are found by ID, then SIS User ID, then SIS
Login ID, then name. So: `lms_id` goes into `SIS User ID`, the total into `Final Points` (Canvas shows
its own total and ignores this one), and a `Points Possible` row gives each notebook its maximum.
Canvas creates an assignment for a column it does not know yet, named as the notebook.

Moodle (`--format moodle`): Grades > Import > CSV file reads a CSV file with a header row and asks,
under "Identify user by", which column holds the user ("Map from") and which user field it is ("Map
to": in grade/import/csv/classes/load_data.php, map_user_data_with_value knows 'userid', 'username',
'useridnumber' and 'useremail'), then maps each other column to a grade item or to a new one. So: the
columns `ID number` (lms_id), `Email address`, `Full name`, one per notebook, and `Course total` (leave
it unmapped: Moodle computes its own).

`--format csv`: the same rows for any other system: `folder`, `lms_id`, `name`, one column per notebook,
`total`, `max_total`.
"""
import argparse
import csv
import sys
from pathlib import Path

from .tables import safe_cell, write_csv

FORMATS = ("canvas", "moodle", "csv")


def read_roster(path):
    """{folder: {"lms_id", "name", "email", "section"}} from the roster CSV; SystemExit with the reason when
    it cannot be read or lacks the two columns every format needs."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as table:
            rows = list(csv.DictReader(table))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SystemExit(f"the roster {path} cannot be read: {error}")
    if not rows or not {"folder", "lms_id"} <= set(rows[0]):
        raise SystemExit(f"the roster {path} needs the columns folder and lms_id (and, as the LMS needs them, "
                         "name, email, section)")
    roster = {}
    for number, row in enumerate(rows, start=2):
        folder = (row.get("folder") or "")
        if not folder or folder in roster:
            raise SystemExit(f"the roster {path}, line {number}: {'an empty folder' if not folder else 'folder ' + repr(folder) + ' twice'}")
        roster[folder] = {key: (row.get(key) or "") for key in ("lms_id", "name", "email", "section")}
    return roster


def gradebook_scores(grading):
    """(notebooks, max scores, {student: {notebook: score}}) from the gradebook in the folder `grading`:
    the score after nbgrader's late penalty, as grades.csv gives it."""
    from nbgrader.api import Gradebook, MissingEntry

    from . import assignments

    database = Path(grading) / "gradebook.db"
    if not database.exists():
        raise SystemExit(f"no gradebook in {grading}: grade first (course.py grade SUBMISSIONS --out {grading})")
    course = assignments()
    with Gradebook(f"sqlite:///{database}") as gradebook:
        known = {a.name: a for a in gradebook.assignments}
        notebooks = [name for name in course if name in known]
        maximum = {name: float(known[name].max_score) for name in notebooks}
        scores = {}
        for student in gradebook.students:
            scores[student.id] = {}
            for name in notebooks:
                try:
                    submission = gradebook.find_submission(name, student.id)
                except MissingEntry:
                    continue
                scores[student.id][name] = max(0.0, submission.score - (submission.late_submission_penalty or 0.0))
    return notebooks, maximum, scores


def rows_for(fmt, roster, notebooks, maximum, scores):
    """(header, rows) of one format; every roster student one row, in the roster's order."""
    total_max = sum(maximum.values())
    people = []
    for folder, who in roster.items():
        marks = [scores.get(folder, {}).get(name, 0.0) for name in notebooks]
        people.append((folder, who, marks, sum(marks)))
    if fmt == "canvas":
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *notebooks, "Final Points"]
        rows = [["Points Possible", "", "", "", "", *[maximum[n] for n in notebooks], total_max]]
        rows += [[who["name"] or folder, "", who["lms_id"], "", who["section"], *marks, total]
                 for folder, who, marks, total in people]
    elif fmt == "moodle":
        header = ["ID number", "Email address", "Full name", *notebooks, "Course total"]
        rows = [[who["lms_id"], who["email"], who["name"] or folder, *marks, total] for folder, who, marks, total in people]
    else:
        header = ["folder", "lms_id", "name", *notebooks, "total", "max_total"]
        rows = [[folder, who["lms_id"], who["name"], *marks, total, total_max] for folder, who, marks, total in people]
    return header, rows


def export(grading, fmt, roster_path, out=None):
    """Write the file; return (its path, the report's lines)."""
    if fmt not in FORMATS:
        raise SystemExit(f"no format {fmt!r}; the formats are {', '.join(FORMATS)}")
    roster = read_roster(roster_path)
    notebooks, maximum, scores = gradebook_scores(grading)
    header, rows = rows_for(fmt, roster, notebooks, maximum, scores)
    out = Path(out or Path(grading) / f"export-{fmt}.csv")
    write_csv(out, header, rows)
    report = [f"{folder!r} ({who['lms_id']}): in the roster, no record in the gradebook: 0 on every notebook"
              for folder, who in roster.items() if folder not in scores]
    report += [f"{student!r}: graded, not in the roster: not in the file (add the student to the roster)"
               for student in sorted(scores) if student not in roster]
    return out, report


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course.py export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=FORMATS, required=True, help="the LMS the file is for")
    parser.add_argument("--roster", type=Path, required=True, metavar="ROSTER.csv",
                        help="columns folder and lms_id, and name, email, section as the LMS needs them")
    parser.add_argument("--grading", type=Path, default=Path("grading"), metavar="DIR",
                        help="the grading folder (course.py grade's --out; default ./grading)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="where to write (default DIR/export-FORMAT.csv)")
    args = parser.parse_args(argv)
    out, report = export(args.grading, args.format, args.roster, args.out)
    with open(out, newline="", encoding="utf-8") as table:
        count = sum(1 for _ in csv.reader(table)) - 1
    print(f"wrote {out}: {count} rows for {args.format}")
    for line in report:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
