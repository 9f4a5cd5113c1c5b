"""Wrong and right answers to notebook 1's exercises, written as learners write them."""
ANSWERS = {
    "one_hot": {
        "wrong": [
            ("width taken from the data (largest id + 1) instead of depth", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(ids.max() + 1)[ids]
"""),
            ("depth hard-coded to the notebook's 5 letters", """
def one_hot(ids, depth):
    return np.eye(5)[np.asarray(ids)]
"""),
            ("ids treated as 1-based: the 1 lands one place to the left", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(depth)[ids - 1]
"""),
            ("squeeze drops a batch of 1", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.squeeze(np.eye(depth)[ids])
"""),
            ("flattens the ids: [batch*time, depth] instead of [batch, time, depth]", """
def one_hot(ids, depth):
    flat = np.asarray(ids).reshape(-1)
    out = np.zeros((flat.size, depth), dtype=np.float32)
    out[np.arange(flat.size), flat] = 1.0
    return out
"""),
            ("one-hot axis put first (tf.one_hot with axis=0)", """
def one_hot(ids, depth):
    import tensorflow as tf
    return tf.one_hot(ids, depth, axis=0).numpy()
"""),
            ("reshape instead of moving the axis: depth first, values scrambled", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    out = np.zeros((depth,) + ids.shape)
    for k in range(depth):
        out[k] = (ids == k)
    return out.reshape(ids.shape + (depth,))
"""),
            ("assumes ids are 1-D: one row per top-level entry", """
def one_hot(ids, depth):
    out = np.zeros((len(ids), depth))
    for row, k in enumerate(ids):
        out[row, k] = 1
    return out
"""),
            ("assumes 2-D ids [batch, time]: crashes on a flat list", """
def one_hot(ids, depth):
    batch, time = len(ids), len(ids[0])
    out = np.zeros((batch, time, depth))
    for b in range(batch):
        for t in range(time):
            out[b, t, ids[b][t]] = 1
    return out
"""),
            ("no np.asarray: ids[..., None] fails on a Python list", """
def one_hot(ids, depth):
    return (ids[..., None] == np.arange(depth)).astype(np.float32)
"""),
            ("compares without the new axis: broadcasts ids against the classes", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return (ids == np.arange(depth)).astype(np.float32)
"""),
            ("indexes the last axis with all ids at once: every seen id lights up everywhere", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (depth,))
    out[..., ids.ravel()] = 1
    return out
"""),
            ("width is the number of distinct ids", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    classes = np.unique(ids)
    return (ids[..., np.newaxis] == classes).astype(float)
"""),
            ("two mistakes: width from the data and 1-based ids", """
def one_hot(ids, depth):
    ids = np.array(ids)
    width = int(np.max(ids))
    out = np.zeros(ids.shape + (width,))
    for index in np.ndindex(ids.shape):
        if ids[index] > 0:
            out[index + (ids[index] - 1,)] = 1
    return out
"""),
            ("handles 1-D and 2-D ids only: wrong for [batch, time, k] ids", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    if ids.ndim == 1:
        out = np.zeros((len(ids), depth), dtype=np.float32)
        out[np.arange(len(ids)), ids] = 1
        return out
    batch, time = ids.shape[0], ids.shape[1]
    out = np.zeros((batch, time, depth), dtype=np.float32)
    for b in range(batch):
        out[b, np.arange(time), ids[b]] = 1
    return out
"""),
            ("the 1s counted from the right end", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(depth)[::-1][ids]
"""),
        ],
        "right": [
            ("np.eye row lookup, float64", """
def one_hot(ids, depth):
    return np.eye(depth)[np.asarray(ids)]
"""),
            ("integer result from an np.equal.outer", """
def one_hot(ids, depth):
    return np.equal.outer(np.asarray(ids), np.arange(depth)).astype(int)
"""),
            ("loop over every index with np.ndindex", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (depth,), dtype=np.float32)
    for index in np.ndindex(*ids.shape):
        out[index + (ids[index],)] = 1.0
    return out
"""),
            ("flat scatter, then reshape back", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    flat = np.zeros((ids.size, depth))
    flat[np.arange(ids.size), ids.ravel()] = 1
    return flat.reshape(*ids.shape, depth)
"""),
            ("np.put_along_axis", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (depth,), dtype=np.float64)
    np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
    return out
"""),
            ("tf.one_hot itself", """
def one_hot(ids, depth):
    import tensorflow as tf
    return tf.one_hot(tf.constant(ids), depth).numpy()
"""),
        ],
    },
    "simple_rnn_step": {
        "wrong": [
            ("sigmoid instead of tanh", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    return 1 / (1 + np.exp(-z))
"""),
            ("bias forgotten", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(np.dot(x, kernel) + np.dot(h_prev, recurrent_kernel))
"""),
            ("bias added outside the tanh", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev @ recurrent_kernel) + bias
"""),
            ("tanh only on the input term", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel) + h_prev @ recurrent_kernel + bias
"""),
            ("tanh applied to each term separately", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel) + np.tanh(h_prev @ recurrent_kernel) + np.tanh(bias)
"""),
            ("recurrent kernel transposed (square, so no shape error)", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev @ recurrent_kernel.T + bias)
"""),
            ("kernel and recurrent_kernel swapped (runs only when input_dim == num_units)", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ recurrent_kernel + h_prev @ kernel + bias)
"""),
            ("column-vector style, forgot to transpose the recurrent kernel", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    z = kernel.T @ x.T + recurrent_kernel @ h_prev.T + bias[:, None]
    return np.tanh(z).T
"""),
            ("squeeze drops a batch of 1", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev @ recurrent_kernel + bias).squeeze()
