"""Checks that compare a learner's function with TensorFlow on fresh random inputs.

`checks.check_<exercise>(function, ...)` is what a notebook's test cell calls. Each builds its
inputs from a seed, computes the reference with TensorFlow or Keras inside the check, calls the
learner's function, and raises `CheckFailed` (an AssertionError) with a message in plain words
when the answers differ. Called with only the function, a check runs its *visible cases*: the
shapes that expose axis and order mistakes (an input width equal to and different from
num_units, a batch of 1, a batch equal to the number of time steps, square matrices).

One module per notebook (num_units, fused_kernel, h_versus_c, gradients, embeddings,
encoder_decoder);
shared parts: `compare` (calling, comparing, messages), `reference` (TensorFlow's answers and the
NumPy LSTM that recognises mistakes) and `probe` (questions asked of a wrong answer to find the
part that is wrong).
"""
from .compare import TOLERANCE, CheckFailed  # noqa: F401
from .embeddings import (check_embedding_lookup, check_make_char_batches, check_one_hot_embedding,  # noqa: F401
                         check_project_to_vocab, check_split_and_squeeze)
from .encoder_decoder import check_encode, check_greedy_decode  # noqa: F401
from .fused_kernel import check_basic_lstm_cell_step, check_keras_lstm_cell_step, check_keras_to_fused  # noqa: F401
from .gradients import check_cell_path_gradient, check_lstm_sequence_backward, check_lstm_step_backward  # noqa: F401
from .h_versus_c import check_cell_state_sequence, check_lstm_sequence, check_stacked_lstm  # noqa: F401
from .num_units import check_lstm_output_shapes, check_lstm_param_count, check_one_hot, check_simple_rnn_step  # noqa: F401
from .reference import fused_lstm_reference  # noqa: F401


class FreshCases:
    """The checks as the grader's re-check of a test cell calls them: every case the cell asks for is run
    on fresh inputs (`visible_cases`' `fresh` rule, with `rng` the grader's random source), never on the
    seeds written in the notebook. What is not a check (TOLERANCE, CheckFailed) is passed through."""

    def __init__(self, rng):
        self._rng = rng

    def __getattr__(self, name):
        import sys

        value = getattr(sys.modules[__name__], name)
        if not name.startswith("check_"):
            return value
        if not hasattr(value, "run_fresh"):  # fail closed: a check the grader cannot vary gives no points
            raise TypeError(f"{name} has no fresh cases (visible_cases) and cannot be re-checked")
        return lambda function, *args, **case: value.run_fresh(function, self._rng, args, case)
