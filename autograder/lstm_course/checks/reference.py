"""TensorFlow's own answers, computed inside the checks, and the NumPy LSTM that the checks use to
recognise mistakes (what a mistake would give; the right answer always comes from TensorFlow)."""
import functools

import numpy as np

from .compare import sigmoid


def split_gates(gate_inputs, order):
    """{'i','f','g','o'}: the four pre-activation blocks of [batch, 4u] read in `order`
    ('ijfo' is TF1's BasicLSTMCell: j is the candidate; 'ifco' is Keras's)."""
    blocks = np.split(np.asarray(gate_inputs, np.float64), 4, axis=-1)
    names = {"i": "i", "j": "g", "c": "g", "f": "f", "o": "o"}
    return {names[letter]: block for letter, block in zip(order, blocks)}


def lstm_update(c_prev, gates, forget_bias=0.0, candidate="g", h_from_old_c=False, tanh_on_c=True):
    """(new_c, new_h) of the LSTM equations, with switches that reproduce common mistakes."""
    new_c = c_prev * sigmoid(gates["f"] + forget_bias) + sigmoid(gates["i"]) * np.tanh(gates[candidate])
    c_for_h = c_prev if h_from_old_c else new_c
    new_h = (np.tanh(c_for_h) if tanh_on_c else c_for_h) * sigmoid(gates["o"])
    return new_c, new_h


def lstm_states(rng, batch, units):
    """h in (-1, 1) and c with values beyond +-3, where LSTMBlockCell's default cell_clip would bite."""
    h = rng.uniform(-1, 1, (batch, units)).astype(np.float32)
    c = (rng.choice([-1.0, 1.0], (batch, units)) * rng.uniform(2.5, 6.0, (batch, units))).astype(np.float32)
    return h, c


def random_lstm_weights(rng, input_dim, units):
    """[kernel, recurrent_kernel, bias] in Keras's layout, random, with a non-zero bias."""
    return [rng.normal(0, 0.5, (input_dim, 4 * units)).astype(np.float32),
            rng.normal(0, 0.5, (units, 4 * units)).astype(np.float32),
            rng.normal(0, 0.5, (4 * units,)).astype(np.float32)]


@functools.lru_cache(maxsize=None)
def _empty_keras_lstm(input_dim, units, options):
    import keras

    layer = keras.layers.LSTM(units, **dict(options))
    layer.build((None, None, input_dim))
    return layer


def keras_lstm(weights, **options):
    """keras.layers.LSTM(**options) holding the given [kernel, recurrent_kernel, bias]: one layer per shape
    and options, built once, its weights set anew for every question (as keras_cell). Call it before
    asking for another layer of the same shape and options: that one is the same layer."""
    layer = _empty_keras_lstm(np.shape(weights[0])[0], np.shape(weights[1])[0], tuple(sorted(options.items())))
    layer.set_weights([np.float32(w) for w in weights])
    return layer


def fused_lstm_reference(x, c_prev, h_prev, kernel, bias, forget_bias=1.0):
    """TensorFlow's fused LSTM op, tf.raw_ops.LSTMBlockCell, as TF1's BasicLSTMCell computes:
    no peepholes, no clipping of c (its cell_clip defaults to 3.0). Returns (new_c, new_h)."""
    import tensorflow as tf

    units = np.shape(h_prev)[-1]
    zeros = np.zeros(units, np.float32)
    out = tf.raw_ops.LSTMBlockCell(
        x=np.float32(x), cs_prev=np.float32(c_prev), h_prev=np.float32(h_prev), w=np.float32(kernel),
        wci=zeros, wcf=zeros, wco=zeros, b=np.float32(bias),
        forget_bias=float(forget_bias), cell_clip=-1.0, use_peephole=False)
    return out.cs.numpy(), out.h.numpy()


@functools.lru_cache(maxsize=None)
def _empty_keras_cell(input_dim, units):
    import keras

    cell = keras.layers.LSTMCell(units)
    cell.build((None, input_dim))
    return cell


def keras_cell(weights):
    """keras.layers.LSTMCell holding `weights`: one cell per shape, built once (building is most of the time
    a check's reference takes); its weights are set anew for every question."""
    cell = _empty_keras_cell(np.shape(weights[0])[0], np.shape(weights[1])[0])
    cell.set_weights([np.float32(w) for w in weights])
    return cell


def keras_cell_case(seed, batch, input_dim, units):
    """Random weights (non-zero bias), inputs and states (c beyond +-3) for keras.layers.LSTMCell,
    and the new h and c the cell itself computes from them."""
    rng = np.random.default_rng(seed)
    weights = random_lstm_weights(rng, input_dim, units)
    cell = keras_cell(weights)
    x = rng.normal(0, 1, (batch, input_dim)).astype(np.float32)
    h_prev, c_prev = lstm_states(rng, batch, units)
    _, (want_h, want_c) = cell(x, [h_prev, c_prev])
    return weights, x, h_prev, c_prev, np.asarray(want_h), np.asarray(want_c)



def run_numpy_lstm(inputs, h, c, kernel, recurrent_kernel, bias, reset_every_step=False):
    """Every (h_t, c_t) of a Keras-layout LSTM over inputs [batch, time, d]; used to recognise mistakes."""
    h0, c0 = h, c
    hs, cs = [], []
    for t in range(inputs.shape[1]):
        if reset_every_step:
            h, c = h0, c0
        gates = split_gates(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, "ifco")
        c, h = lstm_update(c, gates)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, axis=1), np.stack(cs, axis=1)


