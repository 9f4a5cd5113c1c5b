"""What can go wrong in grading one notebook, as data: a Problem has a kind (a fixed word the code
tests), the cell it concerns (or "") and a detail for the instructor. problems.csv has one row per
problem; `text()` is what its `problem` column says."""
from dataclasses import dataclass

KINDS = {
    # found in a cell while the notebook ran (preprocessors.grading_execute)
    "timed_out": "timed out",
    "kernel_died": "the kernel died",
    "out_of_memory": "out of memory",
    "process_limit": "hit the limit on processes and threads",
    "recheck_failed": "passed in the notebook but failed when the grader checked it again",
    "not_run": "not run",
    "output_cut": "output over the grader's caps was dropped",
    "kernel_tampered": "the kernel changed the grader's connection to it",
    # found in the notebook before it ran (task.py)
    "duplicate_cell": "a copy of a graded or answer cell (same grade_id), graded as an ordinary cell",
    "unknown_cell": "a cell with nbgrader metadata the course does not have, graded as an ordinary cell",
    # found for a whole notebook (task.py)
    "not_a_notebook": "not graded, not a valid notebook",
    "nbgrader_failed": "nbgrader could not grade it",
    "grading_failed": "the grader failed on it",
    "sandbox_unavailable": "not graded, the worker cannot start a sandbox",
    "worker_lost": "the grading process died while grading it",
    # found in the submissions folder (collect.py)
    "unknown_notebook": "handed in a notebook the course does not have, not graded",
    "other_files": "handed in other files, not used for grading",
    "nothing_handed_in": "handed in none of the course's notebooks",
    "not_handed_in": "not handed in",
    "link_refused": "a symbolic link, not followed and not graded",
    "not_a_student_folder": "not a student folder, not graded",
    "bad_name": "a name the grader cannot record, not graded",
    # about the whole run
    "no_sandbox": "graded without the sandbox (--no-sandbox)",
}


@dataclass(frozen=True, order=True)
class Problem:
    kind: str
    detail: str = ""
    cell: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of problem: {self.kind!r}")

    def text(self):
        return KINDS[self.kind] + (f": {self.detail}" if self.detail else "")
