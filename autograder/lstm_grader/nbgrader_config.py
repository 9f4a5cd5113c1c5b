"""nbgrader configuration for the course.

`python3 course.py release` and `python3 course.py grade` load this file (nbgrader_app.load_config);
an instructor running nbgrader by hand can copy it into their own course folder.
"""
import lstm_course  # sets TF_CPP_MIN_LOG_LEVEL and TF_ENABLE_ONEDNN_OPTS for the kernels

c = get_config()  # noqa: F821  provided by traitlets when it loads this file

c.CourseDirectory.course_id = "lstm-internals"

# nbgrader's default of 30 s per cell is too short for TensorFlow (lstm_course says why).
# (`course.py grade --cell-timeout SECONDS` overrides it for one run.)
c.Execute.timeout = lstm_course.CELL_TIMEOUT_SECONDS
c.Execute.startup_timeout = lstm_course.KERNEL_STARTUP_SECONDS

# Submissions may be broken or hostile: lstm_grader/preprocessors/ says what these add to nbgrader's
# own steps. In short: every kernel runs in a sandbox with caps on memory, processes and file size;
# a cell that hangs or kills its kernel costs that cell's points only (the kernel is restarted and
# the notebook goes on); a cell keeps at most max_output_chars of text and max_display_chars of
# figures; every test cell is checked again outside the student's kernel; test cells that were
# deleted, tagged skip-execution or marked ungraded are put back as the instructor wrote them.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "lstm_grader.preprocessors.RestoreGradedCells",  # nbgrader's OverwriteCells, and flags and tags
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "lstm_grader.preprocessors.GradingExecute",      # nbgrader's Execute, and the above
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.OverwriteCells.add_missing_cells = True  # a deleted test cell comes back (and runs)
# The sandbox of each grading kernel (lstm_grader/sandbox.py). RLIMIT_DATA in MB: TensorFlow and
# the course's notebooks need about 1.3 GB. `course.py grade --memory-limit MB` overrides it (0: no cap).
c.SandboxedKernelManager.memory_limit_mb = 3072
c.SandboxedKernelManager.max_processes = 256    # processes and threads; a kernel uses about 60
c.SandboxedKernelManager.tmp_mb = 256           # the kernel's private /tmp
c.SandboxedKernelManager.max_file_mb = 1024     # largest file a kernel may write
c.GradingExecute.max_output_chars = 100_000     # text (print, errors) per cell, as it arrives
c.GradingExecute.max_display_chars = 2_000_000  # figures and other displays per cell
c.LimitOutput.max_lines = 1000                  # nbgrader's own limits, applied after the run
c.LimitOutput.max_traceback = 100

# What replaces a solution in the student version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback goes to students: strip hidden tests and tracebacks from test cells
# (lstm_grader/preprocessors/hide_hidden_tests.py says why), after the grades are read.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "lstm_grader.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
