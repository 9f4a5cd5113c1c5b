"""Wrong and right answers to notebook 2's exercises, written as learners write them."""
ANSWERS = {
    "basic_lstm_cell_step": {
        "wrong": [
            ("gates split in Keras's order i, f, c, o", """
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
            ("forget_bias never added", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("forget bias hard-coded to 1.0, argument ignored", """
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
            ("default forget_bias of 0 instead of 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=0.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("candidate tanh(o) as in the blog's comment", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(o)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("concat order [h, x]", """
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
            ("state unpacked as (h, c)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    h, c = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("new state returned as (h, c)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_h, new_c)
"""),
            ("new h computed from the old c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_h = np.tanh(c) * sigmoid(o)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    return new_h, (new_c, new_h)
"""),
            ("forget_bias added to the input gate", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f) + sigmoid(i + forget_bias) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("forget_bias added after the sigmoid", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * (sigmoid(f) + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("sigmoid on the candidate instead of tanh", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * sigmoid(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("output gate inside the tanh", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c * sigmoid(o))
    return new_h, (new_c, new_h)
"""),
            ("split along the batch axis (np.split's default axis 0)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("reshape to [batch, units, 4]: gates interleaved", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    units = h.shape[1]
    gates = (np.concatenate([x, h], axis=1) @ kernel + bias).reshape(-1, units, 4)
    i, j, f, o = gates[..., 0], gates[..., 1], gates[..., 2], gates[..., 3]
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("block width taken from the input width, not num_units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    u = x.shape[1]
    z = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:4 * u]
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("kernel rows for x and h split at num_units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    units = h.shape[1]
    z = x @ kernel[:units] + h @ kernel[units:] + bias
    i, j, f, o = np.split(z, 4, axis=1)
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
    new_c = np.clip(c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j), -3.0, 3.0)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("`forget_bias or 1.0` turns a forget_bias of 0 into 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=None):
    forget_bias = forget_bias or 1.0
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
"""),
            ("two mistakes: Keras order and no forget_bias", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel + bias
    i, f, g, o = np.split(gate_inputs, 4, axis=1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, (new_c, new_h)
"""),
            ("TensorFlow ops, output is new_c", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    c, h = state
    z = tf.matmul(tf.concat([x, h], axis=1), kernel) + bias
    i, j, f, o = tf.split(z, 4, axis=1)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_c.numpy(), (new_c.numpy(), new_h.numpy())
"""),
            ("two mistakes: tanh on the output gate and bias missing", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    gate_inputs = np.concatenate([x, h], axis=1) @ kernel
    i, j, f, o = np.split(gate_inputs, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * np.tanh(o)
    return new_h, (new_c, new_h)
"""),
        ],
        "right": [
            ("TensorFlow ops throughout", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    c, h = state
    z = tf.nn.bias_add(tf.matmul(tf.concat([x, h], 1), kernel), bias)
    i, j, f, o = tf.split(z, num_or_size_splits=4, axis=1)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_h.numpy(), (new_c.numpy(), new_h.numpy())
"""),
            ("separate matmuls per gate, kernel rows split at input_dim, float64", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = (np.float64(s) for s in state)
    d, u = x.shape[1], h.shape[1]
    w_x, w_h = kernel[:d], kernel[d:]
    pre = {}
    for k, name in enumerate('ijfo'):
        cols = slice(k * u, (k + 1) * u)
        pre[name] = x @ w_x[:, cols] + h @ w_h[:, cols] + bias[cols]
    new_c = c * sigmoid(pre['f'] + forget_bias) + sigmoid(pre['i']) * np.tanh(pre['j'])
    new_h = np.tanh(new_c) * sigmoid(pre['o'])
    return new_h, [new_c, new_h]
"""),
            ("einsum and reshape to [batch, 4, units]", """
def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    xh = np.concatenate((x, h), axis=-1)
    z = np.einsum('bk,kg->bg', xh, kernel) + bias
    z = z.reshape(z.shape[0], 4, -1)
    i, j, f, o = z[:, 0], z[:, 1], z[:, 2], z[:, 3]
    new_c = sigmoid(i) * np.tanh(j) + sigmoid(f + forget_bias) * c
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, (new_c, new_h)
"""),
            ("the fused op itself", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    c, h = state
    units = h.shape[-1]
    zeros = tf.zeros([units], tf.float32)
    out = tf.raw_ops.LSTMBlockCell(x=tf.constant(x, tf.float32), cs_prev=tf.constant(c, tf.float32),
                                   h_prev=tf.constant(h, tf.float32), w=tf.constant(kernel, tf.float32),
                                   wci=zeros, wcf=zeros, wco=zeros, b=tf.constant(bias, tf.float32),
                                   forget_bias=forget_bias, cell_clip=-1.0, use_peephole=False)
    return out.h.numpy(), (out.cs.numpy(), out.h.numpy())
"""),
            ("in-place updates on copies, forget_bias folded into the bias", """
def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    u = c.shape[1]
    b = np.array(bias, dtype=np.float64)
    b[2 * u:3 * u] += forget_bias
    z = np.hstack([x, h]) @ kernel + b
    z[:, :u] = 1 / (1 + np.exp(-z[:, :u]))
    z[:, u:2 * u] = np.tanh(z[:, u:2 * u])
    z[:, 2 * u:] = 1 / (1 + np.exp(-z[:, 2 * u:]))
    new_c = c * z[:, 2 * u:3 * u] + z[:, :u] * z[:, u:2 * u]
    new_h = np.tanh(new_c) * z[:, 3 * u:]
    return new_h, (new_c, new_h)
"""),
        ],
    },
    "keras_lstm_cell_step": {
        "wrong": [
            ("gates split in TF1's order i, j, f, o", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, g, f, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("forget bias of 1 added at call time", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("states unpacked TF1-style as (c, h)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    c, h = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("new states returned as [c, h]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_c, new_h]
"""),
            ("new h from the old c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_h = sigmoid(o) * np.tanh(c)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return new_h, [new_h, c]
"""),
            ("kernel and recurrent_kernel swapped (runs only when input_dim == num_units)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ recurrent_kernel + h @ kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("recurrent term forgotten", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("bias added twice (once per matmul, PyTorch habit)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = (x @ kernel + bias) + (h @ recurrent_kernel + bias)
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("sigmoid on the candidate", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * sigmoid(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("no tanh on new c when computing h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * new_c
    return new_h, [new_h, new_c]
"""),
            ("np.split without axis: splits the batch", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("squeezed output drops a batch of 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return np.squeeze(new_h), [np.squeeze(new_h), np.squeeze(new_c)]
"""),
            ("block width from the kernel's rows (input_dim) instead of num_units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    u = kernel.shape[0]
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("reshape to [batch, units, 4]: gates interleaved", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    units = recurrent_kernel.shape[0]
    z = (x @ kernel + h @ recurrent_kernel + bias).reshape(x.shape[0], units, 4)
    i, f, g, o = (z[:, :, k] for k in range(4))
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("tanh on the output gate", """
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    h, c = states
    z = tf.matmul(x, kernel) + tf.matmul(h, recurrent_kernel) + bias
    i, f, g, o = tf.split(z, 4, axis=1)
    new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    new_h = tf.tanh(o) * tf.tanh(new_c)
    return new_h.numpy(), [new_h.numpy(), new_c.numpy()]
"""),
            ("two mistakes: TF1 order and states read as (c, h)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    c, h = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, j, f, o = np.split(z, 4, axis=1)
    new_c = c * sigmoid(f) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, [new_h, new_c]
"""),
            ("recurrent kernel multiplied by c instead of h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = x @ kernel + c @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
        ],
        "right": [
            ("TensorFlow ops, tuple of states", """
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    h, c = states
    z = tf.matmul(x, kernel) + tf.matmul(h, recurrent_kernel) + bias
    i, f, g, o = tf.split(z, 4, axis=-1)
    new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    new_h = tf.sigmoid(o) * tf.tanh(new_c)
    return new_h.numpy(), (new_h.numpy(), new_c.numpy())
"""),
            ("separate matmuls per gate, float64", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h = np.asarray(states[0], dtype=np.float64)
    c = np.asarray(states[1], dtype=np.float64)
    u = recurrent_kernel.shape[0]
    gate = []
    for k in range(4):
        cols = slice(k * u, (k + 1) * u)
        gate.append(x @ kernel[:, cols] + h @ recurrent_kernel[:, cols] + bias[cols])
    i, f, g, o = gate
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("einsum and reshape to [batch, 4, units]", """
def expit(z):
    return np.exp(-np.logaddexp(0, -z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = np.einsum('bd,dg->bg', x, kernel) + np.einsum('bu,ug->bg', h, recurrent_kernel) + bias
    i, f, g, o = np.moveaxis(z.reshape(len(x), 4, -1), 1, 0)
    new_c = expit(f) * c + expit(i) * np.tanh(g)
    new_h = expit(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
"""),
            ("Keras's own cell", """
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    import keras
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, kernel.shape[0]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    output, (new_h, new_c) = cell(x, list(states))
    return np.asarray(output), [np.asarray(new_h), np.asarray(new_c)]
"""),
            ("one matmul on concat([x, h]) with stacked kernels", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    z = np.concatenate([x, h], axis=1) @ np.concatenate([kernel, recurrent_kernel], axis=0) + bias
    u = z.shape[1] // 4
    i = sigmoid(z[:, :u])
    f = sigmoid(z[:, u:2 * u])
    g = np.tanh(z[:, 2 * u:3 * u])
    o = sigmoid(z[:, 3 * u:])
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, [h, c]
"""),
        ],
    },
    "keras_to_fused": {
        "wrong": [
            ("gate blocks left in Keras's order", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    fused_kernel = np.concatenate([kernel, recurrent_kernel], axis=0)
    u = recurrent_kernel.shape[0]
    fused_bias = bias.copy()
    fused_bias[u:2 * u] -= forget_bias
    return fused_kernel, fused_bias
"""),
            ("forget_bias not subtracted", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return np.concatenate([k_i, k_c, k_f, k_o], axis=1), np.concatenate([b_i, b_c, b_f, b_o])
"""),
            ("forget_bias added instead of subtracted", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.concatenate([k_i, k_c, k_f, k_o], axis=1),
            np.concatenate([b_i, b_c, b_f + forget_bias, b_o]))
"""),
            ("recurrent kernel stacked on top", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.vstack([recurrent_kernel, kernel])
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.hstack([k_i, k_c, k_f, k_o]),
            np.concatenate([b_i, b_c, b_f - forget_bias, b_o]))
"""),
            ("subtracts a hard-coded 1.0, ignoring forget_bias", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.concatenate([k_i, k_c, k_f, k_o], axis=1),
            np.concatenate([b_i, b_c, b_f - 1.0, b_o]))
"""),
            ("kernel reordered, bias not", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    fused_bias = np.array(bias, dtype=np.float64)
    fused_bias[2 * u:3 * u] -= forget_bias
    return np.concatenate([k_i, k_c, k_f, k_o], axis=1), fused_bias
"""),
            ("forget_bias subtracted from the candidate block after reordering", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    fused_bias = np.concatenate([b_i, b_c, b_f, b_o])
    u = len(b_i)
    fused_bias[u:2 * u] -= forget_bias
    return np.concatenate([k_i, k_c, k_f, k_o], axis=1), fused_bias
"""),
            ("kernel blocks split along rows", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=0)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.concatenate([k_i, k_c, k_f, k_o], axis=0),
            np.concatenate([b_i, b_c, b_f - forget_bias, b_o]))
"""),
            ("wrong permutation: f moved to the end", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.concatenate([k_i, k_c, k_o, k_f], axis=1),
            np.concatenate([b_i, b_c, b_o, b_f - forget_bias]))
"""),
            ("block width from the kernel's rows (input_dim)", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = kernel.shape[0]
    w = np.concatenate([kernel, recurrent_kernel], axis=0)
    fused_kernel = np.concatenate([w[:, :u], w[:, 2 * u:3 * u], w[:, u:2 * u], w[:, 3 * u:]], axis=1)
    fused_bias = np.concatenate([bias[:u], bias[2 * u:3 * u], bias[u:2 * u] - forget_bias, bias[3 * u:]])
    return fused_kernel, fused_bias
"""),
            ("swap through NumPy views: both middle blocks become the candidate", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    k = np.concatenate([kernel, recurrent_kernel], axis=0)
    k[:, u:2 * u], k[:, 2 * u:3 * u] = k[:, 2 * u:3 * u], k[:, u:2 * u]
    b = np.array(bias)
    b_f = b[u:2 * u].copy()
    b[u:2 * u] = b[2 * u:3 * u]
    b[2 * u:3 * u] = b_f - forget_bias
    return k, b
"""),
            ("forget_bias subtracted from the whole bias", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias - forget_bias, 4)
    return np.concatenate([k_i, k_c, k_f, k_o], axis=1), np.concatenate([b_i, b_c, b_f, b_o])
"""),
            ("default forget_bias of 0", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=0.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return (np.concatenate([k_i, k_c, k_f, k_o], axis=1),
            np.concatenate([b_i, b_c, b_f - forget_bias, b_o]))
"""),
            ("returns (bias, kernel)", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    k_i, k_f, k_c, k_o = np.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    fused_kernel = np.concatenate([k_i, k_c, k_f, k_o], axis=1)
    fused_bias = np.concatenate([b_i, b_c, b_f - forget_bias, b_o])
    return fused_bias, fused_kernel
"""),
            ("two mistakes: recurrent kernel on top and no forget_bias subtraction", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    stacked = tf.concat([recurrent_kernel, kernel], axis=0)
    k_i, k_f, k_c, k_o = tf.split(stacked, 4, axis=1)
    b_i, b_f, b_c, b_o = tf.split(bias, 4)
    return (tf.concat([k_i, k_c, k_f, k_o], axis=1).numpy(),
            tf.concat([b_i, b_c, b_f, b_o], axis=0).numpy())
"""),
            ("recurrent kernel stacked without reordering its blocks", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    k_i, k_f, k_c, k_o = np.split(kernel, 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    fused_kernel = np.vstack([np.hstack([k_i, k_c, k_f, k_o]), recurrent_kernel])
    fused_bias = np.hstack([b_i, b_c, b_f - forget_bias, b_o])
    return fused_kernel, fused_bias
"""),
        ],
        "right": [
            ("index permutation with np.r_", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    order = np.r_[0:u, 2 * u:3 * u, u:2 * u, 3 * u:4 * u]
    fused_kernel = np.vstack([kernel, recurrent_kernel])[:, order]
    fused_bias = np.asarray(bias, dtype=np.float64)[order]
    fused_bias[2 * u:3 * u] -= forget_bias
    return fused_kernel, fused_bias
"""),
            ("TensorFlow ops", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    import tensorflow as tf
    k_i, k_f, k_c, k_o = tf.split(tf.concat([kernel, recurrent_kernel], axis=0), 4, axis=1)
    b_i, b_f, b_c, b_o = tf.split(bias, 4)
    fused_kernel = tf.concat([k_i, k_c, k_f, k_o], axis=1)
    fused_bias = tf.concat([b_i, b_c, b_f - forget_bias, b_o], axis=0)
    return fused_kernel.numpy(), fused_bias.numpy()
"""),
            ("reshape to [rows, 4, units] and reorder the middle axis, list result", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    w = np.concatenate([kernel, recurrent_kernel]).reshape(-1, 4, u)[:, [0, 2, 1, 3], :]
    b = np.array(bias, dtype=np.float64).reshape(4, u)[[0, 2, 1, 3]]
    b[2] -= forget_bias
    return [w.reshape(-1, 4 * u), b.reshape(-1)]
"""),
            ("copy then assign the blocks in place, float64", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    d, u = kernel.shape[0], recurrent_kernel.shape[0]
    fused_kernel = np.zeros((d + u, 4 * u))
    fused_bias = np.zeros(4 * u)
    keras_index = {'i': 0, 'f': 1, 'c': 2, 'o': 3}
    for k, gate in enumerate(['i', 'c', 'f', 'o']):
        src = slice(keras_index[gate] * u, (keras_index[gate] + 1) * u)
        dst = slice(k * u, (k + 1) * u)
        fused_kernel[:d, dst] = kernel[:, src]
        fused_kernel[d:, dst] = recurrent_kernel[:, src]
        fused_bias[dst] = bias[src]
        if gate == 'f':
            fused_bias[dst] -= forget_bias
    return fused_kernel, fused_bias
"""),
            ("swap with copies (fancy indexing), tuple", """
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    k = np.concatenate([kernel, recurrent_kernel], axis=0)
    b = np.asarray(bias).copy()
    f_cols, c_cols = np.arange(u, 2 * u), np.arange(2 * u, 3 * u)
    k[:, f_cols], k[:, c_cols] = k[:, c_cols], k[:, f_cols]
    b[f_cols], b[c_cols] = b[c_cols], b[f_cols] - forget_bias
    return k, b
"""),
        ],
    },
}
