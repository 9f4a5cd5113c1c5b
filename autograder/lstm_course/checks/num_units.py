"""Checks of notebook 1, what is num_units: one_hot, simple_rnn_step, lstm_param_count, lstm_output_shapes."""
import numpy as np

from . import reference
from .compare import call_learner, compare, fail, fresh_sizes, passed, shape_difference, sigmoid, visible_cases
from .probe import probe_rnn_step


@visible_cases(dict(ids_shape=(1, 6), depth=5, seed=0),             # a batch of 1
               dict(ids_shape=(3, 3), depth=4, seed=1, as_list=True),  # square ids, given as a list
               dict(ids_shape=(2, 4), depth=6, seed=2, max_id=3),   # the top classes unused
               dict(ids_shape=(5,), depth=5, seed=3),                # one axis, as long as depth
               dict(ids_shape=(2, 3, 2), depth=3, seed=4))           # three axes
def check_one_hot(one_hot, ids_shape=(1, 6), depth=5, seed=0, as_list=False, max_id=None):
    """one_hot(ids, depth) against tf.one_hot on random ids of shape ids_shape.

    max_id < depth - 1 leaves the top classes unused, which exposes a width
    taken from the data instead of from `depth`.
    """
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    top = depth - 1 if max_id is None else max_id
    ids = rng.integers(0, top + 1, size=ids_shape)
    ids.flat[0] = top  # the largest allowed id always occurs
    want = tf.one_hot(ids, depth).numpy()
    given = ids.tolist() if as_list else ids.copy()
    got = call_learner(one_hot, given, depth)
    compare(
        got, want, "one_hot",
        mistakes=[
            (tf.one_hot(ids + 1, depth).numpy(),
             "each 1 sits one place too far right: id k should light position k (ids start at 0)"),
            (tf.one_hot(ids - 1, depth).numpy(),
             "each 1 sits one place too far left: id k should light position k (ids start at 0)"),
        ],
        shape_hints=[
            ((depth,) + tuple(ids_shape), "the one-hot axis should come last, shape ids.shape + (depth,)"),
            (tuple(ids_shape) + (top + 1,), f"the width must be depth={depth}, not the largest id + 1"),
            ((ids.size, depth), "keep the shape of ids: [batch, time] ids give [batch, time, depth]"),
        ],
        axes=tuple(f"ids axis {k}" for k in range(len(ids_shape))) + ("the one-hot axis (depth)",),
        probe=lambda: _one_hot_probe(one_hot, depth),
    )
    passed(f"one_hot matches tf.one_hot for ids of shape {tuple(ids_shape)} and depth {depth}"
        + (" (ids given as a Python list)" if as_list else ""))


def _one_hot_probe(one_hot, depth):
    """Ask one_hot about single ids: which ids light the wrong position, or more than one."""
    import tensorflow as tf

    wrong = []
    for k in range(depth):
        try:
            got = np.asarray(one_hot(np.array([[k]]), depth), np.float64).reshape(-1)
        except Exception:
            return None
        want = tf.one_hot([k], depth).numpy().reshape(-1)
        if got.shape != want.shape or not np.allclose(got, want):
            lit = np.flatnonzero(got) if got.shape == want.shape else []
            wrong.append(f"id {k} lights position{'s' if len(lit) != 1 else ''} {list(map(int, lit))}")
    if wrong:
        return "asked about one id at a time: " + "; ".join(wrong[:4]) + f" (id k must light position k only)"
    return "each id alone is right, but not several together: every id of ids gets its own one-hot row"


@visible_cases(dict(batch=2, input_dim=5, units=3, seed=0),
               dict(batch=1, input_dim=4, units=4, seed=1),   # a batch of 1; square recurrent and input kernels
               dict(batch=3, input_dim=3, units=3, seed=2),   # every width equal
               dict(batch=4, input_dim=2, units=6, seed=3))
