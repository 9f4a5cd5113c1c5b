"""Checks of notebook 3, h versus c: lstm_sequence, cell_state_sequence, stacked_lstm."""
import numpy as np

from . import reference
from .compare import as_array, call_learner, compare, fail, passed, visible_cases
from .probe import LSTMLayout, explain_sequence, first_differing_step, probe_lstm_step
from .reference import keras_lstm, random_lstm_weights, run_numpy_lstm, sequence_case

SEQUENCE_AXES = ("batch", "time", "num_units")
SEQUENCE_CASES = (dict(batch=2, time_steps=5, input_dim=3, units=4, seed=0),
                  dict(batch=3, time_steps=3, input_dim=4, units=4, seed=1),   # batch = time steps, input width = num_units
                  dict(batch=1, time_steps=4, input_dim=2, units=5, seed=2),   # a batch of 1
                  dict(batch=4, time_steps=4, input_dim=3, units=3, seed=3),
                  dict(batch=2, time_steps=3, input_dim=1, units=2, seed=4))   # an input width of 1


def sequence_probe(got, want, one_step, batch, input_dim, units, seed, what):
    """A probe for a sequence: where it first leaves TensorFlow's; when that is the first step, which
    part of the step (asked through `one_step`, the learner's function on one-step sequences)."""
    def probe():
        if first_differing_step(as_array(got, what), want) == 0:
            message = probe_lstm_step(one_step, reference.keras_lstm_step, LSTMLayout("ifgo"), batch, input_dim,
                                      units, seed)
            if message:
                return "already the first time step differs: " + message
        return explain_sequence(as_array(got, what), want, what)
    return probe


@visible_cases(*SEQUENCE_CASES)
def check_lstm_sequence(lstm_sequence, batch=2, time_steps=5, input_dim=3, units=4, seed=0):
    """lstm_sequence(inputs, [h0, c0], kernel, recurrent_kernel, bias) -> (whole_sequence, h_T, c_T)
    against keras.layers.LSTM(return_sequences=True, return_state=True) called with initial_state."""
    inputs, h0, c0, weights = sequence_case(seed, batch, time_steps, input_dim, units)
    kernel, recurrent_kernel, bias = weights
    layer = keras_lstm(weights, return_sequences=True, return_state=True)
    want_seq, want_h, want_c = (np.asarray(t) for t in layer(inputs, initial_state=[h0, c0]))

    result = call_learner(lstm_sequence, inputs.copy(), [h0.copy(), c0.copy()], kernel.copy(), recurrent_kernel.copy(),
                   bias.copy(), hint="inputs are [batch, time, input_dim]: step over axis 1, the time axis")
    try:
        got_seq, got_h, got_c = result
    except Exception:
        fail("lstm_sequence should return three arrays: (whole_sequence, h_T, c_T)")

    all_h, all_c = run_numpy_lstm(inputs.astype(np.float64), h0, c0, kernel, recurrent_kernel, bias)
    zero_h, zero_c = run_numpy_lstm(inputs.astype(np.float64), 0 * h0, 0 * c0, kernel, recurrent_kernel, bias)
    reset_h, reset_c = run_numpy_lstm(inputs.astype(np.float64), h0, c0, kernel, recurrent_kernel, bias,
                                       reset_every_step=True)
    ignored_initial = "the initial state was ignored: the first step must start from the given [h0, c0]"
    reset_each_step = "the state was reset at every step: carry h and c from one step to the next"
    common = [(zero_h, ignored_initial), (reset_h, reset_each_step),
              (all_c, "this is the sequence of c; the whole sequence is every h_t")]
    shape_hints = [((time_steps, batch, units), "the time axis comes second: [batch, time, num_units]")]
    if batch == time_steps:  # stepping over the batch axis gives the right shape but the wrong numbers
        by_batch_h, _ = run_numpy_lstm(np.swapaxes(inputs, 0, 1).astype(np.float64), h0, c0, kernel,
                                        recurrent_kernel, bias)
        common.append((np.swapaxes(by_batch_h, 0, 1), "the loop went over the batch axis (axis 0); "
                                                      "time is axis 1 of [batch, time, input_dim]"))
        common.append((by_batch_h, "the loop went over the batch axis (axis 0); time is axis 1"))
    def one_step(x, h, c, kernel, recurrent_kernel, bias):
        _, new_h, new_c = lstm_sequence(np.float32(x)[:, None, :], [np.float32(h), np.float32(c)], np.float32(kernel),
                                        np.float32(recurrent_kernel), np.float32(bias))
        return new_h, new_c

    compare(got_seq, want_seq, "whole_sequence", common, shape_hints, axes=SEQUENCE_AXES,
            probe=sequence_probe(got_seq, want_seq, one_step, batch, input_dim, units, seed, "whole_sequence"))
    compare(got_h, want_h, "h_T", [(want_c, "h_T holds the last c; the second result is the last h"),
                                    (zero_h[:, -1], ignored_initial), (reset_h[:, -1], reset_each_step),
                                    (want_seq[:, 0], "h_T is the first step's h; it is the last step's"),
                                    (all_h[:, -2] if time_steps > 1 else want_h, "h_T is the h of the step before last")],
            axes=("batch", "num_units"))
    compare(got_c, want_c, "c_T", [(want_h, "c_T holds the last h; the third result is the last c"),
                                    (zero_c[:, -1], ignored_initial), (reset_c[:, -1], reset_each_step),
                                    (all_c[:, 0], "c_T is the first step's c; it is the last step's"),
                                    (c0, "c_T is the initial c0: the c computed at each step was not kept")],
            axes=("batch", "num_units"))
    passed(f"lstm_sequence matches keras LSTM (batch {batch}, {time_steps} steps, input width {input_dim}, "
        f"num_units {units})")


