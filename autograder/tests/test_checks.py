"""The check functions on their own: right answers written many ways pass, named mistakes fail
with a message that names them. Fast: no notebook, no nbgrader."""
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import checks


def fails_with(check, *args, message, **kwargs):
    with pytest.raises(AssertionError) as failure:
        check(*args, **kwargs)
    assert message in str(failure.value), f"expected {message!r} in: {failure.value}"


# ------------------------------------------------------------------ one_hot
def one_hot_numpy(ids, depth):
    return np.eye(depth, dtype=np.float32)[np.asarray(ids)]


def one_hot_tensorflow(ids, depth):
    return tf.one_hot(ids, depth, dtype=tf.float64)


def one_hot_loops(ids, depth):
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (depth,), dtype=int)
    for index in np.ndindex(ids.shape):
        out[index + (ids[index],)] = 1
    return out.tolist()


@pytest.mark.parametrize("answer", [one_hot_numpy, one_hot_tensorflow, one_hot_loops])
@pytest.mark.parametrize("ids_shape, depth, as_list, max_id",
                         [((1, 6), 5, False, None), ((4, 4), 7, True, None), ((3, 2), 6, False, 3), ((5,), 5, True, None)])
def test_one_hot_right_answers_pass(answer, ids_shape, depth, as_list, max_id):
    checks.check_one_hot(answer, ids_shape=ids_shape, depth=depth, as_list=as_list, max_id=max_id, seed=7)


@pytest.mark.parametrize("answer, message", [
    (lambda ids, depth: np.eye(depth + 1)[np.asarray(ids)][..., 1:], "too far left"),
    (lambda ids, depth: np.eye(depth + 1)[np.asarray(ids) + 1][..., :depth], "too far right"),
    (lambda ids, depth: np.moveaxis(one_hot_numpy(ids, depth), -1, 0), "axis should come last"),
    (lambda ids, depth: np.eye(np.max(ids) + 1)[np.asarray(ids)], "not the largest id + 1"),
    (lambda ids, depth: one_hot_numpy(ids, depth).reshape(-1, depth), "keep the shape of ids"),
])
def test_one_hot_mistakes_are_named(answer, message):
    fails_with(checks.check_one_hot, answer, ids_shape=(3, 2), depth=6, max_id=3, seed=1, message=message)


def test_one_hot_stub_raises_not_implemented():
    def stub(ids, depth):
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        checks.check_one_hot(stub)


# ---------------------------------------------------------- simple_rnn_step
def rnn_numpy(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev @ recurrent_kernel + bias)


def rnn_float64(x, h_prev, kernel, recurrent_kernel, bias):
    x, h_prev, kernel, recurrent_kernel, bias = (np.asarray(a, np.float64) for a in (x, h_prev, kernel, recurrent_kernel, bias))
    return np.tanh(np.dot(x, kernel) + np.dot(h_prev, recurrent_kernel) + bias)


def rnn_tensorflow(x, h_prev, kernel, recurrent_kernel, bias):
    return tf.tanh(tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel) + bias)


def rnn_loop_over_units(x, h_prev, kernel, recurrent_kernel, bias):
    columns = [np.tanh(x @ kernel[:, k] + h_prev @ recurrent_kernel[:, k] + bias[k]) for k in range(kernel.shape[1])]
    return np.stack(columns, axis=1)


SHAPES = [(2, 5, 3), (1, 4, 4), (3, 3, 3), (4, 2, 6)]


@pytest.mark.parametrize("answer", [rnn_numpy, rnn_float64, rnn_tensorflow, rnn_loop_over_units])
@pytest.mark.parametrize("batch, input_dim, units", SHAPES)
def test_simple_rnn_right_answers_pass(answer, batch, input_dim, units):
    checks.check_simple_rnn_step(answer, batch=batch, input_dim=input_dim, units=units, seed=3)


