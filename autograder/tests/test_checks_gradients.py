"""Checks of notebook 4 (gradients through time): the NumPy backward pass that recognises mistakes
is TensorFlow's when no switch is on and differs from it for every switch; right answers in several
styles pass; mistakes fail with a message that names them."""
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import checks
from lstm_course.checks import gradients, reference
from test_checks import fails_with


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --------------------------------------------------------------- the NumPy models of mistakes
@pytest.mark.parametrize("batch, d, u", [(2, 3, 4), (1, 4, 4), (3, 2, 1)])
def test_numpy_step_backward_without_switches_is_tensorflows(batch, d, u):
    x, h, c, weights, dh, dc = gradients.step_case(5, batch, d, u)
    want = reference.keras_step_gradients(x, h, c, weights, dh, dc)
    got, _ = gradients.step_backward(x, h, c, *weights, dh, dc)
    for name, value in zip(gradients.NAMES, want):
        np.testing.assert_allclose(got[name], value, rtol=1e-4, atol=1e-5, err_msg=name)


def test_every_step_mistake_changes_the_answer():
    x, h, c, weights, dh, dc = gradients.step_case(6, 3, 4, 4)
    right, _ = gradients.step_backward(x, h, c, *weights, dh, dc)
    for message, switches in gradients.step_mistakes():
        wrong, _ = gradients.step_backward(x, h, c, *weights, dh, dc, **switches)
        assert not gradients._all_close(wrong, right), message


@pytest.mark.parametrize("batch, steps, d, u", [(2, 5, 3, 4), (3, 3, 4, 4), (1, 1, 2, 3)])
def test_numpy_sequence_backward_without_switches_is_tensorflows(batch, steps, d, u):
    case = gradients.sequence_gradient_case(7, batch, steps, d, u)
    want = reference.keras_sequence_gradients(*case)
    inputs, h0, c0, weights, d_sequence, dh_T, dc_T = case
    got = gradients.sequence_backward(inputs, h0, c0, *weights, d_sequence, dh_T, dc_T)
    for name, value in zip(gradients.SEQUENCE_NAMES, want):
        np.testing.assert_allclose(got[name], value, rtol=1e-4, atol=1e-5, err_msg=name)


def test_every_sequence_mistake_changes_the_answer():
    inputs, h0, c0, weights, d_sequence, dh_T, dc_T = gradients.sequence_gradient_case(8, 2, 4, 3, 4)
    arrays = (inputs, h0, c0, *weights, d_sequence, dh_T, dc_T)
    right = gradients.sequence_backward(*arrays)
    for message, switches in gradients.SEQUENCE_MISTAKES:
        assert not gradients._all_close(gradients.sequence_backward(*arrays, **switches), right), message


def test_the_cell_path_reference_is_the_product_of_the_forget_gates():
    """With h cut, TensorFlow's gradient of c_t with respect to c_0 is f_1 * ... * f_t (the notebook's claim)."""
    inputs, h0, c0, weights = reference.sequence_case(9, 2, 6, 3, 4)
    forget_gates, gradient = reference.keras_cell_path_gradient(inputs, h0, c0, weights)
    np.testing.assert_allclose(gradient, np.cumprod(forget_gates, axis=1), rtol=1e-5, atol=1e-6)
    assert np.all((forget_gates > 0) & (forget_gates < 1))


# ------------------------------------------------------------------------------ right answers
def cell_path_loop(forget_gates):
    forget_gates = np.asarray(forget_gates, np.float64)
    out, running = [], np.ones_like(forget_gates[:, 0])
    for t in range(forget_gates.shape[1]):
        running = running * forget_gates[:, t]
        out.append(running)
    return np.stack(out, axis=1)


def cell_path_tensorflow(forget_gates):
    return tf.math.cumprod(forget_gates, axis=1)


def cell_path_logs(forget_gates):
    return np.exp(np.cumsum(np.log(np.float64(forget_gates)), axis=1)).tolist()


@pytest.mark.parametrize("answer", [cell_path_loop, cell_path_tensorflow, cell_path_logs])
def test_cell_path_right_answers_pass(answer):
    checks.check_cell_path_gradient(answer)
    checks.check_cell_path_gradient(answer, batch=3, time_steps=7, input_dim=2, units=3, seed=31)


