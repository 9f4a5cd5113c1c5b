"""Wrong and right answers to notebook 3's exercises, written as learners write them."""
ANSWERS = {
    "lstm_sequence": {
        "wrong": [
            ("loops over the batch axis (axis 0) instead of time", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[0]):
        z = inputs[t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("ignores the initial state and starts from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    units = recurrent_kernel.shape[0]
    h = np.zeros((inputs.shape[0], units))
    c = np.zeros((inputs.shape[0], units))
    outputs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("state not carried: every step starts again from [h0, c0]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(new_c), new_c


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h0, c0 = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        h, c = step(inputs[:, t], h0, c0, kernel, recurrent_kernel, bias)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("returns (sequence, c, h): last h and last c swapped", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), c, h
"""),
            ("whole sequence collects c instead of h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    states = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        states.append(c)
    return np.stack(states, axis=1), h, c
"""),
            ("initial state unpacked as (c, h), TF1 style", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    c, h = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("gates read in TF1's order i, j, f, o", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, j, f, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("stacks the steps on axis 0: [time, batch, units]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.array(outputs), h, c
"""),
            ("reshape instead of transpose from [time, batch, units] (right only for a batch of 1)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    batch, time_steps, _ = inputs.shape
    h, c = initial_state
    outputs = []
    for t in range(time_steps):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    whole = np.array(outputs).reshape(batch, time_steps, -1)
    return whole, h, c
"""),
            ("appends h before updating it: sequence is h0 .. h_{T-1}", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        outputs.append(h)
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.stack(outputs, axis=1), h, c
"""),
            ("the bias is missing", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        gates = inputs[:, t] @ kernel + h @ recurrent_kernel
        i, f, g, o = np.split(gates, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("h computed from the previous c (update order slip)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        h = sigmoid(o) * np.tanh(c)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("forget bias of 1 added at call time (unit_forget_bias misunderstood)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("kernel and recurrent_kernel swapped (only runs when input width == units)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ recurrent_kernel + h @ kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("h_T taken from the first step of the sequence", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    hs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    whole = np.stack(hs, axis=1)
    return whole, whole[:, 0], c
"""),
            ("candidate squashed with sigmoid instead of tanh", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * sigmoid(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("two mistakes: loops over axis 0 and starts from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h = np.zeros_like(initial_state[0])
    c = np.zeros_like(initial_state[1])
    outputs = []
    for x in inputs:
        i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("TensorFlow LSTMCell stepped with the states given as [c, h]", """
import tensorflow as tf
import keras


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    units = recurrent_kernel.shape[0]
    cell = keras.layers.LSTMCell(units)
    cell.build((None, inputs.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    h0, c0 = initial_state
    states = [tf.constant(c0, tf.float32), tf.constant(h0, tf.float32)]
    outputs = []
    for x in tf.unstack(tf.constant(inputs, tf.float32), axis=1):
        out, states = cell(x, states)
        outputs.append(out)
    return tf.stack(outputs, axis=1).numpy(), states[0].numpy(), states[1].numpy()
"""),
            ("tf.split + tf.squeeze without axis per step: breaks when the input width is 1", """
import tensorflow as tf


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for piece in tf.split(inputs, inputs.shape[1], axis=1):
        x = tf.squeeze(piece).numpy()
        i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
        ],
        "right": [
            ("float64, one matmul per gate on column slices of the weights", """
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    x = np.asarray(inputs, dtype=np.float64)
    W = np.asarray(kernel, dtype=np.float64)
    U = np.asarray(recurrent_kernel, dtype=np.float64)
    b = np.asarray(bias, dtype=np.float64)
    n = U.shape[0]
    h = np.array(initial_state[0], dtype=np.float64)
    c = np.array(initial_state[1], dtype=np.float64)

    def gate(k, x_t, h):
        cols = slice(k * n, (k + 1) * n)
        return x_t @ W[:, cols] + h @ U[:, cols] + b[cols]

    hs = []
    for t in range(x.shape[1]):
        x_t = x[:, t, :]
        i = sigmoid(gate(0, x_t, h))
        f = sigmoid(gate(1, x_t, h))
        g = np.tanh(gate(2, x_t, h))
        o = sigmoid(gate(3, x_t, h))
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1), h, c
"""),
            ("TensorFlow ops: tf.unstack over time, tf.matmul, tf.split", """
import tensorflow as tf


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h = tf.constant(initial_state[0], tf.float32)
    c = tf.constant(initial_state[1], tf.float32)
    kernel = tf.constant(kernel, tf.float32)
    recurrent_kernel = tf.constant(recurrent_kernel, tf.float32)
    bias = tf.constant(bias, tf.float32)
    outputs = []
    for x in tf.unstack(tf.constant(inputs, tf.float32), axis=1):
        z = tf.matmul(x, kernel) + tf.matmul(h, recurrent_kernel) + bias
        i, f, g, o = tf.split(z, 4, axis=1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        outputs.append(h)
    return tf.stack(outputs, axis=1).numpy(), h.numpy(), c.numpy()
"""),
            ("input projection for all steps at once with einsum, then transpose a list", """
def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    u = recurrent_kernel.shape[0]
    xw = np.einsum('btd,dk->btk', inputs, kernel) + bias
    h, c = [np.copy(s) for s in initial_state]
    hs = []
    for t in range(xw.shape[1]):
        z = xw[:, t] + np.einsum('bu,uk->bk', h, recurrent_kernel)
        i = 1 / (1 + np.exp(-z[:, :u]))
        f = 1 / (1 + np.exp(-z[:, u:2 * u]))
        g = np.tanh(z[:, 2 * u:3 * u])
        o = 1 / (1 + np.exp(-z[:, 3 * u:]))
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    return np.transpose(np.array(hs), (1, 0, 2)), hs[-1], c
"""),
            ("Keras LSTM layer holding the given weights", """
import keras


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    layer = keras.layers.LSTM(recurrent_kernel.shape[0], return_sequences=True, return_state=True)
    layer.build((None, None, inputs.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    h0, c0 = initial_state
    seq, h, c = layer(np.float32(inputs), initial_state=[np.float32(h0), np.float32(c0)])
    return np.asarray(seq), np.asarray(h), np.asarray(c)
"""),
            ("while loop with a step helper returning a list of states, outputs written into a preallocated array", """
def _sig(v):
    return np.exp(-np.logaddexp(0, -v))


def one_step(x, states, kernel, recurrent_kernel, bias):
    h_prev, c_prev = states
    z = np.dot(x, kernel) + np.dot(h_prev, recurrent_kernel) + bias
    q = z.shape[-1] // 4
    c_new = _sig(z[..., q:2 * q]) * c_prev + _sig(z[..., :q]) * np.tanh(z[..., 2 * q:3 * q])
    h_new = _sig(z[..., 3 * q:]) * np.tanh(c_new)
    return [h_new, c_new]


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    batch, steps = inputs.shape[0], inputs.shape[1]
    states = list(initial_state)
    whole = np.zeros((batch, steps, recurrent_kernel.shape[0]))
    t = 0
    while t < steps:
        states = one_step(inputs[:, t, :], states, kernel, recurrent_kernel, bias)
        whole[:, t, :] = states[0]
        t += 1
    return whole, states[0], states[1]
"""),
        ],
    },
    "cell_state_sequence": {
        "wrong": [
            ("returns every h_t instead of every c_t", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(h)
    return np.stack(out, axis=1)
"""),
            ("off by one: starts with c0 and drops the last c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        out.append(c)
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.stack(out, axis=1)
"""),
            ("includes c0: T + 1 states", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("h is never updated: only c carried forward", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("state reset to [h0, c0] at every step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    out = []
    for t in range(inputs.shape[1]):
        h, c = initial_state
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("initial state ignored: starts from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    u = recurrent_kernel.shape[0]
    h = c = np.zeros((inputs.shape[0], u))
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("np.array of the list: [time, batch, units]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.array(out)
"""),
            ("reshape of the [time, batch, units] array instead of a transpose", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.reshape(out, (inputs.shape[0], inputs.shape[1], -1))
"""),
            ("gates read in Olah's order f, i, c, o", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        f, i, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("forget gate left out: c keeps adding i * g", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("c squashed with tanh after the update", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = np.tanh(sigmoid(f) * c + sigmoid(i) * np.tanh(g))
        h = sigmoid(o) * c
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("loops over axis 0 with inputs[t]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(len(inputs)):
        i, f, g, o = np.split(inputs[t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("initial state unpacked as c, h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    c, h = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("the bias is left out", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("Keras LSTMCell stepped, but collects states[0] (h) as c", """
import keras


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, inputs.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    states = [np.float32(initial_state[0]), np.float32(initial_state[1])]
    cs = []
    for t in range(inputs.shape[1]):
        _, states = cell(np.float32(inputs[:, t]), states)
        cs.append(np.asarray(states[0]))
    return np.stack(cs, axis=1)
"""),
            ("two mistakes: starts from zeros and includes c0", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h = np.zeros_like(initial_state[0])
    c = np.zeros_like(initial_state[1])
    out = [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
            ("np.squeeze of each time slice: breaks when the input width is 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    out = []
    for piece in np.split(inputs, inputs.shape[1], axis=1):
        x = np.squeeze(piece)
        i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(c)
    return np.stack(out, axis=1)
"""),
        ],
        "right": [
            ("float64, separate matmul per gate", """
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    W = np.float64(kernel)
    U = np.float64(recurrent_kernel)
    b = np.float64(bias)
    u = U.shape[0]
    Wi, Wf, Wc, Wo = (W[:, k * u:(k + 1) * u] for k in range(4))
    Ui, Uf, Uc, Uo = (U[:, k * u:(k + 1) * u] for k in range(4))
    bi, bf, bc, bo = (b[k * u:(k + 1) * u] for k in range(4))
    h, c = np.float64(initial_state[0]), np.float64(initial_state[1])
    cs = []
    for t in range(inputs.shape[1]):
        x = np.float64(inputs[:, t])
        i = sig(x @ Wi + h @ Ui + bi)
        f = sig(x @ Wf + h @ Uf + bf)
        g = np.tanh(x @ Wc + h @ Uc + bc)
        o = sig(x @ Wo + h @ Uo + bo)
        c = f * c + i * g
        h = o * np.tanh(c)
        cs.append(c)
    return np.stack(cs, axis=1)
"""),
            ("Keras LSTMCell stepped by hand, c is states[1]", """
import keras


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, inputs.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    states = [np.float32(s) for s in initial_state]
    cs = []
    for t in range(inputs.shape[1]):
        _, states = cell(np.float32(inputs[:, t]), states)
        cs.append(np.asarray(states[1]))
    return np.stack(cs, axis=1)
"""),
            ("tf ops with tf.unstack and a TensorArray-free list, tf.transpose at the end", """
import tensorflow as tf


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = (tf.convert_to_tensor(s, tf.float32) for s in initial_state)
    k = tf.convert_to_tensor(kernel, tf.float32)
    rk = tf.convert_to_tensor(recurrent_kernel, tf.float32)
    b = tf.convert_to_tensor(bias, tf.float32)
    cs = []
    for x in tf.unstack(tf.convert_to_tensor(inputs, tf.float32), axis=1):
        i, f, g, o = tf.split(tf.matmul(x, k) + tf.matmul(h, rk) + b, 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        cs.append(c)
    return tf.transpose(tf.stack(cs), [1, 0, 2]).numpy()
"""),
            ("einsum on the time-major inputs, results written into a preallocated array", """
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    x_tm = np.moveaxis(np.asarray(inputs), 1, 0)        # [time, batch, d]
    B, n = x_tm.shape[1], recurrent_kernel.shape[0]
    result = np.empty((B, x_tm.shape[0], n))
    h = np.array(initial_state[0], dtype=float)
    c = np.array(initial_state[1], dtype=float)
    for t, x in enumerate(x_tm):
        z = np.einsum('bd,dk->bk', x, kernel) + np.einsum('bn,nk->bk', h, recurrent_kernel) + bias
        gi, gf, gc, go = z[:, :n], z[:, n:2 * n], z[:, 2 * n:3 * n], z[:, 3 * n:]
        c = c / (1 + np.exp(-gf)) + np.tanh(gc) / (1 + np.exp(-gi))
        h = np.tanh(c) / (1 + np.exp(-go))
        result[:, t] = c
    return result
"""),
        ],
    },
    "stacked_lstm": {
        "wrong": [
            ("returns the lower layer's sequence", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower = run_layer(inputs, *layer_weights[0])
    upper = run_layer(lower, *layer_weights[1])
    return lower
"""),
            ("the upper layer reads the lower layer's c sequence", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs, cs = [], []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, axis=1), np.stack(cs, axis=1)


def stacked_lstm(inputs, layer_weights):
    _, lower_c = run_layer(inputs, *layer_weights[0])
    upper_h, _ = run_layer(lower_c, *layer_weights[1])
    return upper_h
"""),
            ("the upper layer reads the lower layer's last h at every step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1), h


def stacked_lstm(inputs, layer_weights):
    _, last_h = run_layer(inputs, *layer_weights[0])
    repeated = np.repeat(last_h[:, None, :], inputs.shape[1], axis=1)
    upper, _ = run_layer(repeated, *layer_weights[1])
    return upper
"""),
            ("the upper layer starts from the lower layer's final state instead of zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, h, c, kernel, recurrent_kernel, bias):
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1), h, c


def stacked_lstm(inputs, layer_weights):
    k1, r1, b1 = layer_weights[0]
    zeros = np.zeros((inputs.shape[0], r1.shape[0]))
    lower, h, c = run_layer(inputs, zeros, zeros, k1, r1, b1)
    upper, _, _ = run_layer(lower, h, c, *layer_weights[1])
    return upper
"""),
            ("zero state sized from kernel.shape[0] (input width) instead of units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    seq = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        h = c = np.zeros((inputs.shape[0], kernel.shape[0]))
        hs = []
        for t in range(seq.shape[1]):
            i, f, g, o = np.split(seq[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
        seq = np.stack(hs, axis=1)
    return seq
"""),
            ("layers applied in the wrong order (upper weights first)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    seq = inputs
    for kernel, recurrent_kernel, bias in reversed(layer_weights):
        h = c = np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        hs = []
        for t in range(seq.shape[1]):
            i, f, g, o = np.split(seq[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
        seq = np.stack(hs, axis=1)
    return seq
"""),
            ("returns only the upper layer's last step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    seq = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        h = c = np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        hs = []
        for t in range(seq.shape[1]):
            i, f, g, o = np.split(seq[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
        seq = np.stack(hs, axis=1)
    return h
"""),
            ("uses the lower layer's weights for both layers", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    weights = layer_weights[0]
    return run_layer(run_layer(inputs, *weights), *weights)
"""),
            ("zero state sized with inputs.shape[1] (time) instead of the batch", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    seq = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        h = c = np.zeros((inputs.shape[1], recurrent_kernel.shape[0]))
        hs = []
        for t in range(seq.shape[1]):
            i, f, g, o = np.split(seq[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
        seq = np.stack(hs, axis=1)
    return seq
"""),
            ("helper loops over the batch axis", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[0]):
        i, f, g, o = np.split(x[t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower = run_layer(inputs, *layer_weights[0])
    return run_layer(lower, *layer_weights[1])
"""),
            ("helper's state not carried from step to step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    zeros = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + zeros @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * zeros + sigmoid(i) * np.tanh(g)
        hs.append(sigmoid(o) * np.tanh(c))
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower = run_layer(inputs, *layer_weights[0])
    return run_layer(lower, *layer_weights[1])
"""),
            ("extra tanh applied to the lower sequence before passing it up", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower = run_layer(inputs, *layer_weights[0])
    return run_layer(np.tanh(lower), *layer_weights[1])
"""),
            ("TF1 gate order i, j, f, o in the helper", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for t in range(x.shape[1]):
        i, j, f, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower = run_layer(inputs, *layer_weights[0])
    return run_layer(lower, *layer_weights[1])
"""),
            ("Keras layers, the lower one without return_sequences (only its last h passed up, repeated)", """
import keras


def stacked_lstm(inputs, layer_weights):
    (k1, r1, b1), (k2, r2, b2) = layer_weights
    lower = keras.layers.LSTM(r1.shape[0])
    lower.build((None, None, k1.shape[0]))
    lower.set_weights([k1, r1, b1])
    upper = keras.layers.LSTM(r2.shape[0], return_sequences=True)
    upper.build((None, None, k2.shape[0]))
    upper.set_weights([k2, r2, b2])
    last = keras.layers.RepeatVector(inputs.shape[1])(lower(np.float32(inputs)))
    return np.asarray(upper(last))
"""),
            ("two mistakes: reads c up and returns only the last step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    seq = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        h = c = np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        cs = []
        for t in range(seq.shape[1]):
            i, f, g, o = np.split(seq[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            cs.append(c)
        seq = np.stack(cs, axis=1)
    return h
"""),
            ("tf.squeeze without an axis on each step's input: breaks when the input width is 1", """
import tensorflow as tf


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(x, kernel, recurrent_kernel, bias):
    h = c = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    hs = []
    for piece in tf.split(x, x.shape[1], axis=1):
        x_t = tf.squeeze(piece).numpy()
        i, f, g, o = np.split(x_t @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    sequence = inputs
    for weights in layer_weights:
        sequence = run_layer(sequence, *weights)
    return sequence
"""),
        ],
        "right": [
            ("two Keras LSTM layers with return_sequences=True", """
import keras


def stacked_lstm(inputs, layer_weights):
    x = np.float32(inputs)
    for kernel, recurrent_kernel, bias in layer_weights:
        layer = keras.layers.LSTM(recurrent_kernel.shape[0], return_sequences=True)
        layer.build((None, None, kernel.shape[0]))
        layer.set_weights([kernel, recurrent_kernel, bias])
        x = layer(x)
    return np.asarray(x)
"""),
            ("float64 helper with per-gate matmuls, layers unpacked by name", """
def layer_forward(x, kernel, recurrent_kernel, bias):
    x = np.asarray(x, np.float64)
    n = recurrent_kernel.shape[0]
    W = [np.float64(kernel[:, k * n:(k + 1) * n]) for k in range(4)]
    U = [np.float64(recurrent_kernel[:, k * n:(k + 1) * n]) for k in range(4)]
    b = [np.float64(bias[k * n:(k + 1) * n]) for k in range(4)]
    s = lambda v: 1 / (1 + np.exp(-v))
    h = np.zeros((x.shape[0], n))
    c = np.zeros((x.shape[0], n))
    out = []
    for t in range(x.shape[1]):
        pre = [x[:, t] @ W[k] + h @ U[k] + b[k] for k in range(4)]
        c = s(pre[1]) * c + s(pre[0]) * np.tanh(pre[2])
        h = s(pre[3]) * np.tanh(c)
        out.append(h)
    return np.stack(out, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower_weights, upper_weights = layer_weights
    lower_sequence = layer_forward(inputs, *lower_weights)
    return layer_forward(lower_sequence, *upper_weights)
"""),
            ("the notebook's lstm_sequence reused, time-major loop with transposes", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outs = []
    for x in np.transpose(inputs, (1, 0, 2)):
        i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outs.append(h)
    return np.transpose(np.array(outs), (1, 0, 2)), h, c


def stacked_lstm(inputs, layer_weights):
    batch = inputs.shape[0]
    k1, r1, b1 = layer_weights[0]
    k2, r2, b2 = layer_weights[1]
    z1 = np.zeros((batch, r1.shape[0]))
    z2 = np.zeros((batch, r2.shape[0]))
    lower, _, _ = lstm_sequence(inputs, [z1, z1], k1, r1, b1)
    upper, _, _ = lstm_sequence(lower, [z2, z2], k2, r2, b2)
    return upper
"""),
            ("TensorFlow ops, both layers advanced together step by step", """
import tensorflow as tf


def stacked_lstm(inputs, layer_weights):
    x_steps = tf.unstack(tf.constant(inputs, tf.float32), axis=1)
    batch = inputs.shape[0]
    weights = [[tf.constant(w, tf.float32) for w in layer] for layer in layer_weights]
    states = [[tf.zeros((batch, w[1].shape[0])), tf.zeros((batch, w[1].shape[0]))] for w in weights]
    top = []
    for x in x_steps:
        for level, (k, rk, b) in enumerate(weights):
            h, c = states[level]
            i, f, g, o = tf.split(tf.matmul(x, k) + tf.matmul(h, rk) + b, 4, axis=1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            states[level] = [h, c]
            x = h
        top.append(x)
    return tf.stack(top, axis=1).numpy()
"""),
        ],
    },
}
