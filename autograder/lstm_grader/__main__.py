"""`python -m lstm_grader COMMAND ...`: what `python3 course.py COMMAND` runs for instructors."""
import sys

from .cli import main

sys.exit(main())
