"""Held-out wrong and right answers to notebook 3's exercises (written without reading the checks)."""
ANSWERS = {
    "lstm_sequence": {
        "wrong": [
            ("loops over axis 0 (the batch) instead of time", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for x_t in inputs:
        z = x_t @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("appends h before the step: the sequence starts with h0 and misses the last h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        outputs.append(h)
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.stack(outputs, axis=1), h, c
"""),
            ("stacks the outputs time-major, [time, batch, units]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.array(outputs), h, c
"""),
            ("ignores initial_state and starts from zeros", """
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
            ("TF1 gate order i, j, f, o on Keras weights", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, j, f, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
"""),
            ("two mistakes: unpacks the state as (c, h) and returns (sequence, c, h)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    c, h = initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), c, h
"""),
        ],
        "right": [
            ("preallocated float64 arrays and column slices", """
def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    inputs = np.asarray(inputs, dtype=np.float64)
    h = np.array(initial_state[0], dtype=np.float64)
    c = np.array(initial_state[1], dtype=np.float64)
    batch, time = inputs.shape[:2]
    u = h.shape[1]
    out = np.empty((batch, time, u))
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    for t in range(time):
        z = inputs[:, t, :] @ kernel + h @ recurrent_kernel + bias
        c = sig(z[:, u:2 * u]) * c + sig(z[:, :u]) * np.tanh(z[:, 2 * u:3 * u])
        h = sig(z[:, 3 * u:]) * np.tanh(c)
        out[:, t, :] = h
    return out, h, c
"""),
            ("input projections for all steps at once, loop over the time-major view", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    projected = np.einsum('btd,dg->btg', inputs, kernel) + bias
    hs = []
    for z_x in np.moveaxis(projected, 1, 0):
        i, f, g, o = np.split(z_x + h @ recurrent_kernel, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.transpose(np.array(hs), (1, 0, 2)), h, c
"""),
        ],
    },
    "cell_state_sequence": {
        "wrong": [
            ("appends c before the step: starts with c0, misses the last c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        cs.append(c)
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.stack(cs, axis=1)
"""),
            ("collects h instead of c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        cs.append(h)
    return np.stack(cs, axis=1)
"""),
            ("collects tanh(c), squashed into (-1, 1)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        cs.append(np.tanh(c))
    return np.stack(cs, axis=1)
"""),
            ("never updates h ('only c matters here')", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        cs.append(c)
    return np.stack(cs, axis=1)
"""),
            ("two mistakes: updates c in place, so every entry is the same array and c0 is overwritten", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    cs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c *= sigmoid(f)
        c += sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        cs.append(c)
    return np.stack(cs, axis=1)
"""),
            ("takes h0 from initial_state but starts c from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h = initial_state[0]
    c = np.zeros_like(h)
    cs = []
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        cs.append(c)
    return np.stack(cs, axis=1)
"""),
        ],
        "right": [
            ("preallocated float64 result", """
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    inputs = np.asarray(inputs, dtype=np.float64)
    h = np.array(initial_state[0], dtype=np.float64)
    c = np.array(initial_state[1], dtype=np.float64)
    u = h.shape[1]
    result = np.zeros((inputs.shape[0], inputs.shape[1], u))
    for t in range(inputs.shape[1]):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        gate = lambda k: z[:, k * u:(k + 1) * u]
        sig = lambda v: 1 / (1 + np.exp(-v))
        c = sig(gate(1)) * c + sig(gate(0)) * np.tanh(gate(2))
        h = sig(gate(3)) * np.tanh(c)
        result[:, t] = c
    return result
"""),
            ("a step helper returning the state list, TensorFlow ops", """
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    kernel = tf.constant(kernel, tf.float32)
    recurrent_kernel = tf.constant(recurrent_kernel, tf.float32)
    bias = tf.constant(bias, tf.float32)

    def step(x, states):
        h, c = states
        i, f, g, o = tf.split(tf.matmul(x, kernel) + tf.matmul(h, recurrent_kernel) + bias, 4, axis=1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        return [tf.sigmoid(o) * tf.tanh(c), c]

    states = [tf.constant(s, tf.float32) for s in initial_state]
    all_c = []
    for x in tf.unstack(tf.constant(inputs, tf.float32), axis=1):
        states = step(x, states)
        all_c.append(states[1])
    return tf.stack(all_c, axis=1).numpy()
"""),
        ],
    },
    "stacked_lstm": {
        "wrong": [
            ("upper layer reads the lower layer's c sequence", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(inputs, kernel, recurrent_kernel, bias):
    u = recurrent_kernel.shape[0]
    h = np.zeros((inputs.shape[0], u))
    c = np.zeros((inputs.shape[0], u))
    hs, cs = [], []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, axis=1), np.stack(cs, axis=1)


def stacked_lstm(inputs, layer_weights):
    lower, upper = layer_weights
    _, lower_c = run_layer(inputs, *lower)
    upper_h, _ = run_layer(lower_c, *upper)
    return upper_h
"""),
            ("upper layer starts from the lower layer's final (h, c) instead of zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def run_layer(inputs, state, kernel, recurrent_kernel, bias):
    h, c = state
    hs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1), (h, c)


def stacked_lstm(inputs, layer_weights):
    (k1, r1, b1), (k2, r2, b2) = layer_weights
    zeros = np.zeros((inputs.shape[0], r1.shape[0]))
    lower, state = run_layer(inputs, (zeros, zeros), k1, r1, b1)
    upper, _ = run_layer(lower, state, k2, r2, b2)
    return upper
"""),
            ("zero state sized from the layer's input width, not its units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def stacked_lstm(inputs, layer_weights):
    sequence = inputs
    for kernel, recurrent_kernel, bias in layer_weights:
        h = np.zeros((sequence.shape[0], sequence.shape[2]))
        c = np.zeros((sequence.shape[0], sequence.shape[2]))
        hs = []
        for t in range(sequence.shape[1]):
            i, f, g, o = np.split(sequence[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
        sequence = np.stack(hs, axis=1)
    return sequence
"""),
            ("both layers read the original inputs", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_layer(x, kernel, recurrent_kernel, bias):
    h = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    c = np.zeros_like(h)
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)


def stacked_lstm(inputs, layer_weights):
    outputs = None
    for weights in layer_weights:
        outputs = lstm_layer(inputs, *weights)
    return outputs
"""),
            ("upper layer reads the lower layer's last h repeated at every step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_layer(x, kernel, recurrent_kernel, bias):
    h = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    c = np.zeros_like(h)
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1), h


def stacked_lstm(inputs, layer_weights):
    _, last_h = lstm_layer(inputs, *layer_weights[0])
    repeated = np.repeat(last_h[:, np.newaxis, :], inputs.shape[1], axis=1)
    upper, _ = lstm_layer(repeated, *layer_weights[1])
    return upper
"""),
            ("helper stacks time-major, so the upper layer reads a transposed sequence", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_layer(x, kernel, recurrent_kernel, bias, batch):
    h = np.zeros((batch, recurrent_kernel.shape[0]))
    c = np.zeros_like(h)
    hs = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
    return np.stack(hs)


def stacked_lstm(inputs, layer_weights):
    lower = lstm_layer(inputs, *layer_weights[0], inputs.shape[0])
    upper = lstm_layer(lower, *layer_weights[1], inputs.shape[0])
    return np.transpose(upper, (1, 0, 2))
"""),
        ],
        "right": [
            ("two explicit calls of a float64 layer function", """
def stacked_lstm(inputs, layer_weights):
    def layer(x, kernel, recurrent_kernel, bias):
        u = recurrent_kernel.shape[0]
        h = np.zeros((x.shape[0], u))
        c = np.zeros((x.shape[0], u))
        out = np.zeros((x.shape[0], x.shape[1], u))
        sig = lambda v: 1 / (1 + np.exp(-v))
        for t in range(x.shape[1]):
            z = x[:, t] @ kernel + h @ recurrent_kernel + bias
            c = sig(z[:, u:2 * u]) * c + sig(z[:, :u]) * np.tanh(z[:, 2 * u:3 * u])
            h = sig(z[:, 3 * u:]) * np.tanh(c)
            out[:, t] = h
        return out

    x = np.asarray(inputs, dtype=np.float64)
    lower = layer(x, *layer_weights[0])
    return layer(lower, *layer_weights[1])
"""),
            ("functools.reduce over the layers, lists of steps", """
import functools


def stacked_lstm(inputs, layer_weights):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def one_layer(sequence, weights):
        kernel, recurrent_kernel, bias = weights
        steps = [sequence[:, t] for t in range(sequence.shape[1])]
        h = c = np.zeros((sequence.shape[0], recurrent_kernel.shape[0]), dtype=np.float32)
        outs = []
        for x in steps:
            i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            outs.append(h)
        return np.stack(outs, axis=1)

    return functools.reduce(one_layer, layer_weights, np.asarray(inputs))
"""),
        ],
    },
}
