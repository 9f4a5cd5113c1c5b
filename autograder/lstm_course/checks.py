"""Checks that compare a learner's function with TensorFlow on fresh random inputs.

One function per check. Each builds its inputs from a seed, computes the
reference with TensorFlow or Keras inside the check, calls the learner's
function, and raises AssertionError with a message in plain words when the
answers differ. Known mistakes are recognised by computing what the mistake
would give and comparing: the reference itself always comes from TensorFlow.
"""
import numpy as np

TOLERANCE = dict(rtol=1e-4, atol=1e-5)  # float32 references; float64 answers pass too


# ----------------------------------------------------------------- plumbing
def _call(function, *args, hint=""):
    """Call the learner's function; turn a crash into a readable failure."""
    try:
        return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:  # the learner's code crashed: say where and why
        shapes = ", ".join(_describe(a) for a in args)
        raise AssertionError(
            f"{function.__name__}({shapes}) raised {type(error).__name__}: {error}"
            + (f"\nHint: {hint}" if hint else "")
        ) from error


def _describe(value):
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"array of shape {tuple(shape)}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    return repr(value)


def _as_array(result, name):
    try:
        return np.asarray(result, dtype=np.float64)
    except Exception:
        raise AssertionError(
            f"{name} returned {type(result).__name__}, which is not an array of numbers"
        ) from None


def _compare(got, want, name, mistakes=(), shape_hints=()):
    """Pass if got == want (within float32 tolerance); otherwise explain.

    mistakes:    (wrong_value, message) pairs, checked in order when values differ
    shape_hints: (wrong_shape, message) pairs, checked when the shape differs
    """
    got = _as_array(got, name)
    if got.shape != want.shape:
        for wrong_shape, message in shape_hints:
            if got.shape == tuple(wrong_shape):
                raise AssertionError(f"{name}: {message} (got shape {got.shape}, expected {want.shape})")
        raise AssertionError(f"{name} returned shape {got.shape}, but TensorFlow gives {want.shape}")
    if np.all(np.isfinite(got)) and np.allclose(got, want, **TOLERANCE):
        return
    for wrong, message in mistakes:
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == got.shape and np.allclose(got, wrong, **TOLERANCE):
            raise AssertionError(f"{name}: {message}")
    worst = np.unravel_index(np.nanargmax(np.abs(got - want)), got.shape)
    raise AssertionError(
        f"{name} has the right shape {got.shape} but different values: at index {worst} "
        f"it gives {got[worst]:.6g} where TensorFlow gives {want[worst]:.6g}"
    )


def _ok(message):
    print("\u2713 " + message)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ------------------------------------------------------------ notebook 1
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
    got = _call(one_hot, given, depth)
    _compare(
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
    )
    _ok(f"one_hot matches tf.one_hot for ids of shape {tuple(ids_shape)} and depth {depth}"
        + (" (ids given as a Python list)" if as_list else ""))


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

    got = _call(
        simple_rnn_step, x.copy(), h_prev.copy(), kernel.copy(), recurrent_kernel.copy(), bias.copy(),
        hint="x @ kernel needs kernel of shape [input_dim, units]; h_prev @ recurrent_kernel "
             "needs recurrent_kernel of shape [units, units]. A shape error usually means the two "
             "were swapped or one was transposed.",
    )
    pre = x @ kernel + h_prev @ recurrent_kernel + bias
    mistakes = [
        (_sigmoid(pre), "this looks like sigmoid; SimpleRNNCell squashes with tanh"),
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
    _compare(got, want, "simple_rnn_step", mistakes, shape_hints=[
        ((batch, input_dim), "the new h must have num_units columns, not input_dim"),
        ((units,), "keep the batch axis: the result has one row per example"),
        ((units, batch), "the result looks transposed: rows are examples, columns are units"),
    ])
    _ok(f"simple_rnn_step matches keras SimpleRNNCell (batch {batch}, input width {input_dim}, "
        f"num_units {units})")


def check_lstm_param_count(lstm_param_count, input_dim, num_units):
    """lstm_param_count(input_dim, num_units) against keras LSTM.count_params()."""
    import keras

    layer = keras.layers.LSTM(num_units)
    layer.build((None, None, input_dim))
    want = layer.count_params()
    got = _call(lstm_param_count, input_dim, num_units)
    try:
        got_number = float(got)
    except Exception:
        raise AssertionError(f"lstm_param_count returned {got!r}, expected a whole number") from None
    if got_number == want:
        _ok(f"lstm_param_count({input_dim}, {num_units}) = {want}, as Keras counts")
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
            raise AssertionError(
                f"lstm_param_count({d}, {u}) returned {got}, Keras counts {want}: {message}")
    raise AssertionError(
        f"lstm_param_count({d}, {u}) returned {got}, but Keras counts {want} parameters")


def check_lstm_output_shapes(lstm_output_shapes, batch_size, time_steps, input_dim, num_units, seed=0):
    """lstm_output_shapes(...) against the shapes Keras's LSTM(return_sequences=True, return_state=True) returns."""
    import keras

    rng = np.random.default_rng(seed)
    layer = keras.layers.LSTM(num_units, return_sequences=True, return_state=True)
    inputs = rng.normal(size=(batch_size, time_steps, input_dim)).astype(np.float32)
    want = tuple(tuple(int(n) for n in tensor.shape) for tensor in layer(inputs))

    got = _call(lstm_output_shapes, batch_size, time_steps, input_dim, num_units)
    try:
        got = tuple(tuple(int(n) for n in shape) for shape in got)
    except Exception:
        raise AssertionError(
            f"lstm_output_shapes returned {got!r}: expected three shapes, each a tuple of whole numbers"
        ) from None
    if got == want:
        _ok(f"lstm_output_shapes matches Keras for batch {batch_size}, {time_steps} steps, "
            f"input width {input_dim}, num_units {num_units}: {want}")
        return
    call = f"lstm_output_shapes({batch_size}, {time_steps}, {input_dim}, {num_units})"
    if len(got) != 3:
        raise AssertionError(f"{call} returned {len(got)} shapes; LSTM(return_sequences=True, "
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
        message = hints.get(got_shape, f"Keras gives {want_shape}")
        raise AssertionError(f"{call}: {name} has shape {got_shape}, expected {want_shape}: {message}")
