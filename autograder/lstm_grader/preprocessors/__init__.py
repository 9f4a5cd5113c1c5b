"""nbgrader preprocessors of the course's grader, one per file (nbgrader_config.py puts them in place)."""
from .grading_execute import GradingExecute
from .hide_hidden_tests import HideHiddenTests
from .restore_graded_cells import RestoreGradedCells

__all__ = ["GradingExecute", "HideHiddenTests", "RestoreGradedCells"]