"""),
            ("only the first example of the batch is computed", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    h = np.zeros((1, kernel.shape[1]))
    h[0] = np.tanh(x[0] @ kernel + h_prev[0] @ recurrent_kernel + bias)
    return h
"""),
            ("loop over the batch reuses the first example's h_prev", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    out = np.zeros((x.shape[0], kernel.shape[1]))
    for b in range(x.shape[0]):
        out[b] = np.tanh(x[b] @ kernel + h_prev[0] @ recurrent_kernel + bias)
    return out
"""),
            ("bias as a column: broadcasts by example, not by unit", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev @ recurrent_kernel + bias.reshape(-1, 1))
"""),
            ("stacked weights in the wrong order for concat([x, h])", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    xh = np.concatenate([x, h_prev], axis=1)
    w = np.concatenate([recurrent_kernel, kernel], axis=0)
    return np.tanh(xh @ w + bias)
"""),
            ("residual: adds h_prev to the new value", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return h_prev + np.tanh(x @ kernel + h_prev @ recurrent_kernel + bias)
"""),
            ("two mistakes: relu and no bias", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.maximum(0, x @ kernel + h_prev @ recurrent_kernel)
"""),
            ("elementwise product with h_prev instead of a matmul", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + h_prev * np.diag(recurrent_kernel) + bias)
"""),
        ],
        "right": [
            ("float64 with np.dot", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    x, h_prev = np.float64(x), np.float64(h_prev)
    return np.tanh(np.dot(x, kernel) + np.dot(h_prev, recurrent_kernel) + bias)
"""),
            ("one matmul on concat([x, h]) with stacked weights", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    xh = np.hstack([x, h_prev])
    w = np.vstack([kernel, recurrent_kernel])
    return np.tanh(xh @ w + bias)
"""),
            ("TensorFlow ops", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    z = tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel)
    return tf.tanh(tf.nn.bias_add(z, bias)).numpy()
"""),
            ("einsum", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    z = np.einsum('bd,du->bu', x, kernel) + np.einsum('bv,vu->bu', h_prev, recurrent_kernel)
    return np.tanh(z + bias[None, :])
"""),
            ("column vectors, transposed back", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    z = kernel.T @ x.T + recurrent_kernel.T @ h_prev.T + bias[:, None]
    return np.tanh(z).T
"""),
            ("Python loops over examples and units", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    import math
    batch, units = len(x), len(bias)
    out = np.zeros((batch, units))
    for b in range(batch):
        for u in range(units):
            total = bias[u]
            for k in range(len(x[b])):
                total += x[b][k] * kernel[k][u]
            for k in range(units):
                total += h_prev[b][k] * recurrent_kernel[k][u]
            out[b, u] = math.tanh(total)
    return out
"""),
        ],
    },
    "lstm_param_count": {
        "wrong": [
            ("biases forgotten", """
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + num_units)
"""),
            ("two biases per gate (PyTorch's b_ih and b_hh)", """
def lstm_param_count(input_dim, num_units):
    return 4 * (input_dim * num_units + num_units * num_units + 2 * num_units)
"""),
            ("the factor 4 for the gates forgotten", """
def lstm_param_count(input_dim, num_units):
    return (input_dim + num_units + 1) * num_units
"""),
            ("recurrent weights forgotten", """
def lstm_param_count(input_dim, num_units):
    return 4 * (input_dim * num_units + num_units)
"""),
            ("input_dim and num_units swapped", """
def lstm_param_count(input_dim, num_units):
    return 4 * input_dim * (input_dim + num_units + 1)
"""),
            ("hard-coded for the notebook's 5 x 5 example", """
def lstm_param_count(input_dim, num_units):
    return 4 * 5 * (5 + 5 + 1)
"""),
            ("one bias per unit instead of per gate and unit", """
def lstm_param_count(input_dim, num_units):
    return 4 * (input_dim + num_units) * num_units + num_units
"""),
            ("one bias per gate", """
def lstm_param_count(input_dim, num_units):
    return 4 * ((input_dim + num_units) * num_units + 1)
"""),
            ("bias sized by the input width", """
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + num_units) + 4 * input_dim
"""),
            ("recurrent kernel counted as [u, u] instead of [u, 4u]", """
def lstm_param_count(input_dim, num_units):
    kernel = input_dim * 4 * num_units
    recurrent_kernel = num_units * num_units
    bias = 4 * num_units
    return kernel + recurrent_kernel + bias
"""),
            ("three gate blocks (a GRU's count)", """
def lstm_param_count(input_dim, num_units):
    return 3 * num_units * (input_dim + num_units + 1)
"""),
            ("gates read c as well as x and h", """
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + 2 * num_units + 1)
"""),
            ("counts the initial h and c as parameters", """
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + num_units + 1) + 2 * num_units
"""),
            ("Keras layer built with the arguments swapped", """
def lstm_param_count(input_dim, num_units):
    import keras
    layer = keras.layers.LSTM(input_dim)
    layer.build((None, None, num_units))
    return layer.count_params()
"""),
            ("two mistakes: no factor 4 and no biases", """
def lstm_param_count(input_dim, num_units):
    return (input_dim + num_units) * num_units
"""),
        ],
        "right": [
            ("ask Keras", """
def lstm_param_count(input_dim, num_units):
    import keras
    layer = keras.layers.LSTM(num_units)
    layer.build((None, None, input_dim))
    return layer.count_params()
"""),
            ("sum of the three weight shapes", """
def lstm_param_count(input_dim, num_units):
    shapes = [(input_dim, 4 * num_units), (num_units, 4 * num_units), (4 * num_units,)]
    return int(sum(np.prod(shape) for shape in shapes))
"""),
            ("loop over the four gates, float result", """
def lstm_param_count(input_dim, num_units):
    total = 0.0
    for gate in ['i', 'f', 'c', 'o']:
        total += input_dim * num_units + num_units * num_units + num_units
    return total
"""),
            ("expanded polynomial, NumPy integer", """
def lstm_param_count(input_dim, num_units):
    d, u = np.int64(input_dim), np.int64(num_units)
    return 4 * u * d + 4 * u * u + 4 * u
"""),
            ("count a Keras LSTMCell's weights", """
def lstm_param_count(input_dim, num_units):
    import keras
    cell = keras.layers.LSTMCell(num_units)
    cell.build((None, input_dim))
    return sum(int(np.prod(w.shape)) for w in cell.weights)
"""),
        ],
    },
    "lstm_output_shapes": {
        "wrong": [
            ("time-major whole sequence", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (time_steps, batch_size, num_units), (batch_size, num_units), (batch_size, num_units)
"""),
            ("input width on the last axis of the sequence", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps, input_dim), (batch_size, num_units), (batch_size, num_units)
"""),
            ("states as wide as the input", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    seq = (batch_size, time_steps, num_units)
    state = (batch_size, input_dim)
    return seq, state, state
"""),
            ("states without the batch axis", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps, num_units), (num_units,), (num_units,)
"""),
            ("states keep the time axis", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    full = (batch_size, time_steps, num_units)
    return full, full, full
"""),
            ("whole sequence without the time axis", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, num_units), (batch_size, num_units), (batch_size, num_units)
"""),
            ("c counted as 4 * num_units wide (the gate width)", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps, num_units), (batch_size, num_units), (batch_size, 4 * num_units)
"""),
            ("states first, sequence last", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = (batch_size, time_steps, num_units)
    last_h = (batch_size, num_units)
    last_c = (batch_size, num_units)
    return last_h, last_c, whole_sequence
"""),
            ("hard-coded for the notebook's example", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (1, 6, 5), (1, 5), (1, 5)
"""),
            ("parameters named in the wrong order (time first)", """
def lstm_output_shapes(time_steps, batch_size, input_dim, num_units):
    return (batch_size, time_steps, num_units), (batch_size, num_units), (batch_size, num_units)
"""),
            ("sequence includes the initial state: one step too many", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps + 1, num_units), (batch_size, num_units), (batch_size, num_units)
"""),
            ("channels-first sequence", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, num_units, time_steps), (batch_size, num_units), (batch_size, num_units)
"""),
            ("h and c stacked into one state: two results", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps, num_units), (2, batch_size, num_units)
"""),
            ("asks Keras, with units and input width swapped", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    import keras
    layer = keras.layers.LSTM(input_dim, return_sequences=True, return_state=True)
    outputs = layer(np.zeros((batch_size, time_steps, num_units), np.float32))
    return tuple(tuple(o.shape) for o in outputs)
"""),
            ("two mistakes: time-major and states without batch", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (time_steps, batch_size, num_units), (num_units,), (num_units,)
"""),
        ],
        "right": [
            ("lists instead of tuples", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    state = [batch_size, num_units]
    return [[batch_size, time_steps, num_units], state, list(state)]
"""),
            ("ask Keras", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    import keras
    layer = keras.layers.LSTM(num_units, return_sequences=True, return_state=True)
    outputs = layer(np.zeros((batch_size, time_steps, input_dim), np.float32))
    return tuple(tuple(int(n) for n in o.shape) for o in outputs)
"""),
            ("shapes of NumPy arrays", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    seq = np.zeros((batch_size, time_steps, num_units))
    return seq.shape, seq[:, -1].shape, seq[:, -1, :].shape
"""),
            ("NumPy integers in the tuples", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    b, t, u = np.int64(batch_size), np.int64(time_steps), np.int64(num_units)
    return (b, t, u), (b, u), (b, u)
"""),
            ("a generator of tuples built from a dict", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    dims = dict(b=batch_size, t=time_steps, u=num_units)
    layouts = ['btu', 'bu', 'bu']
    return tuple(tuple(dims[k] for k in layout) for layout in layouts)
"""),
        ],
    },
}
