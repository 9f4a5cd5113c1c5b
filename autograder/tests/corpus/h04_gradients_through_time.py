"""Held-out wrong and right answers to notebook 4's exercises (written without reading the checks)."""
ANSWERS = {
    "cell_path_gradient": {
        "wrong": [
            ("running product over axis 0 (the batch), as if the gates were time-major", """
def cell_path_gradient(forget_gates):
    return np.cumprod(forget_gates, axis=0)
"""),
            ("whole product over time broadcast to every step: every entry is dc_T/dc_0", """
def cell_path_gradient(forget_gates):
    total = np.prod(forget_gates, axis=1, keepdims=True)
    return np.broadcast_to(total, forget_gates.shape).copy()
"""),
            ("off by one: entry t is f_1 ... f_t, starting from 1 (dc_t/dc_0 instead of dc_(t+1)/dc_0)", """
def cell_path_gradient(forget_gates):
    batch, time, units = forget_gates.shape
    grads = np.ones((batch, time, units))
    running = np.ones((batch, units))
    for t in range(time):
        grads[:, t] = running
        running = running * forget_gates[:, t]
    return grads
"""),
            ("product taken from the end backwards, dc_T/dc_t as in the BPTT loop", """
def cell_path_gradient(forget_gates):
    # the gradient flows backwards from the last step, so accumulate from the end
    reversed_gates = forget_gates[:, ::-1, :]
    return np.cumprod(reversed_gates, axis=1)[:, ::-1, :]
"""),
            ("log-space running product without the final exp", """
def cell_path_gradient(forget_gates):
    # products of many numbers below 1 underflow, so work with logs
    log_f = np.log(forget_gates)
    return np.cumsum(log_f, axis=1)
"""),
            ("running sum instead of running product", """
def cell_path_gradient(forget_gates):
    return np.cumsum(forget_gates, axis=1)
"""),
            ("multiplies in the sigmoid derivative f(1-f) at every step", """
def cell_path_gradient(forget_gates):
    # d sigmoid = sigmoid * (1 - sigmoid)
    local = forget_gates * (1.0 - forget_gates)
    return np.cumprod(local, axis=1)
"""),
            ("multiplies each gate only by the previous gate, not by the running product", """
def cell_path_gradient(forget_gates):
    out = np.array(forget_gates, dtype=np.float64)
    for t in range(1, forget_gates.shape[1]):
        out[:, t] = forget_gates[:, t] * forget_gates[:, t - 1]
    return out
"""),
            ("flattens batch and time before the running product, so it carries across examples", """
def cell_path_gradient(forget_gates):
    batch, time, units = forget_gates.shape
    flat = forget_gates.reshape(batch * time, units)
    return np.cumprod(flat, axis=0).reshape(batch, time, units)
"""),
            ("np.squeeze first: with a batch of one the running product runs over the units", """
def cell_path_gradient(forget_gates):
    f = np.squeeze(forget_gates)
    return np.cumprod(f, axis=1).reshape(forget_gates.shape)
"""),
            ("loops over range(len(forget_gates)), the batch size, as the number of steps", """
def cell_path_gradient(forget_gates):
    out = np.ones_like(forget_gates)
    grad = np.ones_like(forget_gates[:, 0])
    for t in range(len(forget_gates)):
        grad = grad * forget_gates[:, t]
        out[:, t] = grad
    return out
"""),
            ("uses 1 - f, reading the forget gate as the share that is forgotten", """
def cell_path_gradient(forget_gates):
    keep = 1.0 - forget_gates
    return np.cumprod(keep, axis=1)
"""),
            ("goes time-major to loop and returns [time, batch, units]", """
def cell_path_gradient(forget_gates):
    f = np.transpose(forget_gates, (1, 0, 2))
    out = []
    g = np.ones(f.shape[1:])
    for f_t in f:
        g = g * f_t
        out.append(g)
    return np.array(out)
"""),
        ],
        "right": [
            ("np.cumprod over axis 1 in float64", """
def cell_path_gradient(forget_gates):
    return np.cumprod(np.asarray(forget_gates, dtype=np.float64), axis=1)
"""),
            ("running product in a loop, list of steps stacked on axis 1", """
def cell_path_gradient(forget_gates):
    grads = []
    g = 1.0
    for t in range(forget_gates.shape[1]):
        g = g * forget_gates[:, t, :]
        grads.append(g)
    return np.stack(grads, axis=1)
"""),
            ("tf.math.cumprod", """
import tensorflow as tf


def cell_path_gradient(forget_gates):
    return tf.math.cumprod(tf.convert_to_tensor(forget_gates), axis=1).numpy()
"""),
            ("exp of the running sum of logs", """
def cell_path_gradient(forget_gates):
    return np.exp(np.cumsum(np.log(forget_gates.astype(np.float64)), axis=1))
"""),
            ("tf.GradientTape through its own cell path c_t = f_t c_(t-1) + const", """
import tensorflow as tf


def cell_path_gradient(forget_gates):
    f = tf.constant(forget_gates, dtype=tf.float64)
    c0 = tf.ones_like(f[:, 0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(c0)
        c = c0
        totals = []
        for t in range(f.shape[1]):
            c = f[:, t] * c + 0.3  # the i*g term does not depend on c0 once h is cut
            totals.append(tf.reduce_sum(c))
    grads = [tape.gradient(total, c0) for total in totals]
    del tape
    return tf.stack(grads, axis=1).numpy()
"""),
        ],
    },
    "lstm_step_backward": {
        "wrong": [
            ("dc is only dc_new: the path from dh_new through tanh(c) is left out", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    dc = dc_new
    do = dh_new * tanh_c
    di = dc * g
    dg = dc * i
    df = dc * c_prev
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("tanh' taken at c_prev instead of the new c", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c_prev) ** 2)
    do = dh_new * np.tanh(c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("CS231n gate order i, f, o, g in both the forward split and dz", """
def sigmoid(x):
    pos = x >= 0
    out = np.empty_like(x)
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    prev_h, prev_c = states
    H = prev_h.shape[1]
    a = x.dot(kernel) + prev_h.dot(recurrent_kernel) + bias
    ai, af, ao, ag = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
    i, f, o, g = sigmoid(ai), sigmoid(af), sigmoid(ao), np.tanh(ag)
    next_c = f * prev_c + i * g
    dnext_c = dc_new + dh_new * o * (1 - np.tanh(next_c) ** 2)
    dai = dnext_c * g * i * (1 - i)
    daf = dnext_c * prev_c * f * (1 - f)
    dao = dh_new * np.tanh(next_c) * o * (1 - o)
    dag = dnext_c * i * (1 - g * g)
    da = np.hstack((dai, daf, dao, dag))
    dx = da.dot(kernel.T)
    dprev_h = da.dot(recurrent_kernel.T)
    dprev_c = dnext_c * f
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = np.sum(da, axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
"""),
            ("forward in Keras order but dz concatenated in CS231n order i, f, o, g", """
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    u = h_prev.shape[1]
    a = x @ kernel + h_prev @ recurrent_kernel + bias
    i = sigmoid(a[:, :u])
    f = sigmoid(a[:, u:2 * u])
    g = np.tanh(a[:, 2 * u:3 * u])
    o = sigmoid(a[:, 3 * u:])
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dai = dc * g * i * (1 - i)
    daf = dc * c_prev * f * (1 - f)
    dag = dc * i * (1 - g ** 2)
    dao = dh_new * np.tanh(c) * o * (1 - o)
    da = np.hstack((dai, daf, dao, dag))
    return (da @ kernel.T, da @ recurrent_kernel.T, dc * f, x.T @ da, h_prev.T @ da, da.sum(0))
"""),
            ("drecurrent_kernel uses the new h instead of h_prev", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=-1)
    dkernel = x.T @ dz
    drecurrent_kernel = h.T @ dz
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, dkernel, drecurrent_kernel, dz.sum(axis=0)
"""),
            ("divides the weight and bias gradients by the batch size (mean-loss habit)", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    m = x.shape[0]
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    dkernel = np.dot(x.T, dz) / m
    drecurrent_kernel = np.dot(h_prev.T, dz) / m
    dbias = np.sum(dz, axis=0) / m
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, dkernel, drecurrent_kernel, dbias
"""),
            ("Coursera-style db with keepdims=True: dbias is [1, 4u]", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    a_prev, c_prev = states
    n_a = a_prev.shape[1]
    z = np.dot(x, kernel) + np.dot(a_prev, recurrent_kernel) + bias
    it = sigmoid(z[:, :n_a])
    ft = sigmoid(z[:, n_a:2 * n_a])
    cct = np.tanh(z[:, 2 * n_a:3 * n_a])
    ot = sigmoid(z[:, 3 * n_a:])
    c_next = ft * c_prev + it * cct
    dot = dh_new * np.tanh(c_next) * ot * (1 - ot)
    dcct = (dc_new * it + ot * (1 - np.square(np.tanh(c_next))) * it * dh_new) * (1 - np.square(cct))
    dit = (dc_new * cct + ot * (1 - np.square(np.tanh(c_next))) * cct * dh_new) * it * (1 - it)
    dft = (dc_new * c_prev + ot * (1 - np.square(np.tanh(c_next))) * c_prev * dh_new) * ft * (1 - ft)
    dz = np.concatenate([dit, dft, dcct, dot], axis=1)
    dW = np.dot(x.T, dz)
    dU = np.dot(a_prev.T, dz)
    db = np.sum(dz, axis=0, keepdims=True)
    da_prev = np.dot(dz, recurrent_kernel.T)
    dc_prev = dc_new * ft + ot * (1 - np.square(np.tanh(c_next))) * ft * dh_new
    dxt = np.dot(dz, kernel.T)
    return dxt, da_prev, dc_prev, dW, dU, db
"""),
            ("sigmoid derivative z(1-z) applied to the pre-activations instead of the gate values", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dzi = dc * g * zi * (1 - zi)
    dzf = dc * c_prev * zf * (1 - zf)
    dzg = dc * i * (1 - g ** 2)
    dzo = dh_new * np.tanh(c) * zo * (1 - zo)
    dz = np.concatenate([dzi, dzf, dzg, dzo], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("tanh' for the candidate taken of the already-activated g: 1 - tanh(g)^2", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def dtanh(x):
    return 1 - np.tanh(x) ** 2


def dsigmoid(s):
    return s * (1 - s)


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * dtanh(c)
    dz = np.concatenate([dc * g * dsigmoid(i), dc * c_prev * dsigmoid(f),
                         dc * i * dtanh(g), dh_new * np.tanh(c) * dsigmoid(o)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("do = dh_new * c: leaves out the tanh of c", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    d_o = dh_new * c
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), d_o * o * (1 - o)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("dc_prev = dc_new * f: only the upstream dc, not the total dc", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    dc_prev = dc_new * f
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc_prev, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("df uses the new c instead of c_prev", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    df = dc * c
    dz = np.concatenate([dc * g * i * (1 - i), df * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("gate width taken from kernel.shape[0] (the input width) instead of the units", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    n = kernel.shape[0]
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    i = sigmoid(z[:, :n])
    f = sigmoid(z[:, n:2 * n])
    g = np.tanh(z[:, 2 * n:3 * n])
    o = sigmoid(z[:, 3 * n:])
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.zeros_like(z)
    dz[:, :n] = dc * g * i * (1 - i)
    dz[:, n:2 * n] = dc * c_prev * f * (1 - f)
    dz[:, 2 * n:3 * n] = dc * i * (1 - g ** 2)
    dz[:, 3 * n:] = dh_new * np.tanh(c) * o * (1 - o)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("returns dc_prev and dh_prev in swapped places", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    dx = dz @ kernel.T
    dh_prev = dz @ recurrent_kernel.T
    dc_prev = dc * f
    return dx, dc_prev, dh_prev, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("unpacks the states as (c_prev, h_prev)", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    c_prev, h_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("old Keras default recurrent activation hard_sigmoid (clip(0.2x + 0.5)) with its derivative", """
def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def d_hard_sigmoid(x):
    return np.where(np.abs(x) < 2.5, 0.2, 0.0)


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = hard_sigmoid(zi), hard_sigmoid(zf), np.tanh(zg), hard_sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * d_hard_sigmoid(zi), dc * c_prev * d_hard_sigmoid(zf),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * d_hard_sigmoid(zo)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
            ("Coursera-style stacked [h_prev, x] but splits the stacked gradient at the input width", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    a_prev, c_prev = states
    n_x = x.shape[1]
    concat = np.concatenate([a_prev, x], axis=1)
    W = np.concatenate([recurrent_kernel, kernel], axis=0)
    z = concat @ W + bias
    i, f, g, o = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    c_next = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c_next) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c_next) * o * (1 - o)], axis=1)
    dW = concat.T @ dz
    dconcat = dz @ W.T
    da_prev, dxt = dconcat[:, :n_x], dconcat[:, n_x:]
    dU, dWx = dW[:n_x], dW[n_x:]
    return dxt, da_prev, dc * f, dWx, dU, dz.sum(axis=0)
"""),
            ("dx computed as kernel @ dz.T: [input width, batch], the transpose", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    dx = kernel @ dz.T
    dh_prev = dz @ recurrent_kernel.T
    return dx, dh_prev, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(0)
"""),
        ],
        "right": [
            ("straight from the formulas, float64", """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    x = np.asarray(x, dtype=np.float64)
    h_prev = np.asarray(states[0], dtype=np.float64)
    c_prev = np.asarray(states[1], dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    recurrent_kernel = np.asarray(recurrent_kernel, dtype=np.float64)
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tanh_c ** 2)
    do = dh_new * tanh_c
    di = dc * g
    dg = dc * i
    df = dc * c_prev
    dz = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0))
"""),
            ("per-gate loop over column blocks of the kernels", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    u = h_prev.shape[1]
    acts = {"i": lambda v: 1 / (1 + np.exp(-v)), "f": lambda v: 1 / (1 + np.exp(-v)),
            "c": np.tanh, "o": lambda v: 1 / (1 + np.exp(-v))}
    gate, block = {}, {}
    for k, name in enumerate("ifco"):
        cols = slice(k * u, (k + 1) * u)
        block[name] = cols
        gate[name] = acts[name](x @ kernel[:, cols] + h_prev @ recurrent_kernel[:, cols] + bias[cols])
    c = gate["f"] * c_prev + gate["i"] * gate["c"]
    dc = dc_new + dh_new * gate["o"] * (1 - np.tanh(c) ** 2)
    upstream = {"i": dc * gate["c"], "f": dc * c_prev, "c": dc * gate["i"], "o": dh_new * np.tanh(c)}
    dx = np.zeros(x.shape)
    dh_prev = np.zeros(h_prev.shape)
    dkernel = np.zeros(kernel.shape)
    drecurrent = np.zeros(recurrent_kernel.shape)
    dbias = np.zeros(bias.shape)
    for name in "ifco":
        a = gate[name]
        local = 1 - a ** 2 if name == "c" else a * (1 - a)
        dpre = upstream[name] * local
        cols = block[name]
        dkernel[:, cols] = x.T @ dpre
        drecurrent[:, cols] = h_prev.T @ dpre
        dbias[cols] = dpre.sum(axis=0)
        dx += dpre @ kernel[:, cols].T
        dh_prev += dpre @ recurrent_kernel[:, cols].T
    return dx, dh_prev, dc * gate["f"], dkernel, drecurrent, dbias
"""),
            ("tf.GradientTape on its own forward step", """
import tensorflow as tf


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    to64 = lambda a: tf.constant(np.asarray(a), dtype=tf.float64)
    x, h_prev, c_prev = to64(x), to64(states[0]), to64(states[1])
    kernel, recurrent_kernel, bias = to64(kernel), to64(recurrent_kernel), to64(bias)
    with tf.GradientTape() as tape:
        tape.watch([x, h_prev, c_prev, kernel, recurrent_kernel, bias])
        z = tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel) + bias
        i, f, g, o = tf.split(z, 4, axis=1)
        c = tf.sigmoid(f) * c_prev + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        loss = tf.reduce_sum(h * to64(dh_new)) + tf.reduce_sum(c * to64(dc_new))
    grads = tape.gradient(loss, [x, h_prev, c_prev, kernel, recurrent_kernel, bias])
    return tuple(grad.numpy() for grad in grads)
"""),
            ("einsum, float32 throughout, dh path folded into dc first", """
def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
    z = np.einsum("bd,dk->bk", x, kernel) + np.einsum("bu,uk->bk", h_prev, recurrent_kernel) + bias
    u = z.shape[1] // 4
    i, f, o = sig(z[:, :u]), sig(z[:, u:2 * u]), sig(z[:, 3 * u:])
    g = np.tanh(z[:, 2 * u:3 * u])
    tc = np.tanh(f * c_prev + i * g)
    dc = dc_new + dh_new * o * (1.0 - tc * tc)
    dz = np.hstack([dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f),
                    dc * i * (1.0 - g * g), dh_new * tc * o * (1.0 - o)])
    return (np.einsum("bk,dk->bd", dz, kernel), np.einsum("bk,uk->bu", dz, recurrent_kernel), dc * f,
            np.einsum("bd,bk->dk", x, dz), np.einsum("bu,bk->uk", h_prev, dz), np.einsum("bk->k", dz))