@visible_cases(*SEQUENCE_CASES[:3], SEQUENCE_CASES[4])
def check_cell_state_sequence(cell_state_sequence, batch=2, time_steps=5, input_dim=3, units=4, seed=0):
    """cell_state_sequence(inputs, [h0, c0], kernel, recurrent_kernel, bias) -> every c_t,
    [batch, time, num_units], against stepping keras.layers.LSTMCell by hand."""
    inputs, h0, c0, (kernel, recurrent_kernel, bias) = sequence_case(seed, batch, time_steps, input_dim, units)
    cell = reference.keras_cell([kernel, recurrent_kernel, bias])
    states, want = [h0, c0], []
    for t in range(time_steps):
        _, states = cell(inputs[:, t], states)
        want.append(np.asarray(states[1]))
    want = np.stack(want, axis=1)

    result = call_learner(cell_state_sequence, inputs.copy(), [h0.copy(), c0.copy()], kernel.copy(),
                   recurrent_kernel.copy(), bias.copy(),
                   hint="inputs are [batch, time, input_dim]: step over axis 1, the time axis")
    all_h, all_c = run_numpy_lstm(inputs.astype(np.float64), h0, c0, kernel, recurrent_kernel, bias)
    _, reset_c = run_numpy_lstm(inputs.astype(np.float64), h0, c0, kernel, recurrent_kernel, bias,
                                 reset_every_step=True)
    def one_step(x, h, c, kernel, recurrent_kernel, bias):
        cs = cell_state_sequence(np.float32(x)[:, None, :], [np.float32(h), np.float32(c)], np.float32(kernel),
                                 np.float32(recurrent_kernel), np.float32(bias))
        return None, np.asarray(cs)[:, 0]

    compare(result, want, "cell_state_sequence", [
        (all_h, "these are the h_t; the question is every c_t"),
        (reset_c, "the state was reset at every step: carry h and c from one step to the next"),
        (np.concatenate([c0[:, None], all_c[:, :-1]], axis=1),
         "off by one step: the sequence starts with c_1 (after the first input), not with c0"),
    ], shape_hints=[((time_steps, batch, units), "the time axis comes second: [batch, time, num_units]"),
                    ((batch, time_steps + 1, units), "return c_1 ... c_T, one per input step, without c0")],
        axes=SEQUENCE_AXES, probe=sequence_probe(result, want, one_step, batch, input_dim, units, seed,
                                                 "cell_state_sequence"))
    passed(f"cell_state_sequence matches stepping keras LSTMCell (batch {batch}, {time_steps} steps, "
        f"input width {input_dim}, num_units {units})")