def sequence_case(seed, batch, time_steps, input_dim, units):
    """Random Keras-layout weights, inputs [batch, time, input_dim] and an initial state (c beyond +-3)."""
    rng = np.random.default_rng(seed)
    weights = random_lstm_weights(rng, input_dim, units)
    inputs = rng.normal(0, 1, (batch, time_steps, input_dim)).astype(np.float32)
    h0, c0 = lstm_states(rng, batch, units)
    return inputs, h0, c0, weights



# One step of each cell, as TensorFlow computes it, in the form the probes ask their questions:
# (x, h, c, kernel, recurrent_kernel, bias) -> (new_h, new_c).
def keras_lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    cell = keras_cell([kernel, recurrent_kernel, bias])
    _, (new_h, new_c) = cell(np.float32(x), [np.float32(h), np.float32(c)])
    return np.asarray(new_h), np.asarray(new_c)


def fused_lstm_step(forget_bias):
    """TF1's BasicLSTMCell step (tf.raw_ops.LSTMBlockCell) with its kernel stacked from the two parts."""
    def step(x, h, c, kernel, recurrent_kernel, bias):
        new_c, new_h = fused_lstm_reference(x, c, h, np.vstack([kernel, recurrent_kernel]), bias, forget_bias)
        return new_h, new_c
    return step


def simple_rnn_step(x, h, c, kernel, recurrent_kernel, bias):
    import keras

    cell = keras.layers.SimpleRNNCell(np.shape(recurrent_kernel)[0])
    cell.build((None, np.shape(kernel)[0]))
    cell.set_weights([np.float32(kernel), np.float32(recurrent_kernel), np.float32(bias)])
    return np.asarray(cell(np.float32(x), [np.float32(h)])[0]), None


# Gradients, as TensorFlow's autodiff computes them on the real Keras layers (notebook 4).
def keras_cell_path_gradient(inputs, h0, c0, weights):
    """(forget_gates, gradient), both [batch, time, units]: the forget gates f_1 .. f_T of
    keras.layers.LSTMCell stepped over inputs from [h0, c0], and, from tf.GradientTape through the
    same steps with the h path cut (tf.stop_gradient on h), the gradient of c_t with respect to c_0
    for every t (per unit: with h cut, c_t depends on c_0 only unit by unit, so the gradient of the
    sum of c_t is that per-unit gradient)."""
    import tensorflow as tf

    cell = keras_cell(weights)
    kernel, recurrent_kernel, bias = (np.asarray(w, np.float64) for w in weights)
    units = recurrent_kernel.shape[0]
    c0 = tf.constant(np.float32(c0))
    h = tf.constant(np.float32(h0))
    forget_gates, c_sums = [], []
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(c0)
        c = c0
        for t in range(inputs.shape[1]):
            h = tf.stop_gradient(h)
            f_inputs = (np.float64(inputs[:, t]) @ kernel + np.float64(h.numpy()) @ recurrent_kernel
                        + bias)[:, units:2 * units]
            forget_gates.append(1.0 / (1.0 + np.exp(-f_inputs)))
            _, (h, c) = cell(np.float32(inputs[:, t]), [h, c])
            c_sums.append(tf.reduce_sum(c))
    gradient = np.stack([tape.gradient(c_t, c0).numpy() for c_t in c_sums], axis=1)
    del tape
    return np.stack(forget_gates, axis=1).astype(np.float32), gradient


def keras_step_gradients(x, h_prev, c_prev, weights, dh_new, dc_new):
    """(dx, dh_prev, dc_prev, dkernel, drecurrent_kernel, dbias) of one keras.layers.LSTMCell step,
    from tf.GradientTape, for the loss sum(new_h * dh_new) + sum(new_c * dc_new)."""
    import tensorflow as tf

    cell = keras_cell(weights)
    x, h_prev, c_prev = (tf.constant(np.float32(a)) for a in (x, h_prev, c_prev))
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev])
        _, (new_h, new_c) = cell(x, [h_prev, c_prev])
        loss = tf.reduce_sum(new_h * np.float32(dh_new)) + tf.reduce_sum(new_c * np.float32(dc_new))
    grads = tape.gradient(loss, [x, h_prev, c_prev, cell.kernel, cell.recurrent_kernel, cell.bias])
    return tuple(np.asarray(g) for g in grads)


def keras_sequence_gradients(inputs, h0, c0, weights, d_sequence, dh_T, dc_T):
    """(d_inputs, dh0, dc0, dkernel, drecurrent_kernel, dbias) of
    keras.layers.LSTM(return_sequences=True, return_state=True) called with initial_state=[h0, c0],
    from tf.GradientTape, for the loss sum(sequence * d_sequence) + sum(h_T * dh_T) + sum(c_T * dc_T)."""
    import tensorflow as tf

    layer = keras_lstm([np.float32(w) for w in weights], return_sequences=True, return_state=True)
    inputs, h0, c0 = (tf.constant(np.float32(a)) for a in (inputs, h0, c0))
    with tf.GradientTape() as tape:
        tape.watch([inputs, h0, c0])
        sequence, h_T, c_T = layer(inputs, initial_state=[h0, c0])
        loss = (tf.reduce_sum(sequence * np.float32(d_sequence)) + tf.reduce_sum(h_T * np.float32(dh_T))
                + tf.reduce_sum(c_T * np.float32(dc_T)))
    cell = layer.cell
    grads = tape.gradient(loss, [inputs, h0, c0, cell.kernel, cell.recurrent_kernel, cell.bias])
    return tuple(np.asarray(g) for g in grads)