"""),
        ],
    },
    "lstm_sequence_backward": {
        "wrong": [
            ("leaves out d_sequence: only dh_T flows back through the steps", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dxs = [None] * inputs.shape[1]
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        dxs[t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel,
                                                    bias, dh, dc)
        dk += a
        drk += b
        db += e
    return np.stack(dxs, axis=1), dh, dc, dk, drk, db
"""),
            ("dh at each step is d_sequence[:, t] (plus dh_T at the last): the carried dh is dropped", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    T = inputs.shape[1]
    h, c = initial_state
    cache = []
    for t in range(T):
        cache.append((h, c))
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    grads = [np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)]
    d_inputs = np.zeros_like(inputs)
    dh_prev, dc_prev = dh_T, dc_T
    for t in range(T - 1, -1, -1):
        dh = d_sequence[:, t] + (dh_T if t == T - 1 else 0)
        d_inputs[:, t], dh_prev, dc_prev, *dw = lstm_step_backward(
            inputs[:, t], cache[t], kernel, recurrent_kernel, bias, dh, dc_prev)
        for acc, d in zip(grads, dw):
            acc += d
    return (d_inputs, dh_prev, dc_prev, *grads)
"""),
            ("carried dh starts at zeros: dh_T is ignored", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    # h_T is the last element of the output sequence, so d_sequence[:, -1] already covers it
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dxs = [None] * inputs.shape[1]
    dh_next, dc_next = np.zeros_like(dh_T), dc_T
    for t in reversed(range(inputs.shape[1])):
        dxs[t], dh_next, dc_next, a, b, e = lstm_step_backward(
            inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias, d_sequence[:, t] + dh_next, dc_next)
        dk += a
        drk += b
        db += e
    return np.stack(dxs, axis=1), dh_next, dc_next, dk, drk, db
"""),
            ("carried dc starts at zeros as in CS231n's lstm_backward: dc_T is ignored", """
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dnext_h, dnext_c):
    prev_h, prev_c = states
    H = prev_h.shape[1]
    a = x.dot(kernel) + prev_h.dot(recurrent_kernel) + bias
    i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    dnext_c = dnext_c + dnext_h * o * (1 - np.tanh(next_c) ** 2)
    da = np.hstack((dnext_c * g * i * (1 - i), dnext_c * prev_c * f * (1 - f),
                    dnext_c * i * (1 - g ** 2), dnext_h * np.tanh(next_c) * o * (1 - o)))
    return da.dot(kernel.T), da.dot(recurrent_kernel.T), dnext_c * f, x.T.dot(da), prev_h.T.dot(da), da.sum(0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    N, T, D = inputs.shape
    prev_h, prev_c = initial_state
    cache = []
    for t in range(T):
        cache.append((prev_h, prev_c))
        a = inputs[:, t].dot(kernel) + prev_h.dot(recurrent_kernel) + bias
        i, f, g, o = np.split(a, 4, axis=1)
        prev_c = sigmoid(f) * prev_c + sigmoid(i) * np.tanh(g)
        prev_h = sigmoid(o) * np.tanh(prev_c)
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros(kernel.shape), np.zeros(recurrent_kernel.shape), np.zeros(bias.shape)
    dprev_h = dh_T
    dprev_c = np.zeros_like(dh_T)
    for t in reversed(range(T)):
        dnext_h = d_sequence[:, t] + dprev_h
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            inputs[:, t], cache[t], kernel, recurrent_kernel, bias, dnext_h, dprev_c)
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dprev_c, dWx, dWh, db
"""),
            ("backward loop runs forwards in time, t = 0 .. T-1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    states = [(h, c)]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        states.append((h, c))
    dk, drk, db = 0, 0, 0
    d_inputs = []
    dh, dc = dh_T, dc_T
    for t in range(inputs.shape[1]):
        dx, dh, dc, a, b, e = lstm_step_backward(inputs[:, t], states[t], kernel, recurrent_kernel, bias,
                                                 d_sequence[:, t] + dh, dc)
        d_inputs.append(dx)
        dk, drk, db = dk + a, drk + b, db + e
    return np.stack(d_inputs, axis=1), dh, dc, dk, drk, db
"""),
            ("caches the state after each step, so step t is given (h_t, c_t) instead of (h_(t-1), c_(t-1))", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    cache = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        cache.append((h, c))
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        h_prev, c_prev = cache[t]
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [h_prev, c_prev], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("weight gradients overwritten at every step instead of summed (step 0's are returned)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        d_inputs[:, t], dh, dc, dkernel, drecurrent_kernel, dbias = lstm_step_backward(
            inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
    return d_inputs, dh, dc, dkernel, drecurrent_kernel, dbias
"""),
            ("weight gradients averaged over the time steps instead of summed", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    per_step = []
    dxs = []
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, *dw = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias,
                                             d_sequence[:, t] + dh, dc)
        dxs.insert(0, dx)
        per_step.append(dw)
    dkernel, drecurrent_kernel, dbias = (np.mean(np.stack(ws), axis=0) for ws in zip(*per_step))
    return np.stack(dxs, axis=1), dh, dc, dkernel, drecurrent_kernel, dbias