def check_simple_rnn_step(simple_rnn_step, batch=2, input_dim=5, units=3, seed=0):
    """simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias) against keras.layers.SimpleRNNCell."""
    import keras

    rng = np.random.default_rng(seed)
    cell = keras.layers.SimpleRNNCell(units)
    cell.build((None, input_dim))
    kernel = rng.normal(0, 0.6, (input_dim, units)).astype(np.float32)
    recurrent_kernel = rng.normal(0, 0.6, (units, units)).astype(np.float32)
    bias = rng.normal(0, 0.6, (units,)).astype(np.float32)
    cell.set_weights([kernel, recurrent_kernel, bias])
    x = rng.normal(0, 1, (batch, input_dim)).astype(np.float32)
    h_prev = rng.normal(0, 0.5, (batch, units)).astype(np.float32)
    want = np.asarray(cell(x, [h_prev])[0])

    got = call_learner(
        simple_rnn_step, x.copy(), h_prev.copy(), kernel.copy(), recurrent_kernel.copy(), bias.copy(),
        hint="x @ kernel needs kernel of shape [input_dim, units]; h_prev @ recurrent_kernel "
             "needs recurrent_kernel of shape [units, units]. A shape error usually means the two "
             "were swapped or one was transposed.",
    )
    pre = x @ kernel + h_prev @ recurrent_kernel + bias
    mistakes = [
        (sigmoid(pre), "this looks like sigmoid; SimpleRNNCell squashes with tanh"),
        (np.maximum(pre, 0), "this looks like relu; SimpleRNNCell squashes with tanh"),
        (pre, "the tanh is missing: h_t = tanh(x W + h_prev U + b)"),
        (np.tanh(x @ kernel + h_prev @ recurrent_kernel), "the bias is missing"),
        (np.tanh(x @ kernel + bias), "h_prev was not used: the new h depends on the previous h"),
        (np.tanh(h_prev @ recurrent_kernel + bias), "x was not used: the new h depends on the input"),
    ]
    if input_dim == units:
        mistakes += [
            (np.tanh(x @ recurrent_kernel + h_prev @ kernel + bias),
             "kernel and recurrent_kernel look swapped: kernel multiplies the input x, "
             "recurrent_kernel multiplies h_prev"),
            (np.tanh(x @ kernel.T + h_prev @ recurrent_kernel.T + bias),
             "the weights look transposed: use x @ kernel, not x @ kernel.T"),
        ]
    def probe():
        def step(x, h, c, kernel, recurrent_kernel, bias):
            return simple_rnn_step(np.float32(x), np.float32(h), np.float32(kernel), np.float32(recurrent_kernel),
                                   np.float32(bias)), None
        return probe_rnn_step(step, reference.simple_rnn_step, batch, input_dim, units, seed)

    compare(got, want, "simple_rnn_step", mistakes, shape_hints=[
        ((batch, input_dim), "the new h must have num_units columns, not input_dim"),
        ((units,), "keep the batch axis: the result has one row per example"),
        ((units, batch), "the result looks transposed: rows are examples, columns are units"),
    ], axes=("batch", "num_units"), probe=probe)
    passed(f"simple_rnn_step matches keras SimpleRNNCell (batch {batch}, input width {input_dim}, "
        f"num_units {units})")


@visible_cases(dict(input_dim=5, num_units=5), dict(input_dim=3, num_units=7), dict(input_dim=8, num_units=2),
               dict(input_dim=1, num_units=1), fresh=fresh_sizes("input_dim", "num_units", high=64))
def check_lstm_param_count(lstm_param_count, input_dim, num_units):
    """lstm_param_count(input_dim, num_units) against keras LSTM.count_params()."""
    import keras

    layer = keras.layers.LSTM(num_units)
    layer.build((None, None, input_dim))
    want = layer.count_params()
    got = call_learner(lstm_param_count, input_dim, num_units)
    try:
        got_number = float(got)
    except Exception:
        fail(f"lstm_param_count returned {got!r}, expected a whole number")
    if got_number == want:
        passed(f"lstm_param_count({input_dim}, {num_units}) = {want}, as Keras counts")
        return
    d, u = input_dim, num_units
    known = [
        (4 * u * (d + u), "the biases are missing: each of the 4 gates has num_units biases"),
        (4 * u * (d + u + 2), "two biases per gate is PyTorch's layout (b_ih and b_hh); "
                              "Keras and TensorFlow have one"),
        (u * (d + u + 1), "an LSTM has 4 gate blocks, each of num_units outputs: multiply by 4"),
        (4 * u * (d + 1), "the recurrent weights are missing: every gate also reads h_prev "
                          "(num_units numbers)"),
        (4 * u * (u + 1), "the input weights are missing: every gate also reads x (input_dim numbers)"),
        (4 * d * (d + u + 1), "input_dim and num_units look swapped: each gate has num_units outputs"),
        (4 * (d + u + 1), "each gate has num_units outputs, not 1: multiply by num_units"),
    ]
    for value, message in known:
        if got_number == value and value != want:
            fail(
                f"lstm_param_count({d}, {u}) returned {got}, Keras counts {want}: {message}")
    fail(f"lstm_param_count({d}, {u}) returned {got}, but Keras counts {want} parameters"
         + _which_parameters(lstm_param_count), named=_which_parameters(lstm_param_count) != "")


