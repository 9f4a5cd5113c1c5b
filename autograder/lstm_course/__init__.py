"""Helpers for the course *LSTM internals in TensorFlow*.

`import lstm_course` first in a notebook: it keeps TensorFlow's start-up log
lines out of the notebook (they would otherwise appear as red stderr output).
It does not import TensorFlow itself.
"""
import os

# TF_CPP_MIN_LOG_LEVEL=2 hides TensorFlow's INFO and WARNING lines from C++;
# the oneDNN notice ignores that level and is only silenced by turning the
# oneDNN custom ops off, which also makes float results repeatable run to run.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}

for _name, _value in TF_QUIET_ENV.items():
    os.environ.setdefault(_name, _value)