def step_per_gate_float64(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    """A loop over the four gates, float64, returned as a list."""
    x, h, c = (np.float64(a) for a in (x, *states))
    u = h.shape[1]
    z = [x @ kernel[:, k * u:(k + 1) * u] + h @ recurrent_kernel[:, k * u:(k + 1) * u] + bias[k * u:(k + 1) * u]
         for k in range(4)]
    i, f, o = sigmoid(z[0]), sigmoid(z[1]), sigmoid(z[3])
    g = np.tanh(z[2])
    new_c = f * c + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(new_c) ** 2)
    dz = [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g * g), dh_new * np.tanh(new_c) * o * (1 - o)]
    dx = sum(dz[k] @ kernel[:, k * u:(k + 1) * u].T for k in range(4))
    dh = sum(dz[k] @ recurrent_kernel[:, k * u:(k + 1) * u].T for k in range(4))
    dkernel = np.concatenate([x.T @ dz[k] for k in range(4)], axis=1)
    drecurrent = np.concatenate([h.T @ dz[k] for k in range(4)], axis=1)
    return [dx, dh, dc * f, dkernel, drecurrent, np.concatenate([d.sum(0) for d in dz])]


def step_gradient_tape(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    """Autodiff of the learner's own forward pass: a legitimate right answer."""
    tensors = [tf.constant(a) for a in (x, *states, kernel, recurrent_kernel, bias)]
    with tf.GradientTape() as tape:
        tape.watch(tensors)
        x, h, c, kernel, recurrent_kernel, bias = tensors
        i, f, g, o = tf.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        new_h = tf.sigmoid(o) * tf.tanh(new_c)
        loss = tf.reduce_sum(new_h * dh_new) + tf.reduce_sum(new_c * dc_new)
    return tuple(tape.gradient(loss, tensors))


def solution_step(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    grads, _ = gradients.step_backward(x, *states, kernel, recurrent_kernel, bias, dh_new, dc_new)
    return tuple(grads[name] for name in gradients.NAMES)


@pytest.mark.parametrize("answer", [step_per_gate_float64, step_gradient_tape, solution_step])
def test_step_backward_right_answers_pass(answer):
    checks.check_lstm_step_backward(answer)
    checks.check_lstm_step_backward(answer, batch=5, input_dim=6, units=2, seed=41)


def sequence_with(step, carried_dh_scale=1.0):
    """Backpropagation through time around `step`; carried_dh_scale != 1 makes a mistake no check names
    in advance: what is carried back from step to step is scaled."""
    def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
        h, c = initial_state
        cache = []
        for t in range(inputs.shape[1]):
            cache.append((h, c))
            i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
        dh, dc = dh_T, dc_T
        d_inputs = np.zeros(inputs.shape)
        totals = [0, 0, 0]
        for t in reversed(range(inputs.shape[1])):
            dx, dh, dc, *weight_grads = step(inputs[:, t], list(cache[t]), kernel, recurrent_kernel, bias,
                                             d_sequence[:, t] + dh, dc)
            dh = dh * carried_dh_scale
            d_inputs[:, t] = dx
            totals = [total + np.asarray(grad) for total, grad in zip(totals, weight_grads)]
        return (d_inputs, dh / carried_dh_scale, dc, *totals)
    return lstm_sequence_backward


def sequence_gradient_tape(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    tensors = [tf.constant(np.float64(a)) for a in (inputs, *initial_state, kernel, recurrent_kernel, bias)]
    with tf.GradientTape() as tape:
        tape.watch(tensors)
        inputs, h, c, kernel, recurrent_kernel, bias = tensors
        loss = 0.0
        for t in range(inputs.shape[1]):
            i, f, g, o = tf.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            loss += tf.reduce_sum(h * np.float64(d_sequence[:, t]))
        loss += tf.reduce_sum(h * np.float64(dh_T)) + tf.reduce_sum(c * np.float64(dc_T))
    return tape.gradient(loss, tensors)


@pytest.mark.parametrize("answer", [sequence_with(step_per_gate_float64), sequence_with(solution_step),
                                    sequence_gradient_tape])
def test_sequence_backward_right_answers_pass(answer):
    checks.check_lstm_sequence_backward(answer)
    checks.check_lstm_sequence_backward(answer, batch=3, time_steps=6, input_dim=2, units=3, seed=51)


# ------------------------------------------------------------------------------ named mistakes
def cumprod_over_batch(forget_gates):
    return np.cumprod(forget_gates, axis=0)


def one_product(forget_gates):
    return np.prod(forget_gates, axis=1)


def starts_at_one(forget_gates):
    return np.cumprod(np.concatenate([np.ones_like(forget_gates[:, :1]), forget_gates[:, :-1]], axis=1), axis=1)


@pytest.mark.parametrize("answer, message", [
    (cumprod_over_batch, "runs along axis 0, the batch"),
    (one_product, "for every step"),
    (starts_at_one, "off by one step"),
    (lambda f: np.cumsum(f, axis=1), "running sum"),
])
def test_cell_path_mistakes_are_named(answer, message):
    fails_with(checks.check_cell_path_gradient, answer, message=message)


def step_with(**switches):
    def step(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
        grads, _ = gradients.step_backward(x, *states, kernel, recurrent_kernel, bias, dh_new, dc_new, **switches)
        return tuple(grads[name] for name in gradients.NAMES)
    return step


def step_without_tanh_derivative(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    """A learner's own code, not the model's: tanh' on c forgotten."""
    h, c = states
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    new_c = f * c + i * g
    dc = dc_new + dh_new * o
    dz = np.hstack([dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g ** 2),
                    dh_new * np.tanh(new_c) * o * (1 - o)])
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h.T @ dz, dz.sum(0)


def step_bias_per_example(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    result = list(solution_step(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new))
    grads, _ = gradients.step_backward(x, *states, kernel, recurrent_kernel, bias, dh_new, dc_new)
    result[5] = np.broadcast_to(result[5] / len(x), (len(x), result[5].size))  # dbias not summed over the batch
    return tuple(result)


def step_with_other_output(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    result = list(solution_step(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new))
    result[1] = result[1] * 1.5 + 0.1   # dh_prev alone wrong, in no known way
    return tuple(result)


@pytest.mark.parametrize("answer, message", [
    (step_without_tanh_derivative, "derivative of tanh on c is missing"),
    (step_with(forget_in_dc_prev=False), "missing the forget gate"),
    (step_with(dz_order="ifog"), "put together in the order i, f, o, c"),
    (step_with(order="igfo"), "read in the order i, c, f, o"),
    (step_with(use_dc_new=False), "dc_new is ignored"),
    (step_with(dc_prev_from_dc_new_only=True), "dc_prev is only dc_new * f"),
    (step_with(missing_derivative="f"), "forget gate f's sigmoid is missing"),
    (step_bias_per_example, "dbias has shape"),
    (step_with_other_output, "wrong: dh_prev; right: dx, dc_prev"),
])
def test_step_mistakes_are_named(answer, message):
    fails_with(checks.check_lstm_step_backward, answer, message=message)


def test_a_step_without_any_known_mistake_still_says_which_path_is_wrong():
    def dc_new_doubled(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
        return solution_step(x, states, kernel, recurrent_kernel, bias, dh_new, 2 * dc_new)
    fails_with(checks.check_lstm_step_backward, dc_new_doubled, message="what dc_new does is wrong")


def sequence_with_switches(**switches):
    def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
        got = gradients.sequence_backward(inputs, *initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T,
                                          dc_T, **switches)
        return tuple(got[name] for name in gradients.SEQUENCE_NAMES)
    return lstm_sequence_backward


@pytest.mark.parametrize("answer, message", [
    (sequence_with_switches(weights_from="first"), "first step only"),
    (sequence_with_switches(weights_from="last"), "last step only"),
    (sequence_with_switches(carry_dh=False), "dh is not carried back"),
    (sequence_with_switches(use_dc_T=False), "dc_T is ignored"),
    (sequence_with_switches(use_last_d_sequence=False), "d_sequence[:, -1] is ignored"),
    (sequence_with(step_without_tanh_derivative), "in each step's backward pass, the derivative of tanh on c"),
])
def test_sequence_mistakes_are_named(answer, message):
    fails_with(checks.check_lstm_sequence_backward, answer, message=message)


def test_a_sequence_mistake_in_no_list_is_placed_in_time():
    fails_with(checks.check_lstm_sequence_backward, sequence_with(solution_step, carried_dh_scale=0.5),
               message="right at the last step")