@visible_cases(dict(batch=2, time_steps=5, input_dim=3, lower_units=4, upper_units=3, seed=0),
               dict(batch=3, time_steps=3, input_dim=4, lower_units=4, upper_units=4, seed=1),  # all widths equal
               dict(batch=1, time_steps=4, input_dim=2, lower_units=3, upper_units=5, seed=2),  # a batch of 1
               dict(batch=2, time_steps=3, input_dim=1, lower_units=2, upper_units=2, seed=3))  # input width 1
def check_stacked_lstm(stacked_lstm, batch=2, time_steps=5, input_dim=3, lower_units=4, upper_units=3, seed=0):
    """stacked_lstm(inputs, [(kernel, recurrent_kernel, bias) lower, (...) upper]) -> the upper layer's
    whole sequence, against two stacked keras LSTM(return_sequences=True) layers from zero states."""
    rng = np.random.default_rng(seed)
    lower_weights = random_lstm_weights(rng, input_dim, lower_units)
    upper_weights = random_lstm_weights(rng, lower_units, upper_units)
    inputs = rng.normal(0, 1, (batch, time_steps, input_dim)).astype(np.float32)
    # the lower layer runs before the upper one is asked for: of equal shapes, they are one cached layer
    lower_sequence = keras_lstm(lower_weights, return_sequences=True)(inputs)
    want = np.asarray(keras_lstm(upper_weights, return_sequences=True)(lower_sequence))

    layer_weights = [tuple(w.copy() for w in lower_weights), tuple(w.copy() for w in upper_weights)]
    result = call_learner(stacked_lstm, inputs.copy(), layer_weights,
                   hint="the upper layer reads the lower layer's whole h sequence, "
                        "[batch, time, lower num_units], and both start from zero states")
    x = inputs.astype(np.float64)
    zeros = lambda units: np.zeros((batch, units))  # noqa: E731
    lower_h, lower_c = run_numpy_lstm(x, zeros(lower_units), zeros(lower_units), *lower_weights)
    mistakes = [(lower_h, "this is the lower layer's output; return the upper layer's")]
    from_c, _ = run_numpy_lstm(lower_c, zeros(upper_units), zeros(upper_units), *upper_weights)
    mistakes.append((from_c, "the upper layer read the lower layer's c sequence; it reads the h sequence"))
    last_only = np.repeat(lower_h[:, -1:], time_steps, axis=1)
    from_last, _ = run_numpy_lstm(last_only, zeros(upper_units), zeros(upper_units), *upper_weights)
    mistakes.append((from_last, "the upper layer read only the lower layer's last h at every step; "
                                "it reads the lower layer's h at the same step"))
    def probe():  # one layer alone: is the layer right, or the stacking?
        try:
            alone = as_array(stacked_lstm(inputs.copy(), [tuple(w.copy() for w in lower_weights)]), "one layer")
        except Exception:  # it takes exactly two layers: say at least where the output leaves Keras's
            return explain_sequence(as_array(result, "stacked_lstm"), want, "the upper layer's sequence")
        lower_want = np.asarray(lower(inputs))
        if alone.shape == lower_want.shape and not np.allclose(alone, lower_want, rtol=1e-4, atol=1e-5):
            return "with a single layer it already differs from keras LSTM: " + explain_sequence(
                alone, lower_want, "that layer's sequence")
        if alone.shape == lower_want.shape:
            return ("with a single layer it matches keras LSTM, so the stacking is wrong: the upper layer reads the "
                    "lower layer's whole h sequence and starts from zero states")
        return None

    compare(result, want, "stacked_lstm", mistakes, shape_hints=[
        ((batch, time_steps, lower_units), "this has the lower layer's width; return the upper layer's sequence"),
        ((batch, upper_units), "return the whole upper sequence, [batch, time, upper num_units], "
                               "not only its last step")], axes=SEQUENCE_AXES, probe=probe)
    passed(f"stacked_lstm matches two stacked keras LSTM layers (batch {batch}, {time_steps} steps, "
        f"input width {input_dim}, num_units {lower_units} then {upper_units})")