"""),
            ("d_inputs appended during the backward loop and stacked without reversing: time is reversed", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = []
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias,
                                                 d_sequence[:, t] + dh, dc)
        d_inputs.append(dx)
        dk += a
        drk += b
        db += e
    return np.stack(d_inputs, axis=1), dh, dc, dk, drk, db
"""),
            ("d_inputs kept time-major, [time, batch, input width]", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    batch, time, dim = inputs.shape
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(time):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    d_inputs = np.zeros((time, batch, dim))
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dh, dc = dh_T, dc_T
    for t in reversed(range(time)):
        d_inputs[t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel,
                                                          bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("forward pass starts from zeros instead of initial_state", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    batch, time, _ = inputs.shape
    units = recurrent_kernel.shape[0]
    h = np.zeros((batch, units))
    c = np.zeros((batch, units))
    hs, cs = [h], [c]
    for t in range(time):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(time)):
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("counts dh_T twice: adds it to d_sequence[:, -1] and also starts the carried dh with it", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    d_sequence = d_sequence.copy()
    d_sequence[:, -1] += dh_T  # h_T is also the last output
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("returns as dh0 the total dh going into step 0 (d_sequence[:, 0] + carried), not dh_prev", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh_next, dc_next = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        dh = d_sequence[:, t] + dh_next
        d_inputs[:, t], dh_next, dc_next, a, b, e = lstm_step_backward(
            inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias, dh, dc_next)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc_next, dk, drk, db
"""),
            ("step code passes back dc_prev = dc_new * f, leaving out the dh path into dc", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc_new * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("weight gradients divided by the batch size (mean-loss habit)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    m = x.shape[0]
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return (dz @ kernel.T, dz @ recurrent_kernel.T, dc * f,
            x.T @ dz / m, h_prev.T @ dz / m, dz.sum(axis=0) / m)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("gate width taken from kernel.shape[0] (the input width) in an inline step", """
def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    sig = lambda v: 1 / (1 + np.exp(-v))
    n = kernel.shape[0]
    T = inputs.shape[1]
    h, c = initial_state
    cache = []
    for t in range(T):
        z = inputs[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = sig(z[:, :n]), sig(z[:, n:2 * n]), np.tanh(z[:, 2 * n:3 * n]), sig(z[:, 3 * n:])
        c_new = f * c + i * g
        cache.append((h, c, i, f, g, o, c_new))
        h, c = o * np.tanh(c_new), c_new
    d_inputs = np.zeros(inputs.shape)
    dk, drk, db = np.zeros(kernel.shape), np.zeros(recurrent_kernel.shape), np.zeros(bias.shape)
    dh_next, dc_next = dh_T, dc_T
    for t in reversed(range(T)):
        h_prev, c_prev, i, f, g, o, c_new = cache[t]
        dh = d_sequence[:, t] + dh_next
        dc = dc_next + dh * o * (1 - np.tanh(c_new) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * np.tanh(c_new) * o * (1 - o)], axis=1)
        d_inputs[:, t] = dz @ kernel.T
        dh_next = dz @ recurrent_kernel.T
        dc_next = dc * f
        dk += inputs[:, t].T @ dz
        drk += h_prev.T @ dz
        db += dz.sum(axis=0)
    return d_inputs, dh_next, dc_next, dk, drk, db
"""),
            ("min-char-rnn habit: clips the weight gradients to [-5, 5] "
             "(only bites with bigger batches or longer sequences)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        d_inputs[:, t], dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel,
                                                             recurrent_kernel, bias, d_sequence[:, t] + dh, dc)
        dk += a
        drk += b
        db += e
    for dparam in [dk, drk, db]:
        np.clip(dparam, -5, 5, out=dparam)  # mitigate exploding gradients
    return d_inputs, dh, dc, dk, drk, db
"""),
            ("loops over axis 0 as time (time-major habit)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for x_t in inputs:
        i, f, g, o = np.split(x_t @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    d_inputs = np.zeros_like(inputs)
    dh, dc = dh_T, dc_T
    for t in reversed(range(len(inputs))):
        d_inputs[t], dh, dc, a, b, e = lstm_step_backward(inputs[t], [hs[t], cs[t]], kernel,
                                                          recurrent_kernel, bias, d_sequence[t] + dh, dc)
        dk += a
        drk += b
        db += e
    return d_inputs, dh, dc, dk, drk, db
"""),
        ],
        "right": [
            ("calls its own lstm_step_backward, lists, reversed loop", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc = dc_new + dh_new * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g ** 2), dh_new * tc * o * (1 - o)], axis=-1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc * f, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    hs, cs = [h], [c]
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    dk, drk, db = np.zeros_like(kernel), np.zeros_like(recurrent_kernel), np.zeros_like(bias)
    dxs = []
    dh, dc = dh_T, dc_T
    for t in reversed(range(inputs.shape[1])):
        dx, dh, dc, a, b, e = lstm_step_backward(inputs[:, t], [hs[t], cs[t]], kernel, recurrent_kernel, bias,
                                                 d_sequence[:, t] + dh, dc)
        dxs.append(dx)
        dk += a
        drk += b
        db += e
    return np.stack(dxs[::-1], axis=1), dh, dc, dk, drk, db
"""),
            ("tf.GradientTape on its own TensorFlow forward loop", """
import tensorflow as tf


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    to64 = lambda a: tf.constant(np.asarray(a), dtype=tf.float64)
    x, h0, c0 = to64(inputs), to64(initial_state[0]), to64(initial_state[1])
    k, rk, b = to64(kernel), to64(recurrent_kernel), to64(bias)
    watched = [x, h0, c0, k, rk, b]
    with tf.GradientTape() as tape:
        tape.watch(watched)
        h, c = h0, c0
        outputs = []
        for t in range(x.shape[1]):
            z = x[:, t] @ k + h @ rk + b
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            outputs.append(h)
        seq = tf.stack(outputs, axis=1)
        loss = (tf.reduce_sum(seq * to64(d_sequence)) + tf.reduce_sum(h * to64(dh_T))
                + tf.reduce_sum(c * to64(dc_T)))
    return tuple(tape.gradient(loss, watched))
"""),
            ("inline per-gate step, preallocated float64 arrays, cache of gate values", """
def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    X = np.asarray(inputs, dtype=np.float64)
    W, U, b = (np.asarray(a, dtype=np.float64) for a in (kernel, recurrent_kernel, bias))
    batch, time, _ = X.shape
    u = U.shape[0]
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    H = np.zeros((batch, time + 1, u))
    C = np.zeros((batch, time + 1, u))
    gates = np.zeros((batch, time, 4 * u))
    H[:, 0], C[:, 0] = initial_state
    for t in range(time):
        z = X[:, t] @ W + H[:, t] @ U + b
        gates[:, t, :u] = sig(z[:, :u])
        gates[:, t, u:2 * u] = sig(z[:, u:2 * u])
        gates[:, t, 2 * u:3 * u] = np.tanh(z[:, 2 * u:3 * u])
        gates[:, t, 3 * u:] = sig(z[:, 3 * u:])
        i, f, g, o = np.split(gates[:, t], 4, axis=1)
        C[:, t + 1] = f * C[:, t] + i * g
        H[:, t + 1] = o * np.tanh(C[:, t + 1])
    dX = np.zeros_like(X)
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dh_carry = np.array(dh_T, dtype=np.float64)
    dc_carry = np.array(dc_T, dtype=np.float64)
    for t in range(time - 1, -1, -1):
        i, f, g, o = np.split(gates[:, t], 4, axis=1)
        dh = d_sequence[:, t] + dh_carry
        tc = np.tanh(C[:, t + 1])
        dc = dc_carry + dh * o * (1 - tc ** 2)
        dz = np.empty((batch, 4 * u))
        dz[:, :u] = dc * g * i * (1 - i)
        dz[:, u:2 * u] = dc * C[:, t] * f * (1 - f)
        dz[:, 2 * u:3 * u] = dc * i * (1 - g ** 2)
        dz[:, 3 * u:] = dh * tc * o * (1 - o)
        dX[:, t] = dz @ W.T
        dW += X[:, t].T @ dz
        dU += H[:, t].T @ dz
        db += dz.sum(axis=0)
        dh_carry = dz @ U.T
        dc_carry = dc * f
    return dX, dh_carry, dc_carry, dW, dU, db
"""),
            ("keras.layers.LSTM with the given weights under tf.GradientTape", """
import tensorflow as tf
import keras


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    units = recurrent_kernel.shape[0]
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    layer.build((None, inputs.shape[1], inputs.shape[2]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    x = tf.convert_to_tensor(inputs)
    h0 = tf.convert_to_tensor(initial_state[0])
    c0 = tf.convert_to_tensor(initial_state[1])
    with tf.GradientTape() as tape:
        tape.watch([x, h0, c0])
        seq, h_T, c_T = layer(x, initial_state=[h0, c0])
        loss = tf.reduce_sum(seq * d_sequence) + tf.reduce_sum(h_T * dh_T) + tf.reduce_sum(c_T * dc_T)
    dx, dh0, dc0, dk, drk, db = tape.gradient(loss, [x, h0, c0] + layer.trainable_variables)
    return dx.numpy(), dh0.numpy(), dc0.numpy(), dk.numpy(), drk.numpy(), db.numpy()
"""),
        ],
    },
}
