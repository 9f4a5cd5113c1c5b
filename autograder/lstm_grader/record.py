"""The record of a class, in the --out folder, written by the coordinator alone:

    gradebook.db                         nbgrader's gradebook (SQLite), kept across runs
    autograded/<student>/<nb>/<nb>.ipynb the executed notebooks
    feedback/<student>/<nb>/<nb>.html    feedback for students (no hidden tests)
    logs/<student>/<nb>.log              what nbgrader said while grading it
    grades.csv                           one row per student and notebook (nbgrader's CSV export)
    problems.csv                         one row per problem

A run records what it grades and nothing else: a notebook graded again replaces its earlier record (a
notebook that can no longer be graded has no grades left from an older copy), and every other
student's and notebook's record, files and rows stay byte for byte as they were. No run deletes a
record because the submissions folder no longer holds it: `remove_missing` (the grade command's
--remove-missing) does, and says what it removed.
"""
import csv
import shutil
from pathlib import Path

from .nbgrader_app import generate_assignments, task_log
from .tables import SafeCsvExportPlugin, safe_cell, write_csv


class Record:
    def __init__(self, out, assignments, definitions, work):
        """Open the record in `out`, or start it from `definitions` (a gradebook that defines
        `assignments` and nothing else); an existing record gets them again (generated in `work`)."""
        from nbgrader.api import Gradebook
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.assignments = list(assignments)
        self.db_url = f"sqlite:///{self.out / 'gradebook.db'}"
        if (self.out / "gradebook.db").exists():
            generate_assignments(Path(work) / "record", self.assignments, db_url=self.db_url,
                                 log=task_log("record")[0])
        else:
            shutil.copy(definitions, self.out / "gradebook.db")
        self.gradebook = Gradebook(self.db_url)
        self.recorded = set()

    def close(self):
        self.gradebook.close()

    def _files(self, student, assignment):
        return [self.out / "autograded" / student / assignment, self.out / "feedback" / student / assignment,
                self.out / "logs" / student / f"{assignment}.log"]

    def _forget(self, student, assignment):
        from nbgrader.api import MissingEntry

        try:
            self.gradebook.remove_submission(assignment, student)
        except MissingEntry:
            pass
        for path in self._files(student, assignment):
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            if path.parent.is_dir() and not any(path.parent.iterdir()):
                path.parent.rmdir()  # the student's folder, when nothing of theirs is left in it

    def start_run(self, students, handed_in, assignments=None, remove_missing=False, whole_folder=True):
        """Every student of this run gets a row. What the record holds beyond this run's notebooks stays,
        unless `remove_missing`: then the notebooks of this run's students that are not handed in now
        are taken out, and (when the run covers the whole folder, `whole_folder`) every student who
        is not in it. Returns (removed, kept): what was taken out, and what stays without a file
        behind it now, as 'student' or 'student/notebook'."""
        assignments = list(assignments or self.assignments)
        self.scope = {(student, assignment) for student in students for assignment in assignments}
        self.whole_folder, self.kept_students, self.run_assignments = whole_folder, [], assignments
        removed, kept = [], []
        if whole_folder:
            gone = sorted({s.id for s in self.gradebook.students} - set(students))
            for student in gone:
                if remove_missing:
                    for assignment in self.assignments:
                        self._forget(student, assignment)
                    self.gradebook.remove_student(student)
                    for kind in ("autograded", "feedback", "logs"):
                        shutil.rmtree(self.out / kind / student, ignore_errors=True)
                    removed.append(student)
                else:
                    kept.append(student)
                    self.kept_students.append(student)
        for student in students:
            self.gradebook.update_or_create_student(student)
            for assignment in assignments:
                if (student, assignment) in handed_in or not self._has(student, assignment):
                    continue
                if remove_missing:
                    self._forget(student, assignment)
                    removed.append(f"{student}/{assignment}")
                else:
                    kept.append(f"{student}/{assignment}")
        return removed, kept

    def _keeps_row(self, student, assignment):
        """Whether a row of an earlier problems.csv (its fields as written) is about what this run left alone."""
        scope = getattr(self, "scope", None)
        if scope is None or student == "(all)":
            return False
        if assignment and assignment not in self.run_assignments:
            return True
        if self.whole_folder:  # this run saw every entry again: only the students it kept keep their rows
            return student in {safe_cell(s) for s in self.kept_students}
        if not assignment:
            return student not in {safe_cell(s) for s, _ in scope}
        return (student, assignment) not in {(safe_cell(s), a) for s, a in scope}

    def _has(self, student, assignment):
        from nbgrader.api import MissingEntry

        try:
            self.gradebook.find_submission(assignment, student)
        except MissingEntry:
            return any(path.exists() for path in self._files(student, assignment))
        return True

    def add(self, result):
        """Record one task's result. A second result for the same notebook in one run is ignored."""
        if result.key in self.recorded:
            return False
        self.recorded.add(result.key)
        student, assignment = result.key
        if not result.graded:
            self._forget(student, assignment)
        else:  # the submission stays, with any grade a person gave it, as nbgrader's autograde keeps it
            for path in self._files(student, assignment):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            gradebook = self.gradebook
            gradebook.update_or_create_submission(assignment, student)
            for name, score in result.grades.items():
                grade = gradebook.find_grade(name, assignment, assignment, student)
                grade.auto_score = score
                # as nbgrader's SaveAutoGrades: a person looks again where a person graded before
                grade.needs_manual_grade = grade.manual_score is not None or score is None
            for name, text in result.comments.items():
                gradebook.find_comment(name, assignment, assignment, student).auto_comment = text
            gradebook.db.commit()
        autograded, feedback, log = self._files(student, assignment)
        for path, content in ((autograded / f"{assignment}.ipynb", result.autograded),
                              (feedback / f"{assignment}.html", result.feedback),
                              (log, result.log.encode() if result.log else None)):
            if content is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        return True

    def write_grades(self):
        """grades.csv: nbgrader's CSV export, written so that no name breaks it (tables.py)."""
        SafeCsvExportPlugin(to=str(self.out / "grades.csv")).export(self.gradebook)
        return self.out / "grades.csv"

    def write_problems(self, problems):
        """problems: (student, assignment, Problem) of this run; one row each, sorted. The rows of an
        earlier problems.csv about students and notebooks this run did not grade stay as they were."""
        path = self.out / "problems.csv"
        header = ["student_id", "assignment", "cell", "kind", "problem"]
        rows = {tuple(safe_cell(v) for v in (student, assignment, p.cell, p.kind, p.text()))
                for student, assignment, p in problems}
        if path.exists():
            with open(path, newline="", encoding="utf-8") as table:
                rows |= {tuple(row) for row in csv.reader(table) if len(row) == len(header) and row != header
                         and self._keeps_row(row[0], row[1])}
        return write_csv(path, header, sorted(rows))

    def max_scores(self):
        """{assignment: the most points it gives}."""
        return {a.name: a.max_score for a in self.gradebook.assignments if a.name in self.assignments}

    def scores(self):
        """{(student, assignment): {"score", "max_score", "cells": {grade_id: (score, max_score)}}}."""
        from nbgrader.api import MissingEntry

        scores = {}
        for student in self.gradebook.students:
            for assignment in self.assignments:
                try:
                    notebook = self.gradebook.find_submission_notebook(assignment, assignment, student.id)
                except MissingEntry:
                    continue
                scores[student.id, assignment] = {
                    "score": notebook.score, "max_score": notebook.max_score,
                    "cells": {g.name: (g.score, g.max_score) for g in notebook.grades}}
        return scores
