"""What the instructor sees while a class is graded and after: a progress bar (tqdm) and a summary
that fits a terminal whatever the size of the class."""
import statistics
import sys

from tqdm import tqdm


class Progress:
    """done / total notebooks, how many had problems so far, elapsed and remaining time."""

    def __init__(self, total, enabled=True):
        self.with_problems = 0
        self.bar = tqdm(total=total, unit="notebook", desc="grading", file=sys.stderr, disable=not enabled,
                        dynamic_ncols=True, smoothing=0.05, mininterval=1.0)
        self.bar.set_postfix_str("0 with problems", refresh=False)

    def update(self, result):
        if result.problems:
            self.with_problems += 1
            self.bar.set_postfix_str(f"{self.with_problems} with problems", refresh=False)
        self.bar.update()

    def close(self):
        self.bar.close()


def _number(value):
    return f"{value:.3g}" if value == value else "-"


def summary(scores, students, assignments, problems, max_scores=None):
    """Per notebook: students, how many notebooks were graded, the mean and median score over all
    students (0 for one not handed in or not gradable, as in grades.csv), how many got full, partial
    and zero marks, and the number of problems."""
    header = ["notebook", "students", "graded", "mean", "median", "full", "partial", "zero", "problems"]
    rows = []
    for assignment in assignments:
        entries = [scores.get((student, assignment)) for student in students]
        maximum = (max_scores or {}).get(assignment) or next((e["max_score"] for e in entries if e), float("nan"))
        values = [e["score"] if e else 0.0 for e in entries]
        full = sum(1 for e in entries if e and e["score"] == e["max_score"])
        zero = sum(1 for v in values if v == 0)
        rows.append([assignment, len(students), sum(1 for e in entries if e),
                     f"{_number(statistics.mean(values)) if values else '-'} / {_number(maximum)}",
                     f"{_number(statistics.median(values)) if values else '-'}",
                     full, len(values) - full - zero, zero,
                     sum(1 for _, a, _p in problems if a == assignment)])
    other = sum(1 for _, a, _p in problems if a not in assignments)
    widths = [max(len(str(row[k])) for row in rows + [header]) for k in range(len(header))]
    lines = ["  ".join(str(cell).rjust(width) if k else str(cell).ljust(width)
                       for k, (cell, width) in enumerate(zip(row, widths))) for row in [header] + rows]
    if other:
        lines.append(f"and {other} problem(s) about submission folders as a whole")
    return "\n".join(lines)
