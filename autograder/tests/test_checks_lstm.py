"""Checks of notebooks 2 and 3: right answers in several styles pass; named mistakes fail with their name."""
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import checks
from test_checks import fails_with


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# -------------------------------------------------------- BasicLSTMCell step
def basic_numpy(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)


def basic_four_matmuls_float64(x, state, kernel, bias, forget_bias=1.0):
    c, h = (np.float64(s) for s in state)
    xh = np.hstack([np.float64(x), h])
    u = h.shape[1]
    i, j, f, o = (xh @ kernel[:, k * u:(k + 1) * u] + bias[k * u:(k + 1) * u] for k in range(4))
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)


def basic_tensorflow(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = tf.matmul(tf.concat([x, h], 1), kernel) + bias
    i, j, f, o = tf.split(gate_inputs, 4, axis=1)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_h, (new_c, new_h)


LSTM_SHAPES = [(2, 3, 4), (1, 4, 4), (3, 5, 2), (4, 4, 4)]


@pytest.mark.parametrize("answer", [basic_numpy, basic_four_matmuls_float64, basic_tensorflow])
@pytest.mark.parametrize("batch, d, u", LSTM_SHAPES)
@pytest.mark.parametrize("forget_bias", [1.0, 0.0, 2.5])
def test_basic_step_right_answers_pass(answer, batch, d, u, forget_bias):
    checks.check_basic_lstm_cell_step(answer, batch, d, u, forget_bias=forget_bias, seed=3)


def mutate_basic(order="ijfo", forget=True, xh=True, candidate="j", tanh_c=True, old_c=False, state_out="ch",
                 state_in="ch"):
    def step(x, state, kernel, bias, forget_bias=1.0):
        c, h = state if state_in == "ch" else state[::-1]
        z = (np.concatenate([x, h], 1) if xh else np.concatenate([h, x], 1)) @ kernel + bias
        g = dict(zip(order, np.split(z, 4, axis=1)))
        new_c = c * sigmoid(g["f"] + (forget_bias if forget else 0)) + sigmoid(g["i"]) * np.tanh(g[candidate])
        new_h = (np.tanh(new_c if not old_c else c) if tanh_c else new_c) * sigmoid(g["o"])
        return new_h, ((new_c, new_h) if state_out == "ch" else (new_h, new_c))
    return step


@pytest.mark.parametrize("answer, message", [
    (mutate_basic(order="ifjo"), "forget gate block looks swapped with the candidate block"),
    (mutate_basic(forget=False), "forget_bias (1.0) was not added"),
    (mutate_basic(xh=False), "[h, x] was concatenated"),
    (mutate_basic(candidate="o"), "the candidate is tanh(j), not tanh(o)"),
    (mutate_basic(tanh_c=False), "the tanh on new_c is missing"),
    (mutate_basic(old_c=True), "from the old c"),
    (mutate_basic(state_out="hc"), "the state tuple is (c, h), c first"),
    (mutate_basic(state_in="hc"), "the state is (c, h), c first"),
])
@pytest.mark.parametrize("d, u", [(3, 4), (4, 4)])
def test_basic_step_mistakes_are_named(answer, message, d, u):
    fails_with(checks.check_basic_lstm_cell_step, answer, 2, d, u, message=message)


def test_basic_step_forget_bias_other_than_one_is_passed_on():
    fixed_one = lambda x, state, kernel, bias, forget_bias=1.0: basic_numpy(x, state, kernel, bias)  # noqa: E731
    fails_with(checks.check_basic_lstm_cell_step, fixed_one, forget_bias=2.5, message="forget_bias is taken as 1.0")


def test_reference_cell_states_exceed_the_default_clip():
    rng = np.random.default_rng(0)
    h, c = checks.reference.lstm_states(rng, 4, 5)
    assert np.abs(c).max() > 3 and np.abs(h).max() < 1


# ------------------------------------------------------------- Keras step
def keras_numpy(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]


def keras_tensorflow_float64(x, states, kernel, recurrent_kernel, bias):
    h, c = (tf.constant(s, tf.float64) for s in states)
    z = tf.constant(x, tf.float64) @ tf.constant(kernel, tf.float64) + h @ tf.constant(recurrent_kernel, tf.float64)
    i, f, g, o = tf.split(z + tf.constant(bias, tf.float64), 4, axis=-1)
    new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    new_h = tf.sigmoid(o) * tf.tanh(new_c)
    return new_h, (new_h, new_c)


@pytest.mark.parametrize("answer", [keras_numpy, keras_tensorflow_float64])
@pytest.mark.parametrize("batch, d, u", LSTM_SHAPES)
def test_keras_step_right_answers_pass(answer, batch, d, u):
    checks.check_keras_lstm_cell_step(answer, batch, d, u, seed=4)


def mutate_keras(order="ifco", forget_bias=0.0, tanh_c=True, states_out="hc", states_in="hc"):
    def step(x, states, kernel, recurrent_kernel, bias):
        h, c = states if states_in == "hc" else states[::-1]
        g = dict(zip(order, np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)))
        new_c = sigmoid(g["f"] + forget_bias) * c + sigmoid(g["i"]) * np.tanh(g["c"])
        new_h = sigmoid(g["o"]) * (np.tanh(new_c) if tanh_c else new_c)
        return new_h, ([new_h, new_c] if states_out == "hc" else [new_c, new_h])
    return step


