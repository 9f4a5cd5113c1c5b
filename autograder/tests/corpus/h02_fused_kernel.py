"""Held-out wrong and right answers to notebook 2's exercises (written without reading the checks)."""
ANSWERS = {
    "basic_lstm_cell_step": {
        "wrong": [
            ("Keras gate order i, f, j, o read from the fused kernel", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, f, j, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("forget bias hard-coded to 1.0, the forget_bias argument ignored", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("concatenates [h, x] instead of [x, h]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([h, x], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("clips c to [-3, 3] like LSTMBlockCell's default cell_clip", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_c = np.clip(new_c, -3.0, 3.0)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("the blog comment's tanh(o) as candidate (and j as output gate)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(o)
    new_h = np.tanh(new_c) * sigmoid(j)
    return new_h, (new_c, new_h)
"""),
            ("two mistakes: Keras state order, h first, both read and returned", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    h, c = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_h, new_c)
"""),
        ],
        "right": [
            ("float64, kernel split into its x rows and h rows, column slices", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = (np.asarray(s, dtype=np.float64) for s in state)
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    d, u = x.shape[1], h.shape[1]
    z = x @ kernel[:d] + h @ kernel[d:] + np.asarray(bias, dtype=np.float64)
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    i, j, f, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
    new_c = c * sig(f + forget_bias) + sig(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sig(o)
    return new_h, (new_c, new_h)
"""),
            ("TensorFlow ops", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    c, h = state
    x = tf.constant(x, tf.float32)
    c = tf.constant(c, tf.float32)
    h = tf.constant(h, tf.float32)
    z = tf.matmul(tf.concat([x, h], axis=1), tf.constant(kernel, tf.float32)) + tf.constant(bias, tf.float32)
    i, j, f, o = tf.split(z, 4, axis=1)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_h.numpy(), (new_c.numpy(), new_h.numpy())
"""),
        ],
    },
    "keras_lstm_cell_step": {
        "wrong": [
            ("TF1 gate order i, j, f, o on Keras weights", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, candidate, f, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(candidate)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("adds a forget bias of 1 at call time (unit_forget_bias confusion)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, candidate, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(candidate)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("new h computed from the old c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, candidate, o = np.split(z, 4, axis=-1)
    new_h = sigmoid(o) * np.tanh(c)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(candidate)
    return new_h, [new_h, new_c]
"""),
            ("hard sigmoid for the gates (old Keras 2 default)", """
def hard_sigmoid(z):
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, candidate, o = np.split(z, 4, axis=-1)
    new_c = hard_sigmoid(f) * c + hard_sigmoid(i) * np.tanh(candidate)
    new_h = hard_sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("sigmoid on the candidate instead of tanh", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, candidate, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * sigmoid(candidate)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("two mistakes: TF1 state order c, h read and returned", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    c, h = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, candidate, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(candidate)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_c, new_h]
"""),
        ],
        "right": [
            ("one matmul per gate, float64, sigmoid through tanh", """
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h = np.asarray(states[0], dtype=np.float64)
    c = np.asarray(states[1], dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    u = h.shape[-1]
    def pre(k):
        cols = slice(k * u, (k + 1) * u)
        return x @ kernel[:, cols] + h @ recurrent_kernel[:, cols] + bias[cols]
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
    i, f, g, o = sig(pre(0)), sig(pre(1)), np.tanh(pre(2)), sig(pre(3))
    new_c = f * c + i * g
    new_h = o * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("TensorFlow ops on one concatenated matmul", """
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    h, c = [tf.constant(s, tf.float32) for s in states]
    xh = tf.concat([tf.constant(x, tf.float32), h], axis=1)
    w = tf.concat([tf.constant(kernel, tf.float32), tf.constant(recurrent_kernel, tf.float32)], axis=0)
    z = tf.matmul(xh, w) + tf.constant(bias, tf.float32)
    i, f, g, o = tf.split(z, 4, axis=1)
    new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    new_h = tf.sigmoid(o) * tf.tanh(new_c)
    return new_h.numpy(), [new_h.numpy(), new_c.numpy()]
"""),
        ],
    },
    "keras_to_fused": {
        "wrong": [
            ("stacks the kernels but keeps Keras's block order i, f, c, o", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    fused_kernel = np.concatenate([kernel, recurrent_kernel], axis=0)
    b_i, b_f, b_c, b_o = np.split(np.asarray(bias), 4)
    fused_bias = np.concatenate([b_i, b_f - forget_bias, b_c, b_o])
    return fused_kernel, fused_bias
"""),
            ("recurrent kernel stacked on top of the input kernel", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([recurrent_kernel, kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(np.asarray(bias), 4)
    fused_kernel = np.concatenate([k_i, k_c, k_f, k_o], axis=1)
    fused_bias = np.concatenate([b_i, b_c, b_f - forget_bias, b_o])
    return fused_kernel, fused_bias
"""),
            ("adds forget_bias to the f block instead of subtracting it", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.vstack([kernel, recurrent_kernel])
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(np.asarray(bias), 4)
    fused_kernel = np.hstack([k_i, k_c, k_f, k_o])
    fused_bias = np.concatenate([b_i, b_c, b_f + forget_bias, b_o])
    return fused_kernel, fused_bias
"""),
            ("subtracts a hard-coded 1.0 whatever forget_bias is", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(np.asarray(bias), 4)
    fused_kernel = np.concatenate([k_i, k_c, k_f, k_o], axis=1)
    fused_bias = np.concatenate([b_i, b_c, b_f - 1.0, b_o])
    return fused_kernel, fused_bias
"""),
            ("reorders the kernel's blocks but not the bias's", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    fused_kernel = np.concatenate([k_i, k_c, k_f, k_o], axis=1)
    u = len(bias) // 4
    fused_bias = np.array(bias, dtype=np.float64)
    fused_bias[u:2 * u] -= forget_bias
    return fused_kernel, fused_bias
"""),
            ("right result, but subtracts forget_bias from the caller's bias array in place", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    bias[u:2 * u] -= forget_bias
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    order = list(range(0, u)) + list(range(2 * u, 3 * u)) + list(range(u, 2 * u)) + list(range(3 * u, 4 * u))
    return stacked[:, order], bias[order]
"""),
        ],
        "right": [
            ("one permutation of column indices, applied to a copy", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = np.shape(recurrent_kernel)[0]
    order = np.r_[0:u, 2 * u:3 * u, u:2 * u, 3 * u:4 * u]
    fused_kernel = np.vstack([kernel, recurrent_kernel])[:, order]
    fused_bias = np.array(bias, dtype=np.float64)[order]
    fused_bias[2 * u:3 * u] -= forget_bias
    return fused_kernel, fused_bias
"""),
            ("dictionaries of named blocks, float64", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    kernel = np.asarray(kernel, dtype=np.float64)
    recurrent_kernel = np.asarray(recurrent_kernel, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    u = recurrent_kernel.shape[0]
    keras_names = ['i', 'f', 'c', 'o']
    w = {}
    b = {}
    for k, name in enumerate(keras_names):
        cols = slice(k * u, (k + 1) * u)
        w[name] = np.concatenate([kernel[:, cols], recurrent_kernel[:, cols]], axis=0)
        b[name] = bias[cols].copy()
    b['f'] = b['f'] - forget_bias
    fused_names = ['i', 'c', 'f', 'o']
    return (np.concatenate([w[n] for n in fused_names], axis=1),
            np.concatenate([b[n] for n in fused_names]))
"""),
        ],
    },
}