def _which_parameters(lstm_param_count):
    """Ask lstm_param_count for other widths and read off how it counts each kind of parameter:
    per (input, unit) pair, per (unit, unit) pair and per unit. '' when it is not such a formula."""
    import keras

    def keras_count(d, u):
        layer = keras.layers.LSTM(u)
        layer.build((None, None, d))
        return layer.count_params()

    points = [(d, u) for d in (1, 2, 3, 5) for u in (1, 2, 4)]
    try:
        counts = np.array([float(lstm_param_count(d, u)) for d, u in points])
    except Exception:
        return ""
    terms = lambda d, u: [d * u, u * u, u, d, 1.0, d * d]  # noqa: E731
    design = np.array([terms(d, u) for d, u in points], np.float64)
    fitted, *_ = np.linalg.lstsq(design, counts, rcond=None)
    if not np.allclose(design @ fitted, counts, atol=1e-6):
        return ""
    right, *_ = np.linalg.lstsq(design, np.array([keras_count(d, u) for d, u in points], np.float64), rcond=None)
    fitted, right = np.round(fitted, 6) + 0.0, np.round(right, 6) + 0.0  # + 0.0: no -0
    names = ["weights from the input (kernel, input_dim x 4 num_units)",
             "weights from h (recurrent_kernel, num_units x 4 num_units)", "biases (4 per unit)",
             "numbers per input feature alone", "constant numbers", "numbers per input_dim squared"]
    per = ["per (input feature, unit) pair", "per (unit, unit) pair", "per unit", "per input feature", "in all",
           "per input_dim squared"]
    wrong = [f"{names[k]}: yours counts {fitted[k]:g} {per[k]}, Keras {right[k]:g}"
             for k in range(len(names)) if abs(fitted[k] - right[k]) > 1e-6]
    return (". Asked for other widths, your formula differs in " + "; ".join(wrong)) if wrong else ""


@visible_cases(dict(batch_size=1, time_steps=6, input_dim=5, num_units=5, seed=0),   # a batch of 1, d = u
               dict(batch_size=3, time_steps=3, input_dim=4, num_units=4, seed=1),   # batch = time steps
               dict(batch_size=2, time_steps=7, input_dim=3, num_units=9, seed=2),
               dict(batch_size=4, time_steps=2, input_dim=6, num_units=3, seed=3),
               fresh=fresh_sizes("batch_size", "time_steps", "input_dim", "num_units", high=12))
def check_lstm_output_shapes(lstm_output_shapes, batch_size, time_steps, input_dim, num_units, seed=0):
    """lstm_output_shapes(...) against the shapes Keras's LSTM(return_sequences=True, return_state=True) returns."""
    import keras

    rng = np.random.default_rng(seed)
    layer = keras.layers.LSTM(num_units, return_sequences=True, return_state=True)
    inputs = rng.normal(size=(batch_size, time_steps, input_dim)).astype(np.float32)
    want = tuple(tuple(int(n) for n in tensor.shape) for tensor in layer(inputs))

    got = call_learner(lstm_output_shapes, batch_size, time_steps, input_dim, num_units)
    try:
        got = tuple(tuple(int(n) for n in shape) for shape in got)
    except Exception:
        fail(
            f"lstm_output_shapes returned {got!r}: expected three shapes, each a tuple of whole numbers"
        )
    if got == want:
        passed(f"lstm_output_shapes matches Keras for batch {batch_size}, {time_steps} steps, "
            f"input width {input_dim}, num_units {num_units}: {want}")
        return
    call = f"lstm_output_shapes({batch_size}, {time_steps}, {input_dim}, {num_units})"
    if len(got) != 3:
        fail(f"{call} returned {len(got)} shapes; LSTM(return_sequences=True, "
                             "return_state=True) returns 3: the whole sequence, the last h, the last c")
    b, t, d, u = batch_size, time_steps, input_dim, num_units
    names = ["the whole sequence (1st result)", "the last h (2nd result)", "the last c (3rd result)"]
    for name, got_shape, want_shape in zip(names, got, want):
        if got_shape == want_shape:
            continue
        hints = {
            (t, b, u): "batch comes first: Keras layers are batch-major [batch, time, num_units]",
            (b, t, d): "the last axis of the output is num_units, not the input width",
            (b, d): "a state has num_units numbers per example, not input_dim",
            (u,): "keep the batch axis: every example has its own state, [batch, num_units]",
            (b, t, u): "return_state gives only the last step's state, without the time axis",
            (b, u): "the whole sequence has a time axis: one output per step, [batch, time, num_units]",
            (b, 4 * u): "the state has num_units numbers, not 4 * num_units (that is the gate width)",
        }
        axes = ("batch", "time", "num_units") if len(want_shape) == 3 else ("batch", "num_units")
        message = hints.get(got_shape) or shape_difference(got_shape, want_shape, axes)
        fail(f"{call}: {name} has shape {got_shape}, expected {want_shape}: {message}")