@pytest.mark.parametrize("answer, message, shape", [
    (lambda x, h, k, r, b: 1 / (1 + np.exp(-(x @ k + h @ r + b))), "looks like sigmoid", (2, 5, 3)),
    (lambda x, h, k, r, b: np.tanh(x @ k + h @ r), "bias is missing", (2, 5, 3)),
    (lambda x, h, k, r, b: x @ k + h @ r + b, "tanh is missing", (2, 5, 3)),
    (lambda x, h, k, r, b: np.tanh(x @ k + b), "h_prev was not used", (2, 5, 3)),
    (lambda x, h, k, r, b: np.tanh(x @ r + h @ k + b), "look swapped", (3, 4, 4)),
    (lambda x, h, k, r, b: np.tanh(x @ r + h @ k + b), "swapped", (2, 5, 3)),  # shapes clash: the hint says so
    (lambda x, h, k, r, b: np.tanh(x @ k.T + h @ r.T + b), "transposed", (1, 4, 4)),
    (lambda x, h, k, r, b: np.tanh(x @ k + h @ r + b)[0], "keep the batch axis", (1, 5, 3)),
])
def test_simple_rnn_mistakes_are_named(answer, message, shape):
    batch, input_dim, units = shape
    fails_with(checks.check_simple_rnn_step, answer, batch=batch, input_dim=input_dim, units=units, seed=5, message=message)


def test_simple_rnn_zero_answer_fails():
    fails_with(checks.check_simple_rnn_step, lambda x, h, k, r, b: np.zeros((x.shape[0], k.shape[1])),
               message="all zeros")


# --------------------------------------------------------- lstm_param_count
@pytest.mark.parametrize("answer", [
    lambda d, u: 4 * u * (d + u + 1),
    lambda d, u: np.int64(4 * (d * u + u * u + u)),
    lambda d, u: float(4 * u * (d + u + 1)),
    lambda d, u: int(tf.size(tf.zeros([d + u + 1, 4 * u]))),
])
@pytest.mark.parametrize("d, u", [(5, 5), (28, 128), (1, 7), (50, 2)])
def test_param_count_right_answers_pass(answer, d, u):
    checks.check_lstm_param_count(answer, d, u)


@pytest.mark.parametrize("answer, message", [
    (lambda d, u: 4 * u * (d + u), "biases are missing"),
    (lambda d, u: 4 * u * (d + u + 2), "PyTorch"),
    (lambda d, u: u * (d + u + 1), "multiply by 4"),
    (lambda d, u: 4 * u * (d + 1), "recurrent weights are missing"),
    (lambda d, u: 4 * d * (d + u + 1), "swapped"),
    (lambda d, u: (128 + 25) * (128 * 4) + 4 * 128, "Keras counts 80384"),
])
def test_param_count_mistakes_are_named(answer, message):
    fails_with(checks.check_lstm_param_count, answer, 28, 128, message=message)


# ------------------------------------------------------- lstm_output_shapes
@pytest.mark.parametrize("answer", [
    lambda b, t, d, u: ((b, t, u), (b, u), (b, u)),
    lambda b, t, d, u: [[b, t, u], [b, u], [b, u]],
    lambda b, t, d, u: (tf.TensorShape([b, t, u]), np.array([b, u]), (np.int64(b), u)),
])
@pytest.mark.parametrize("b, t, d, u", [(1, 6, 5, 5), (3, 3, 4, 4), (2, 7, 3, 9), (1, 1, 8, 2)])
def test_output_shapes_right_answers_pass(answer, b, t, d, u):
    checks.check_lstm_output_shapes(answer, b, t, d, u)


@pytest.mark.parametrize("answer, message", [
    (lambda b, t, d, u: ((t, b, u), (b, u), (b, u)), "batch comes first"),
    (lambda b, t, d, u: ((b, t, d), (b, d), (b, d)), "not the input width"),
    (lambda b, t, d, u: ((b, t, u), (u,), (u,)), "keep the batch axis"),
    (lambda b, t, d, u: ((b, t, u), (b, t, u), (b, u)), "only the last step"),
    (lambda b, t, d, u: ((b, u), (b, u), (b, u)), "has a time axis"),
    (lambda b, t, d, u: ((b, t, u), (b, u)), "returns 3"),
    (lambda b, t, d, u: ((b, t, u), (b, 4 * u), (b, 4 * u)), "not 4 * num_units"),
])
def test_output_shapes_mistakes_are_named(answer, message):
    fails_with(checks.check_lstm_output_shapes, answer, 2, 7, 3, 9, message=message)