@pytest.mark.parametrize("answer, message", [
    (mutate_keras(order="icfo"), "split in TF1's order"),
    (mutate_keras(forget_bias=1.0), "Keras adds none"),
    (mutate_keras(tanh_c=False), "the tanh on new_c is missing"),
    (mutate_keras(states_out="ch"), "Keras's states are [h, c]"),
    (mutate_keras(states_in="ch"), "wrong order"),
])
def test_keras_step_mistakes_are_named(answer, message):
    fails_with(checks.check_keras_lstm_cell_step, answer, 2, 3, 4, message=message)


# ------------------------------------------------------------ keras_to_fused
def to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    i, f, c, o = np.split(np.vstack([kernel, recurrent_kernel]), 4, axis=1)
    bi, bf, bc, bo = np.split(bias, 4)
    return np.hstack([i, c, f, o]), np.concatenate([bi, bc, bf - forget_bias, bo])


def to_fused_tensorflow(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = tf.concat([kernel, recurrent_kernel], axis=0)
    i, f, c, o = tf.split(stacked, 4, axis=1)
    bi, bf, bc, bo = tf.split(tf.constant(bias, tf.float64), 4)
    return tf.concat([i, c, f, o], 1), tf.concat([bi, bc, bf - forget_bias, bo], 0)


@pytest.mark.parametrize("answer", [to_fused, to_fused_tensorflow])
@pytest.mark.parametrize("d, u", [(3, 4), (4, 4), (6, 2)])
@pytest.mark.parametrize("forget_bias", [1.0, 0.0, 0.5])
def test_keras_to_fused_right_answers_pass(answer, d, u, forget_bias):
    checks.check_keras_to_fused(answer, d, u, forget_bias=forget_bias, seed=5)


def recurrent_on_top(kernel, recurrent_kernel, bias, forget_bias=1.0):
    i, f, c, o = np.split(np.vstack([recurrent_kernel, kernel]), 4, axis=1)
    return np.hstack([i, c, f, o]), to_fused(kernel, recurrent_kernel, bias, forget_bias)[1]


@pytest.mark.parametrize("answer, message", [
    (lambda k, r, b, forget_bias=1.0: (np.vstack([k, r]), b), "still in Keras's order"),
    (recurrent_on_top, "recurrent kernel was stacked first"),
    (lambda k, r, b, forget_bias=1.0: (to_fused(k, r, b)[0], to_fused(k, r, b, 0.0)[1]), "subtract it from the f block"),
    (lambda k, r, b, forget_bias=1.0: (to_fused(k, r, b)[0], to_fused(k, r, b, -forget_bias)[1]),
     "forget_bias was added to the f block"),
])
def test_keras_to_fused_mistakes_are_named(answer, message):
    fails_with(checks.check_keras_to_fused, answer, 3, 4, message=message)


# -------------------------------------------------------- notebook 3: sequences
def step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def sequence_numpy(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    hs = []
    for x in np.swapaxes(inputs, 0, 1):     # time-major loop
        h, c = step(x, h, c, kernel, recurrent_kernel, bias)
        hs.append(h)
    return np.stack(hs, axis=1), h, c


def sequence_lists_float64(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = (np.float64(s) for s in initial_state)
    outputs = []
    for t in range(np.shape(inputs)[1]):
        h, c = step(np.float64(inputs)[:, t, :], h, c, kernel, recurrent_kernel, bias)
        outputs.append(h.tolist())
    return np.transpose(outputs, (1, 0, 2)).tolist(), h.tolist(), c.tolist()


SEQ_SHAPES = [(2, 5, 3, 4), (3, 3, 4, 4), (1, 4, 2, 3), (4, 4, 3, 2)]


@pytest.mark.parametrize("answer", [sequence_numpy, sequence_lists_float64])
@pytest.mark.parametrize("b, t, d, u", SEQ_SHAPES)
def test_lstm_sequence_right_answers_pass(answer, b, t, d, u):
    checks.check_lstm_sequence(answer, b, t, d, u, seed=6)


def sequence_mutant(reset=False, zeros=False, over_batch=False, h_is_c=False, seq_of_c=False):
    def run(inputs, initial_state, kernel, recurrent_kernel, bias):
        h0, c0 = initial_state
        if zeros:
            h0, c0 = 0 * h0, 0 * c0
        h, c = h0, c0
        hs, cs = [], []
        steps = range(inputs.shape[0]) if over_batch else range(inputs.shape[1])
        for t in steps:
            if reset:
                h, c = h0, c0
            x = inputs[t] if over_batch else inputs[:, t]
            h, c = step(x, h, c, kernel, recurrent_kernel, bias)
            hs.append(h)
            cs.append(c)
        seq = np.stack(cs if seq_of_c else hs, axis=1)
        return seq, (c if h_is_c else h), c
    return run


@pytest.mark.parametrize("answer, message, shape", [
    (sequence_mutant(reset=True), "reset at every step", (2, 5, 3, 4)),
    (sequence_mutant(zeros=True), "initial state was ignored", (2, 5, 3, 4)),
    (sequence_mutant(over_batch=True), "batch axis", (3, 3, 4, 4)),
    (sequence_mutant(over_batch=True), "time axis", (2, 5, 3, 4)),
    (sequence_mutant(h_is_c=True), "h_T holds the last c", (2, 5, 3, 4)),
    (sequence_mutant(seq_of_c=True), "sequence of c", (2, 5, 3, 4)),
])
def test_lstm_sequence_mistakes_are_named(answer, message, shape):
    fails_with(checks.check_lstm_sequence, answer, *shape, message=message)


def cells_numpy(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        h, c = step(inputs[:, t], h, c, kernel, recurrent_kernel, bias)
        cs.append(c)
    return np.stack(cs, axis=1)


@pytest.mark.parametrize("b, t, d, u", SEQ_SHAPES)
def test_cell_state_sequence_right_answer_passes(b, t, d, u):
    checks.check_cell_state_sequence(cells_numpy, b, t, d, u, seed=7)


@pytest.mark.parametrize("answer, message", [
    (lambda *a: sequence_numpy(*a)[0], "these are the h_t"),
    (lambda inputs, s, *w: np.concatenate([s[1][:, None], cells_numpy(inputs, s, *w)[:, :-1]], 1), "off by one"),
    (lambda inputs, s, *w: np.concatenate([s[1][:, None], cells_numpy(inputs, s, *w)], 1), "without c0"),
    (lambda *a: np.swapaxes(cells_numpy(*a), 0, 1), "time axis comes second"),
])
def test_cell_state_sequence_mistakes_are_named(answer, message):
    fails_with(checks.check_cell_state_sequence, answer, 2, 5, 3, 4, message=message)


def stacked_numpy(inputs, layer_weights):
    sequence = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        zeros = np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        sequence, _, _ = sequence_numpy(sequence, [zeros, zeros], kernel, recurrent_kernel, bias)
    return sequence


@pytest.mark.parametrize("b, t, d, u1, u2", [(2, 5, 3, 4, 3), (3, 3, 4, 4, 4), (1, 4, 2, 3, 5)])
def test_stacked_right_answer_passes(b, t, d, u1, u2):
    checks.check_stacked_lstm(stacked_numpy, b, t, d, u1, u2, seed=8)


def stacked_from_c(inputs, layer_weights):
    (k1, r1, b1), (k2, r2, b2) = layer_weights
    zeros1 = np.zeros((inputs.shape[0], r1.shape[0]))
    c_seq = cells_numpy(inputs, [zeros1, zeros1], k1, r1, b1)
    zeros2 = np.zeros((inputs.shape[0], r2.shape[0]))
    return sequence_numpy(c_seq, [zeros2, zeros2], k2, r2, b2)[0]


@pytest.mark.parametrize("answer, message", [
    (stacked_from_c, "read the lower layer's c sequence"),
    (lambda inputs, w: stacked_numpy(inputs, w[:1]), "lower layer's"),
])
def test_stacked_mistakes_are_named(answer, message):
    fails_with(checks.check_stacked_lstm, answer, 2, 5, 3, 4, 3, message=message)
