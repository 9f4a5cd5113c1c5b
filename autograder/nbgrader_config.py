"""nbgrader configuration for the course.

`python3 course.py release` and `python3 course.py grade` copy this file into
the nbgrader course folder they work in; an instructor running nbgrader by
hand can copy it into their own course folder.
"""
import lstm_course  # sets TF_CPP_MIN_LOG_LEVEL and TF_ENABLE_ONEDNN_OPTS for the kernels

c = get_config()  # noqa: F821  provided by traitlets when it loads this file

c.CourseDirectory.course_id = "lstm-internals"

# nbgrader's default of 30 s per cell is too short for TensorFlow (lstm_course says why).
# (`course.py grade --cell-timeout SECONDS` overrides it for one run.)
c.Execute.timeout = lstm_course.CELL_TIMEOUT_SECONDS
c.Execute.startup_timeout = lstm_course.KERNEL_STARTUP_SECONDS

# Submissions may be broken or hostile: lstm_course/autograde.py says what these add
# to nbgrader's own steps. In short: a cell that hangs or kills its kernel costs that
# cell's points only (the kernel is restarted and the notebook goes on); every kernel
# has a memory cap; a cell keeps at most max_output_chars of text and max_display_chars
# of figures; every test cell is checked again outside the student's kernel; test cells
# that were deleted, tagged skip-execution or marked ungraded are put back as the
# instructor wrote them.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "lstm_course.autograde.RestoreGradedCells",  # nbgrader's OverwriteCells, and flags and tags
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "lstm_course.autograde.GradingExecute",      # nbgrader's Execute, and the above
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.OverwriteCells.add_missing_cells = True  # a deleted test cell comes back (and runs)
# RLIMIT_DATA of each grading kernel, in MB; TensorFlow and the course's notebooks need
# about 1.3 GB. `course.py grade --memory-limit MB` overrides it (0: no cap).
c.GradingExecute.memory_limit_mb = 3072
c.GradingExecute.max_output_chars = 100_000     # text (print, errors) per cell, as it arrives
c.GradingExecute.max_display_chars = 2_000_000  # figures and other displays per cell
c.LimitOutput.max_lines = 1000                  # nbgrader's own limits, applied after the run
c.LimitOutput.max_traceback = 100

# What replaces a solution in the student version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback goes to students: strip hidden tests and tracebacks from test cells
# (lstm_course/feedback.py says why), after the grades are read.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "lstm_course.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
