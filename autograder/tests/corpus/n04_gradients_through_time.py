"""Wrong and right answers to notebook 4's exercises (gradients through time), written as learners write them."""
ANSWERS = {
    "cell_path_gradient": {
        "wrong": [
            ("running product over the batch axis (axis 0) instead of time", """
def cell_path_gradient(forget_gates):
    return np.cumprod(forget_gates, axis=0)
"""),
            ("running product over the units axis (axis=-1)", """
def cell_path_gradient(forget_gates):
    return np.cumprod(forget_gates, axis=-1)
"""),
            ("running sum instead of running product", """
def cell_path_gradient(forget_gates):
    return np.cumsum(forget_gates, axis=1)
"""),
            ("one product of all the gates, repeated at every step", """
def cell_path_gradient(forget_gates):
    total = np.prod(forget_gates, axis=1, keepdims=True)
    return np.repeat(total, forget_gates.shape[1], axis=1)
"""),
            ("returns only the final product dc_T/dc_0, shape [batch, units]", """
def cell_path_gradient(forget_gates):
    return np.prod(forget_gates, axis=1)
"""),
            ("product starts at 1: entry t is f_1 ... f_t (c_0 itself at the first step)", """
def cell_path_gradient(forget_gates):
    grads = np.ones_like(forget_gates)
    running = np.ones_like(forget_gates[:, 0])
    for t in range(forget_gates.shape[1]):
        grads[:, t] = running
        running = running * forget_gates[:, t]
    return grads
"""),
            ("log space: cumulative sum of log f but never takes exp", """
def cell_path_gradient(forget_gates):
    return np.cumsum(np.log(forget_gates), axis=1)
"""),
            ("averages the gates over the units first (not per unit)", """
def cell_path_gradient(forget_gates):
    mean_gate = forget_gates.mean(axis=2, keepdims=True)
    return np.cumprod(mean_gate, axis=1) * np.ones_like(forget_gates)
"""),
            ("returns the one-step derivatives dc_t/dc_(t-1), no product", """
def cell_path_gradient(forget_gates):
    # dc_t / dc_(t-1) = f_t
    return forget_gates.copy()
"""),
            ("product taken backwards from the last step (f_(t+1) ... f_T)", """
def cell_path_gradient(forget_gates):
    reversed_gates = forget_gates[:, ::-1, :]
    return np.cumprod(reversed_gates, axis=1)[:, ::-1, :]
"""),
            ("multiplies (1 - f): reads the forget gate as the share forgotten", """
def cell_path_gradient(forget_gates):
    keep = 1.0 - forget_gates
    return np.cumprod(keep, axis=1)
"""),
            ("multiplies in the sigmoid derivative f*(1-f) at every step", """
def cell_path_gradient(forget_gates):
    local = forget_gates * (1 - forget_gates)
    return np.cumprod(local, axis=1)
"""),
            ("assumes one constant gate: f_1 to the power t+1", """
def cell_path_gradient(forget_gates):
    steps = np.arange(1, forget_gates.shape[1] + 1).reshape(1, -1, 1)
    return forget_gates[:, :1, :] ** steps
"""),
            ("loop starts at t=1 from ones: the first gate is never multiplied in", """
def cell_path_gradient(forget_gates):
    out = np.ones_like(forget_gates)
    for t in range(1, forget_gates.shape[1]):
        out[:, t] = out[:, t - 1] * forget_gates[:, t]
    return out
"""),
            ("loop range stops one short: the last entry dc_T/dc_0 stays zero", """
def cell_path_gradient(forget_gates):
    batch, steps, units = forget_gates.shape
    out = np.zeros((batch, steps, units))
    prod = np.ones((batch, units))
    for t in range(steps - 1):
        prod = prod * forget_gates[:, t, :]
        out[:, t, :] = prod
    return out
"""),
            ("time-major cumprod, then reshape back instead of transpose", """
def cell_path_gradient(forget_gates):
    time_major = np.transpose(forget_gates, (1, 0, 2))
    running = np.cumprod(time_major, axis=0)
    return running.reshape(forget_gates.shape)
"""),
            ("np.squeeze first: with a batch of 1 the product runs over the units", """
def cell_path_gradient(forget_gates):
    f = np.squeeze(forget_gates)
    return np.cumprod(f, axis=1).reshape(forget_gates.shape)
"""),
            ("loop bound taken from shape[0] (batch) instead of shape[1] (time)", """
def cell_path_gradient(forget_gates):
    out = forget_gates.copy()
    for t in range(1, forget_gates.shape[0]):
        out[:, t] = out[:, t - 1] * forget_gates[:, t]
    return out
"""),
            ("tf.math.cumprod with exclusive=True: shifted by one step", """
import tensorflow as tf


def cell_path_gradient(forget_gates):
    return tf.math.cumprod(tf.constant(forget_gates), axis=1, exclusive=True).numpy()
"""),
            ("averages the gates over the batch (one path for all examples)", """
def cell_path_gradient(forget_gates):
    shared = np.cumprod(forget_gates.mean(axis=0), axis=0)
    return np.broadcast_to(shared, forget_gates.shape).copy()
"""),
        ],
        "right": [
            ("np.cumprod along the time axis", """
def cell_path_gradient(forget_gates):
    return np.cumprod(forget_gates, axis=1)
"""),
            ("float64 loop keeping the running product in a list", """
def cell_path_gradient(forget_gates):
    f = np.asarray(forget_gates, dtype=np.float64)
    running = np.ones((f.shape[0], f.shape[2]))
    grads = []
    for t in range(f.shape[1]):
        running = running * f[:, t, :]
        grads.append(running)
    return np.stack(grads, axis=1)
"""),
            ("exp of the cumulative sum of logs", """
def cell_path_gradient(forget_gates):
    return np.exp(np.cumsum(np.log(forget_gates.astype(np.float64)), axis=1))
"""),
            ("tf.math.cumprod, returns the tensor", """
import tensorflow as tf


def cell_path_gradient(forget_gates):
    return tf.math.cumprod(tf.convert_to_tensor(forget_gates), axis=1)
"""),
            ("tf.GradientTape through c_t = f_t * c_(t-1) + something that does not depend on c_0", """
import tensorflow as tf


def cell_path_gradient(forget_gates):
    f = tf.constant(forget_gates, tf.float32)
    c0 = tf.Variable(tf.ones_like(f[:, 0]))
    grads = []
    with tf.GradientTape(persistent=True) as tape:
        c = c0
        cs = []
        for t in range(f.shape[1]):
            c = f[:, t] * c + 0.5  # the input part i*g does not depend on c_0
            # each unit's c_t depends only on the same unit of c_0, so the summed gradient is per unit
            cs.append(tf.reduce_sum(c))
    for total in cs:
        grads.append(tape.gradient(total, c0))
    del tape
    return tf.stack(grads, axis=1).numpy()
"""),
            ("np.multiply.accumulate", """
def cell_path_gradient(forget_gates):
    return np.multiply.accumulate(forget_gates, axis=1)
"""),
            ("nested Python loops over examples, units and steps", """
def cell_path_gradient(forget_gates):
    batch, steps, units = forget_gates.shape
    out = np.empty((batch, steps, units), dtype=np.float64)
    for b in range(batch):
        for u in range(units):
            p = 1.0
            for t in range(steps):
                p *= float(forget_gates[b, t, u])
                out[b, t, u] = p
    return out
"""),
        ],
    },
    "lstm_step_backward": {
        "wrong": [
            ("no tanh derivative on c: dc gets dh_new * o", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o
    do = dh_new * np.tanh(c)
    di, df, dg = dc * g, dc * c_prev, dc * i
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dc_prev = dc: forgets to multiply by the forget gate", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tanh_c ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tanh_c * o * (1 - o)], axis=-1)
    dc_prev = dc
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc_prev,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("gate blocks in CS231n order i, f, o, g (forward and backward)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    H = h_prev.shape[1]
    a = x @ kernel + h_prev @ recurrent_kernel + bias
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * c_prev + i * g
    tanh_c = np.tanh(next_c)
    dnext_c = dc_new + dh_new * o * (1 - tanh_c ** 2)
    di = dnext_c * g
    df = dnext_c * c_prev
    do = dh_new * tanh_c
    dg = dnext_c * i
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    dx = da @ kernel.T
    dprev_h = da @ recurrent_kernel.T
    dprev_c = dnext_c * f
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = np.sum(da, axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
"""),
            ("TF1 BasicLSTMCell order i, j, f, o (candidate second)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zj, zf, zo = np.split(z, 4, axis=1)
    i, j, f, o = sigmoid(zi), np.tanh(zj), sigmoid(zf), sigmoid(zo)
    c = f * c_prev + i * j
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dzi = dc * j * i * (1 - i)
    dzj = dc * i * (1 - j ** 2)
    dzf = dc * c_prev * f * (1 - f)
    dzo = dh_new * np.tanh(c) * o * (1 - o)
    dz = np.concatenate([dzi, dzj, dzf, dzo], axis=1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("sigmoid derivative s*(1-s) applied to the pre-activations", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def dsigmoid(s):
    return s * (1 - s)


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dzi = dc * g * dsigmoid(zi)
    dzf = dc * c_prev * dsigmoid(zf)
    dzg = dc * i * (1 - g ** 2)
    dzo = dh_new * np.tanh(c) * dsigmoid(zo)
    dz = np.concatenate([dzi, dzf, dzg, dzo], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("tanh derivative taken at c_prev instead of the new c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c_prev) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("upstream dc_new ignored: dc comes only from dh_new", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dh_new does not flow into dc: dc = dc_new", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dkernel as (dz.T @ x) reshaped to the kernel's shape instead of transposed", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dkernel = (dz.T @ x).reshape(kernel.shape)
    drecurrent_kernel = (dz.T @ h_prev).reshape(recurrent_kernel.shape)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            dkernel, drecurrent_kernel, dz.sum(axis=0))
"""),
            ("dkernel = dz.T @ x: the transpose, shape [4u, d]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            dz.T @ x, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dbias averaged over the batch instead of summed", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, np.mean(dz, axis=0))
"""),
            ("dbias not summed over the batch (one row per example)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dbias = dz * 1.0  # db = dz
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dbias)
"""),
            ("dbias summed over axis 1 (the gates) instead of the batch", """
import tensorflow as tf


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel) + bias
    zi, zf, zg, zo = tf.split(z, 4, axis=1)
    i, f, g, o = tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zg), tf.sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - tf.tanh(c) ** 2)
    do = dh_new * tf.tanh(c)
    dz = tf.concat([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                    dc * i * (1 - g ** 2), do * o * (1 - o)], axis=1)
    dx = tf.matmul(dz, kernel, transpose_b=True)
    dh_prev = tf.matmul(dz, recurrent_kernel, transpose_b=True)
    dkernel = tf.matmul(x, dz, transpose_a=True)
    drecurrent_kernel = tf.matmul(h_prev, dz, transpose_a=True)
    dbias = tf.reduce_sum(dz, axis=1)
    return dx, dh_prev, dc * f, dkernel, drecurrent_kernel, dbias
"""),
            ("dx through the recurrent kernel (dz @ recurrent_kernel.T)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dx = dz @ recurrent_kernel.T
    dh_prev = dz @ recurrent_kernel.T
    return dx, dh_prev, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
"""),
            ("kernel and recurrent kernel swapped in dx and dh_prev", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ recurrent_kernel.T, dz @ kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("candidate derivative taken at the pre-activation: 1 - z_g**2", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - zg ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("di and df swapped: di = dc*c_prev, df = dc*g", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    di = dc * c_prev
    df = dc * g
    dg = dc * i
    do = dh_new * np.tanh(c)
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("do = dh_new * c: the tanh on c forgotten in the output gate's gradient", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * c
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("returns dc_prev and dh_prev in the wrong order", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dx = dz @ kernel.T
    dh_prev = dz @ recurrent_kernel.T
    dc_prev = dc * f
    return dx, dc_prev, dh_prev, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
"""),
            ("returns the weight gradients first (dkernel, drecurrent_kernel, dbias, dx, dh_prev, dc_prev)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    grads = {"kernel": x.T @ dz, "recurrent_kernel": h_prev.T @ dz, "bias": dz.sum(axis=0),
             "x": dz @ kernel.T, "h_prev": dz @ recurrent_kernel.T, "c_prev": dc * f}
    return tuple(grads.values())
"""),
            ("gate gradients use dc_new instead of the total dc", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    di = dc_new * g
    df = dc_new * c_prev
    dg = dc_new * i
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dc_prev = dc_new * f: the part of dc coming from dh_new is not passed back", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dc_prev = dc_new * f
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc_prev,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("adds 1 to the forget gate's pre-activation (unit_forget_bias twice)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf + 1.0), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("dz built with np.stack(..., axis=-1).reshape: the gate blocks get interleaved", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    parts = [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2), do * o * (1 - o)]
    dz = np.stack(parts, axis=-1).reshape(x.shape[0], -1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("output gate's derivative written as tanh's (1 - o**2)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * (1 - o ** 2)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("np.squeeze on every result: a batch of 1 loses its batch axis", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    grads = (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
    return tuple(np.squeeze(gr) for gr in grads)
"""),
            ("separate per-gate weights with einsum; dW from h_prev and x swapped", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    u = h_prev.shape[-1]
    Wi, Wf, Wg, Wo = [kernel[:, k * u:(k + 1) * u] for k in range(4)]
    Ui, Uf, Ug, Uo = [recurrent_kernel[:, k * u:(k + 1) * u] for k in range(4)]
    bi, bf, bg, bo = [bias[k * u:(k + 1) * u] for k in range(4)]
    sig = lambda v: 1 / (1 + np.exp(-v))
    i = sig(np.einsum('bd,du->bu', x, Wi) + np.einsum('bh,hu->bu', h_prev, Ui) + bi)
    f = sig(np.einsum('bd,du->bu', x, Wf) + np.einsum('bh,hu->bu', h_prev, Uf) + bf)
    g = np.tanh(np.einsum('bd,du->bu', x, Wg) + np.einsum('bh,hu->bu', h_prev, Ug) + bg)
    o = sig(np.einsum('bd,du->bu', x, Wo) + np.einsum('bh,hu->bu', h_prev, Uo) + bo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dzs = [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
           dh_new * np.tanh(c) * o * (1 - o)]
    dz = np.concatenate(dzs, axis=1)
    dkernel = np.einsum('bh,bk->hk', h_prev, dz)
    drecurrent = np.einsum('bd,bk->dk', x, dz)
    dx = np.einsum('bk,dk->bd', dz, kernel)
    dh_prev = np.einsum('bk,hk->bh', dz, recurrent_kernel)
    return dx, dh_prev, dc * f, dkernel, drecurrent, dz.sum(0)
"""),
            ("tf.GradientTape on LSTMCell with loss sum(h*dh_new) only: dc_new ignored", """
import tensorflow as tf
import keras


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, x.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(x)
    h_prev = tf.constant(states[0])
    c_prev = tf.constant(states[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev])
        h, _ = cell(x, [h_prev, c_prev])
        loss = tf.reduce_sum(h * dh_new)
    grads = tape.gradient(loss, [x, h_prev, c_prev] + cell.trainable_weights)
    return tuple(g.numpy() for g in grads)
"""),
            ("tf.GradientTape on LSTMCell given the states as [c_prev, h_prev]", """
import tensorflow as tf
import keras


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, x.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(x)
    h_prev, c_prev = tf.constant(states[0]), tf.constant(states[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev])
        _, (h, c) = cell(x, [c_prev, h_prev])
        loss = tf.reduce_sum(h * dh_new) + tf.reduce_sum(c * dc_new)
    dx, dh_prev, dc_prev, dk, drk, db = tape.gradient(loss, [x, h_prev, c_prev] + cell.trainable_weights)
    return dx, dh_prev, dc_prev, dk, drk, db
"""),
        ],
        "right": [
            ("np.split and concatenate, as in the notes", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tanh_c ** 2)
    do = dh_new * tanh_c
    di, df, dg = dc * g, dc * c_prev, dc * i
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=-1)
    dx = dz @ kernel.T
    dh_prev = dz @ recurrent_kernel.T
    dc_prev = dc * f
    return dx, dh_prev, dc_prev, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
"""),
            ("float64, a loop over the four gates with one matmul per gate, returns a list", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    x = np.asarray(x, np.float64)
    h_prev = np.asarray(states[0], np.float64)
    c_prev = np.asarray(states[1], np.float64)
    W = np.asarray(kernel, np.float64)
    U = np.asarray(recurrent_kernel, np.float64)
    b = np.asarray(bias, np.float64)
    n = U.shape[0]
    cols = [slice(k * n, (k + 1) * n) for k in range(4)]
    acts = []
    for k, s in enumerate(cols):
        pre = x @ W[:, s] + h_prev @ U[:, s] + b[s]
        acts.append(np.tanh(pre) if k == 2 else 1.0 / (1.0 + np.exp(-pre)))
    i, f, g, o = acts
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1.0 - np.tanh(c) ** 2)
    dpre = [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g * g),
            dh_new * np.tanh(c) * o * (1 - o)]
    dx = np.zeros_like(x)
    dh_prev = np.zeros_like(h_prev)
    dW = np.zeros_like(W)
    dU = np.zeros_like(U)
    db = np.zeros_like(b)
    for s, d in zip(cols, dpre):
        dx += d @ W[:, s].T
        dh_prev += d @ U[:, s].T
        dW[:, s] = x.T @ d
        dU[:, s] = h_prev.T @ d
        db[s] = d.sum(axis=0)
    return [dx, dh_prev, dc * f, dW, dU, db]
"""),
            ("tf.GradientTape on my own forward written with tf ops", """
import tensorflow as tf


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    x = tf.constant(x, tf.float32)
    h_prev = tf.constant(states[0], tf.float32)
    c_prev = tf.constant(states[1], tf.float32)
    W = tf.constant(kernel, tf.float32)
    U = tf.constant(recurrent_kernel, tf.float32)
    b = tf.constant(bias, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev, W, U, b])
        z = tf.matmul(x, W) + tf.matmul(h_prev, U) + b
        i, f, g, o = tf.split(z, 4, axis=-1)
        c = tf.sigmoid(f) * c_prev + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        loss = tf.reduce_sum(h * dh_new) + tf.reduce_sum(c * dc_new)
    return tuple(tape.gradient(loss, [x, h_prev, c_prev, W, U, b]))
"""),
            ("keras LSTMCell holding the weights, under a GradientTape", """
import tensorflow as tf
import keras


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    cell = keras.layers.LSTMCell(recurrent_kernel.shape[0])
    cell.build((None, x.shape[-1]))
    cell.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(x)
    h_prev = tf.constant(states[0])
    c_prev = tf.constant(states[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev])
        h, (h_again, c) = cell(x, [h_prev, c_prev])
        loss = tf.reduce_sum(h * dh_new) + tf.reduce_sum(c * dc_new)
    weights = [cell.kernel, cell.recurrent_kernel, cell.bias]
    grads = tape.gradient(loss, [x, h_prev, c_prev] + weights)
    return tuple(np.asarray(g) for g in grads)
"""),
            ("forward into a cache dict, backward from the cache, einsum", """
def lstm_forward_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = np.einsum('bd,dk->bk', x, kernel) + np.einsum('bu,uk->bk', h_prev, recurrent_kernel) + bias
    u = h_prev.shape[1]
    cache = {"x": x, "h_prev": h_prev, "c_prev": c_prev,
             "i": 1 / (1 + np.exp(-z[:, :u])), "f": 1 / (1 + np.exp(-z[:, u:2 * u])),
             "g": np.tanh(z[:, 2 * u:3 * u]), "o": 1 / (1 + np.exp(-z[:, 3 * u:]))}
    cache["c"] = cache["f"] * c_prev + cache["i"] * cache["g"]
    cache["tanh_c"] = np.tanh(cache["c"])
    return cache["o"] * cache["tanh_c"], cache["c"], cache


def lstm_backward_from_cache(cache, dh_new, dc_new, kernel, recurrent_kernel):
    i, f, g, o, tanh_c = cache["i"], cache["f"], cache["g"], cache["o"], cache["tanh_c"]
    dc = dc_new + dh_new * o * (1 - tanh_c * tanh_c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * cache["c_prev"] * f * (1 - f),
                         dc * i * (1 - g * g), dh_new * tanh_c * o * (1 - o)], axis=1)
    return (np.einsum('bk,dk->bd', dz, kernel), np.einsum('bk,uk->bu', dz, recurrent_kernel), dc * f,
            np.einsum('bd,bk->dk', cache["x"], dz), np.einsum('bu,bk->uk', cache["h_prev"], dz),
            np.einsum('bk->k', dz))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    _, _, cache = lstm_forward_step(x, states[0], states[1], kernel, recurrent_kernel, bias)
    return lstm_backward_from_cache(cache, dh_new, dc_new, kernel, recurrent_kernel)
"""),
            ("dz written block by block into a preallocated array, gradients via np.dot", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    n = recurrent_kernel.shape[0]
    a = np.dot(x, kernel) + np.dot(h_prev, recurrent_kernel) + bias
    act = np.empty_like(a)
    act[:, :2 * n] = 1 / (1 + np.exp(-a[:, :2 * n]))
    act[:, 2 * n:3 * n] = np.tanh(a[:, 2 * n:3 * n])
    act[:, 3 * n:] = 1 / (1 + np.exp(-a[:, 3 * n:]))
    i, f, g, o = act[:, :n], act[:, n:2 * n], act[:, 2 * n:3 * n], act[:, 3 * n:]
    c = f * c_prev + i * g
    t = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - t ** 2)
    da = np.empty_like(a)
    da[:, :n] = dc * g * i * (1 - i)
    da[:, n:2 * n] = dc * c_prev * f * (1 - f)
    da[:, 2 * n:3 * n] = dc * i * (1 - g ** 2)
    da[:, 3 * n:] = dh_new * t * o * (1 - o)
    return (np.dot(da, kernel.T), np.dot(da, recurrent_kernel.T), dc * f,
            np.dot(x.T, da), np.dot(h_prev.T, da), np.sum(da, axis=0))
"""),
        ],
    },
    "lstm_sequence_backward": {
        "wrong": [
            ("weight gradients overwritten at each step: only step 0's dW kept", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    steps = inputs.shape[1]
    cache = []
    for t in range(steps):
        x = inputs[:, t]
        z = x @ kernel + h @ recurrent_kernel + bias
        zi, zf, zg, zo = np.split(z, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        cache.append((x, h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    d_inputs = np.zeros_like(inputs)
    dh_next, dc_next = dh_T, dc_T
    for t in reversed(range(steps)):
        x, h_prev, c_prev, i, f, g, o, c_t = cache[t]
        dh = d_sequence[:, t] + dh_next
        dc = dc_next + dh * o * (1 - np.tanh(c_t) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * np.tanh(c_t) * o * (1 - o)], axis=-1)
        d_inputs[:, t] = dz @ kernel.T
        dh_next = dz @ recurrent_kernel.T
        dc_next = dc * f
        dkernel = x.T @ dz
        drecurrent_kernel = h_prev.T @ dz
        dbias = dz.sum(axis=0)
    return d_inputs, dh_next, dc_next, dkernel, drecurrent_kernel, dbias
"""),
            ("dh not carried back through time: each step sees only d_sequence[:, t]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    steps = inputs.shape[1]
    cache = []
    for t in range(steps):
        x = inputs[:, t]
        z = x @ kernel + h @ recurrent_kernel + bias
        zi, zf, zg, zo = np.split(z, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        cache.append((x, h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    d_inputs = np.zeros_like(inputs)
    dkernel, drecurrent_kernel, dbias = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dh_prev, dc_next = dh_T, dc_T
    for t in reversed(range(steps)):
        x, h_prev, c_prev, i, f, g, o, c_t = cache[t]
        dh = d_sequence[:, t] + (dh_T if t == steps - 1 else 0)
        dc = dc_next + dh * o * (1 - np.tanh(c_t) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * np.tanh(c_t) * o * (1 - o)], axis=-1)
        d_inputs[:, t] = dz @ kernel.T
        dh_prev = dz @ recurrent_kernel.T
        dc_next = dc * f
        dkernel += x.T @ dz
        drecurrent_kernel += h_prev.T @ dz
        dbias += dz.sum(axis=0)
    return d_inputs, dh_prev, dc_next, dkernel, drecurrent_kernel, dbias
"""),
            ("dh_T ignored: the carried dh starts from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh = np.zeros_like(dh_T)
    dc = dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in range(inputs.shape[1] - 1, -1, -1):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.insert(0, dx)
    return np.stack(dxs, axis=1), dh, dc, dW, dU, db
"""),
            ("d_sequence at the last step ignored: dh there is dh_T alone", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    T = inputs.shape[1]
    for t in range(T):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dxs = [None] * T
    dW, dU, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    # the last h is the final state, so its gradient is dh_T
    dx, dh, dc, dW_t, dU_t, db_t = step_backward(dh_T, dc_T, caches[T - 1], kernel, recurrent_kernel)
    dxs[T - 1] = dx
    dW += dW_t
    dU += dU_t
    db += db_t
    for t in range(T - 2, -1, -1):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dxs[t] = dx
        dW += dW_t
        dU += dU_t
        db += db_t
    return np.stack(dxs, axis=1), dh, dc, dW, dU, db
"""),
            ("dc_T ignored: the carried dc starts from zeros", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh = dh_T
    dc = np.zeros_like(dh_T)
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("backward loop runs forwards in time (t = 0 .. T-1)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in range(inputs.shape[1]):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs, axis=1), dh, dc, dW, dU, db
"""),
            ("drecurrent_kernel uses h_t (this step's output) instead of h_(t-1)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h0, c0 = initial_state
    B, T, D = inputs.shape
    hs, cs, gates = [h0], [c0], []
    for t in range(T):
        z = inputs[:, t] @ kernel + hs[-1] @ recurrent_kernel + bias
        zi, zf, zg, zo = np.split(z, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        cs.append(f * cs[-1] + i * g)
        hs.append(o * np.tanh(cs[-1]))
        gates.append((i, f, g, o))
    d_inputs = np.zeros_like(inputs)
    dkernel, drecurrent_kernel, dbias = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dh_next, dc_next = dh_T, dc_T
    for t in range(T - 1, -1, -1):
        i, f, g, o = gates[t]
        c_t, c_prev = cs[t + 1], cs[t]
        dh = d_sequence[:, t] + dh_next
        dc = dc_next + dh * o * (1 - np.tanh(c_t) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * np.tanh(c_t) * o * (1 - o)], axis=-1)
        d_inputs[:, t] = dz @ kernel.T
        dkernel += inputs[:, t].T @ dz
        drecurrent_kernel += hs[t + 1].T @ dz
        dbias += dz.sum(axis=0)
        dh_next = dz @ recurrent_kernel.T
        dc_next = dc * f
    return d_inputs, dh_next, dc_next, dkernel, drecurrent_kernel, dbias
"""),
            ("c_prev taken one step late: cs[t+1] (this step's c) as the previous cell state", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h0, c0 = initial_state
    B, T, D = inputs.shape
    hs, cs, gates = [h0], [c0], []
    for t in range(T):
        z = inputs[:, t] @ kernel + hs[-1] @ recurrent_kernel + bias
        zi, zf, zg, zo = np.split(z, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        cs.append(f * cs[-1] + i * g)
        hs.append(o * np.tanh(cs[-1]))
        gates.append((i, f, g, o))
    d_inputs = np.zeros_like(inputs)
    dkernel, drecurrent_kernel, dbias = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dh_next, dc_next = dh_T, dc_T
    for t in range(T - 1, -1, -1):
        i, f, g, o = gates[t]
        c_t, c_prev = cs[t + 1], cs[t + 1]
        dh = d_sequence[:, t] + dh_next
        dc = dc_next + dh * o * (1 - np.tanh(c_t) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * np.tanh(c_t) * o * (1 - o)], axis=-1)
        d_inputs[:, t] = dz @ kernel.T
        dkernel += inputs[:, t].T @ dz
        drecurrent_kernel += hs[t].T @ dz
        dbias += dz.sum(axis=0)
        dh_next = dz @ recurrent_kernel.T
        dc_next = dc * f
    return d_inputs, dh_next, dc_next, dkernel, drecurrent_kernel, dbias
"""),
            ("forward pass starts from zeros instead of the initial state", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    units = recurrent_kernel.shape[0]
    h = np.zeros((inputs.shape[0], units))
    c = np.zeros((inputs.shape[0], units))
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("returns dc0 before dh0", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    d_inputs = np.stack(dxs[::-1], axis=1)
    return d_inputs, dc, dh, dW, dU, db
"""),
            ("dc not carried back: every step starts again from dc_T", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh = dh_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc_T, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("d_inputs stacked along axis 0: [time, batch, d]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1]), dh, dc, dW, dU, db
"""),
            ("d_inputs gathered time-major, then reshape instead of transpose", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    B, T, D = inputs.shape
    U = recurrent_kernel.shape[0]
    h, c = initial_state
    saved = []
    for t in range(T):
        a = inputs[:, t, :] @ kernel + h @ recurrent_kernel + bias
        i, f, o = sigmoid(a[:, :U]), sigmoid(a[:, U:2 * U]), sigmoid(a[:, 3 * U:])
        g = np.tanh(a[:, 2 * U:3 * U])
        c_new = f * c + i * g
        saved.append((h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dx_time_major = np.zeros((T, B, D))
    dW, dU, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dh_next, dc_next = dh_T.copy(), dc_T.copy()
    for t in reversed(range(T)):
        h_prev, c_prev, i, f, g, o, c_t = saved[t]
        dh = dh_next + d_sequence[:, t, :]
        tc = np.tanh(c_t)
        dc = dc_next + dh * o * (1 - tc * tc)
        da = np.hstack([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g * g), dh * tc * o * (1 - o)])
        dx_time_major[t] = da @ kernel.T
        dW += inputs[:, t, :].T @ da
        dU += h_prev.T @ da
        db += da.sum(axis=0)
        dh_next = da @ recurrent_kernel.T
        dc_next = dc * f
    return dx_time_major.reshape(B, T, D), dh_next, dc_next, dW, dU, db
"""),
            ("d_inputs appended while going back but never reversed", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs, axis=1), dh, dc, dW, dU, db
"""),
            ("step backward without the forget gate in dc_prev", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("step backward without the tanh derivative on c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("dh_T added at every step, not only the last", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh_carry = np.zeros_like(dh_T)
    dc = dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dh = d_sequence[:, t] + dh_T + dh_carry
        dx, dh_carry, dc, dW_t, dU_t, db_t = step_backward(dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh_carry, dc, dW, dU, db
"""),
            ("dh_T and dc_T swapped when starting the backward pass", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dc, dh = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("backward loop stops at t=1: step 0 never backpropagated", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW = np.zeros_like(kernel)
    dU = np.zeros_like(recurrent_kernel)
    db = np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    for t in range(inputs.shape[1] - 1, 0, -1):
        d_inputs[:, t], dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t],
                                                                  kernel, recurrent_kernel)
        dW += dW_t
        dU += dU_t
        db += db_t
    return d_inputs, dh, dc, dW, dU, db
"""),
            ("dbias averaged over the batch at each step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.mean(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("d_sequence indexed on axis 0 (d_sequence[t]) instead of the time axis", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("tf.GradientTape on keras LSTM with loss sum(seq*d_sequence) only: dh_T and dc_T ignored", """
import tensorflow as tf
import keras


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    layer = keras.layers.LSTM(recurrent_kernel.shape[0], return_sequences=True)
    layer.build((None, None, inputs.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(inputs)
    h0 = tf.constant(initial_state[0])
    c0 = tf.constant(initial_state[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h0, c0])
        seq = layer(x, initial_state=[h0, c0])
        loss = tf.reduce_sum(seq * d_sequence)
    grads = tape.gradient(loss, [x, h0, c0] + layer.trainable_weights)
    return tuple(g.numpy() for g in grads)
"""),
            ("tf.GradientTape with the initial state passed as [c0, h0]", """
import tensorflow as tf
import keras


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    layer = keras.layers.LSTM(recurrent_kernel.shape[0], return_sequences=True, return_state=True)
    layer.build((None, None, inputs.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(inputs)
    h0, c0 = tf.constant(initial_state[0]), tf.constant(initial_state[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h0, c0])
        seq, h_T, c_T = layer(x, initial_state=[c0, h0])
        loss = tf.reduce_sum(seq * d_sequence) + tf.reduce_sum(h_T * dh_T) + tf.reduce_sum(c_T * dc_T)
    return tuple(tape.gradient(loss, [x, h0, c0] + layer.trainable_weights))
"""),
            ("gradients clipped to [-1, 1] at every step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dh = np.clip(dh, -1, 1)  # avoid exploding gradients
        dc = np.clip(dc, -1, 1)
        dW, dU, db = dW + np.clip(dW_t, -1, 1), dU + np.clip(dU_t, -1, 1), db + np.clip(db_t, -1, 1)
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
        ],
        "right": [
            ("numpy, caches per step, step backward helper, dW summed over steps", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_backward(dh, dc_next, cache, kernel, recurrent_kernel):
    x, h_prev, c_prev, i, f, g, o, c = cache
    dc = dc_next + dh * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh * np.tanh(c) * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    caches = []
    for t in range(inputs.shape[1]):
        zi, zf, zg, zo = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        caches.append((inputs[:, t], h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    dh, dc = dh_T, dc_T
    dW, dU, db = 0, 0, 0
    dxs = []
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, dW_t, dU_t, db_t = step_backward(d_sequence[:, t] + dh, dc, caches[t], kernel, recurrent_kernel)
        dW, dU, db = dW + dW_t, dU + dU_t, db + db_t
        dxs.append(dx)
    return np.stack(dxs[::-1], axis=1), dh, dc, dW, dU, db
"""),
            ("float64, per-gate loops, own lstm_step_backward that recomputes the step, returns a list", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    n = recurrent_kernel.shape[0]
    acts = []
    for k in range(4):
        s = slice(k * n, (k + 1) * n)
        pre = x @ kernel[:, s] + h_prev @ recurrent_kernel[:, s] + bias[s]
        acts.append(np.tanh(pre) if k == 2 else 1.0 / (1.0 + np.exp(-pre)))
    i, f, g, o = acts
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1.0 - np.tanh(c) ** 2)
    dpre = [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g * g),
            dh_new * np.tanh(c) * o * (1 - o)]
    dz = np.concatenate(dpre, axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    X = np.asarray(inputs, np.float64)
    W = np.asarray(kernel, np.float64)
    U = np.asarray(recurrent_kernel, np.float64)
    b = np.asarray(bias, np.float64)
    n = U.shape[0]
    h = np.asarray(initial_state[0], np.float64)
    c = np.asarray(initial_state[1], np.float64)
    states = []
    for t in range(X.shape[1]):
        states.append((h, c))
        z = X[:, t] @ W + h @ U + b
        i = 1 / (1 + np.exp(-z[:, :n]))
        f = 1 / (1 + np.exp(-z[:, n:2 * n]))
        g = np.tanh(z[:, 2 * n:3 * n])
        o = 1 / (1 + np.exp(-z[:, 3 * n:]))
        c = f * c + i * g
        h = o * np.tanh(c)
    dX = np.zeros_like(X)
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dh = np.asarray(dh_T, np.float64)
    dc = np.asarray(dc_T, np.float64)
    for t in range(X.shape[1] - 1, -1, -1):
        dx, dh, dc, dW_t, dU_t, db_t = lstm_step_backward(X[:, t], states[t], W, U, b,
                                                          dh + d_sequence[:, t], dc)
        dX[:, t] = dx
        dW += dW_t
        dU += dU_t
        db += db_t
    return [dX, dh, dc, dW, dU, db]
"""),
            ("tf.GradientTape on my own forward loop written with tf ops", """
import tensorflow as tf


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    x = tf.constant(inputs, tf.float32)
    h0 = tf.constant(initial_state[0], tf.float32)
    c0 = tf.constant(initial_state[1], tf.float32)
    W, U, b = tf.constant(kernel), tf.constant(recurrent_kernel), tf.constant(bias)
    with tf.GradientTape() as tape:
        tape.watch([x, h0, c0, W, U, b])
        h, c = h0, c0
        outputs = []
        for x_t in tf.unstack(x, axis=1):
            i, f, g, o = tf.split(tf.matmul(x_t, W) + tf.matmul(h, U) + b, 4, axis=1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            outputs.append(h)
        seq = tf.stack(outputs, axis=1)
        loss = tf.reduce_sum(seq * d_sequence) + tf.reduce_sum(h * dh_T) + tf.reduce_sum(c * dc_T)
    return tuple(t.numpy() for t in tape.gradient(loss, [x, h0, c0, W, U, b]))
"""),
            ("keras.layers.LSTM holding the weights, under a GradientTape", """
import tensorflow as tf
import keras


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    layer = keras.layers.LSTM(recurrent_kernel.shape[0], return_sequences=True, return_state=True)
    layer.build((None, None, inputs.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    x = tf.constant(inputs)
    h0, c0 = tf.constant(initial_state[0]), tf.constant(initial_state[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h0, c0])
        seq, h_T, c_T = layer(x, initial_state=[h0, c0])
        loss = tf.reduce_sum(seq * d_sequence) + tf.reduce_sum(h_T * dh_T) + tf.reduce_sum(c_T * dc_T)
    return tuple(tape.gradient(loss, [x, h0, c0] + layer.trainable_weights))
"""),
            ("forward cache in a dict of lists, input projection with einsum, time-major then transpose", """
def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    u = recurrent_kernel.shape[0]
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    xw = np.einsum('btd,dk->tbk', inputs, kernel) + bias
    cache = {"h": [initial_state[0]], "c": [initial_state[1]], "gates": []}
    for t in range(xw.shape[0]):
        z = xw[t] + cache["h"][-1] @ recurrent_kernel
        i, f, g, o = sig(z[:, :u]), sig(z[:, u:2 * u]), np.tanh(z[:, 2 * u:3 * u]), sig(z[:, 3 * u:])
        cache["c"].append(f * cache["c"][-1] + i * g)
        cache["h"].append(o * np.tanh(cache["c"][-1]))
        cache["gates"].append((i, f, g, o))
    T = xw.shape[0]
    dz_all = np.zeros(xw.shape)
    dh_next, dc_next = dh_T, dc_T
    for t in range(T - 1, -1, -1):
        i, f, g, o = cache["gates"][t]
        tc = np.tanh(cache["c"][t + 1])
        dh = d_sequence[:, t] + dh_next
        dc = dc_next + dh * o * (1 - tc ** 2)
        dz_all[t] = np.concatenate([dc * g * i * (1 - i), dc * cache["c"][t] * f * (1 - f),
                                    dc * i * (1 - g ** 2), dh * tc * o * (1 - o)], axis=1)
        dh_next = dz_all[t] @ recurrent_kernel.T
        dc_next = dc * f
    h_prevs = np.stack(cache["h"][:-1])  # [T, B, u]
    d_inputs = np.transpose(np.einsum('tbk,dk->tbd', dz_all, kernel), (1, 0, 2))
    dkernel = np.einsum('btd,tbk->dk', inputs, dz_all)
    drecurrent_kernel = np.einsum('tbu,tbk->uk', h_prevs, dz_all)
    dbias = dz_all.sum(axis=(0, 1))
    return d_inputs, dh_next, dc_next, dkernel, drecurrent_kernel, dbias
"""),
            ("while loop, preallocated arrays for the forward states, dW accumulated in place", """
def _sigmoid(v):
    return np.exp(-np.logaddexp(0, -v))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    B, T, _ = inputs.shape
    n = recurrent_kernel.shape[0]
    H = np.zeros((T + 1, B, n))
    C = np.zeros((T + 1, B, n))
    A = np.zeros((T, B, 4 * n))
    H[0], C[0] = initial_state
    t = 0
    while t < T:
        a = np.dot(inputs[:, t], kernel) + np.dot(H[t], recurrent_kernel) + bias
        a[:, :2 * n] = _sigmoid(a[:, :2 * n])
        a[:, 2 * n:3 * n] = np.tanh(a[:, 2 * n:3 * n])
        a[:, 3 * n:] = _sigmoid(a[:, 3 * n:])
        A[t] = a
        C[t + 1] = a[:, n:2 * n] * C[t] + a[:, :n] * a[:, 2 * n:3 * n]
        H[t + 1] = a[:, 3 * n:] * np.tanh(C[t + 1])
        t += 1
    grads = [np.zeros_like(inputs), None, None, np.zeros_like(kernel), np.zeros_like(recurrent_kernel),
             np.zeros_like(bias)]
    dh_carry, dc_carry = np.array(dh_T), np.array(dc_T)
    t = T - 1
    while t >= 0:
        i, f, g, o = A[t, :, :n], A[t, :, n:2 * n], A[t, :, 2 * n:3 * n], A[t, :, 3 * n:]
        tc = np.tanh(C[t + 1])
        dh = dh_carry + d_sequence[:, t]
        dc = dc_carry + dh * o * (1 - tc ** 2)
        da = np.concatenate([dc * g * i * (1 - i), dc * C[t] * f * (1 - f), dc * i * (1 - g ** 2),
                             dh * tc * o * (1 - o)], axis=1)
        grads[0][:, t] = np.dot(da, kernel.T)
        grads[3] += np.dot(inputs[:, t].T, da)
        grads[4] += np.dot(H[t].T, da)
        grads[5] += da.sum(axis=0)
        dh_carry = np.dot(da, recurrent_kernel.T)
        dc_carry = dc * f
        t -= 1
    grads[1], grads[2] = dh_carry, dc_carry
    return grads
"""),
        ],
    },
}
