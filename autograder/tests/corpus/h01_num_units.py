"""Held-out wrong and right answers to notebook 1's exercises (written without reading the checks)."""
ANSWERS = {
    "one_hot": {
        "wrong": [
            ("depth hard-coded to the notebook's 5 letters", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(5, dtype=np.float32)[ids]
"""),
            ("flattens the ids: [batch, time] ids give [batch*time, depth]", """
def one_hot(ids, depth):
    flat_ids = np.asarray(ids).ravel()
    return np.eye(depth, dtype=np.float32)[flat_ids]
"""),
            ("width taken from the letters present (hihell has 4) instead of depth", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    width = len(set(ids.ravel().tolist()))
    return np.eye(width, dtype=np.float32)[ids]
"""),
            ("stacks the one-hot axis first: shape (depth,) + ids.shape", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.stack([(ids == k) for k in range(depth)]).astype(np.float32)
"""),
            ("uses ids.shape without np.asarray, so a Python list fails", """
def one_hot(ids, depth):
    out = np.zeros(ids.shape + (depth,), dtype=np.float32)
    for index in np.ndindex(ids.shape):
        out[index + (ids[index],)] = 1.0
    return out
"""),
            ("only handles a 1-D list of ids (fancy index with arange(len(ids)))", """
def one_hot(ids, depth):
    ids = np.asarray(ids)
    result = np.zeros((len(ids), depth), dtype=np.float32)
    result[np.arange(len(ids)), ids] = 1.0
    return result
"""),
        ],
        "right": [
            ("rows of a float64 identity matrix", """
def one_hot(ids, depth):
    return np.eye(depth)[np.asarray(ids, dtype=np.int64)]
"""),
            ("explicit loop over the flattened ids, reshaped back", """
def one_hot(ids, depth):
    shape = np.shape(ids)
    flat = np.asarray(ids).reshape(-1)
    out = np.zeros((flat.size, depth), dtype=np.float32)
    for n, k in enumerate(flat):
        out[n, int(k)] = 1.0
    return out.reshape(tuple(shape) + (depth,))
"""),
        ],
    },
    "simple_rnn_step": {
        "wrong": [
            ("kernel and recurrent_kernel swapped (works only when input_dim == num_units)", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ recurrent_kernel + h_prev @ kernel + bias)
"""),
            ("multiplies h by the transpose of U (U @ h.T)", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    recurrent = (recurrent_kernel @ h_prev.T).T
    return np.tanh(x @ kernel + recurrent + bias)
"""),
            ("sigmoid instead of tanh", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    return 1 / (1 + np.exp(-z))
"""),
            ("bias added twice, once per matmul (PyTorch habit)", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    input_part = x @ kernel + bias
    recurrent_part = h_prev @ recurrent_kernel + bias
    return np.tanh(input_part + recurrent_part)
"""),
            ("forgets the previous state h_prev", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(np.dot(x, kernel) + bias)
"""),
            ("two mistakes: tanh applied to each term separately and bias added outside", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel) + np.tanh(h_prev @ recurrent_kernel) + bias
"""),
        ],
        "right": [
            ("float64 einsum", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    x = np.asarray(x, dtype=np.float64)
    h_prev = np.asarray(h_prev, dtype=np.float64)
    z = np.einsum('bd,du->bu', x, kernel) + np.einsum('bu,uv->bv', h_prev, recurrent_kernel)
    return np.tanh(z + np.asarray(bias, dtype=np.float64))
"""),
            ("TensorFlow ops, converted back to NumPy", """
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    import tensorflow as tf
    x = tf.constant(x, tf.float32)
    h_prev = tf.constant(h_prev, tf.float32)
    z = tf.matmul(x, tf.constant(kernel, tf.float32)) + tf.matmul(h_prev, tf.constant(recurrent_kernel, tf.float32))
    return tf.tanh(z + tf.constant(bias, tf.float32)).numpy()
"""),
        ],
    },
    "lstm_param_count": {
        "wrong": [
            ("forgets the biases", """
def lstm_param_count(input_dim, num_units):
    return 4 * (input_dim + num_units) * num_units
"""),
            ("two biases per gate, as PyTorch stores them", """
def lstm_param_count(input_dim, num_units):
    return 4 * ((input_dim + num_units) * num_units + 2 * num_units)
"""),
            ("three gate blocks (GRU count)", """
def lstm_param_count(input_dim, num_units):
    return 3 * num_units * (input_dim + num_units + 1)
"""),
            ("input_dim and num_units swapped (right only when they are equal)", """
def lstm_param_count(input_dim, num_units):
    return 4 * input_dim * (num_units + input_dim + 1)
"""),
            ("recurrent kernel counted once as [num_units, num_units]", """
def lstm_param_count(input_dim, num_units):
    kernel = input_dim * 4 * num_units
    recurrent_kernel = num_units * num_units
    bias = 4 * num_units
    return kernel + recurrent_kernel + bias
"""),
            ("one bias per gate instead of one per unit per gate", """
def lstm_param_count(input_dim, num_units):
    return 4 * (input_dim * num_units + num_units * num_units + 1)
"""),
        ],
        "right": [
            ("sum of the three weight shapes", """
def lstm_param_count(input_dim, num_units):
    shapes = [(input_dim, 4 * num_units), (num_units, 4 * num_units), (4 * num_units,)]
    return int(sum(np.prod(shape) for shape in shapes))
"""),
            ("loop over the four gates", """
def lstm_param_count(input_dim, num_units):
    total = 0
    for gate in ['input', 'forget', 'candidate', 'output']:
        total += input_dim * num_units
        total += num_units * num_units
        total += num_units
    return total
"""),
        ],
    },
    "lstm_output_shapes": {
        "wrong": [
            ("whole sequence has input_dim features instead of num_units", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (batch_size, time_steps, input_dim), (batch_size, num_units), (batch_size, num_units)
"""),
            ("whole sequence time-major (TF1 default)", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = (time_steps, batch_size, num_units)
    last_h = (batch_size, num_units)
    last_c = (batch_size, num_units)
    return whole_sequence, last_h, last_c
"""),
            ("last h given a time axis, like the whole sequence", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = (batch_size, time_steps, num_units)
    last_h = (batch_size, time_steps, num_units)
    last_c = (batch_size, num_units)
    return whole_sequence, last_h, last_c
"""),
            ("last c as TF1's concatenated state [c, h] (state_is_tuple=False)", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = (batch_size, time_steps, num_units)
    last_h = (batch_size, num_units)
    last_c = (batch_size, 2 * num_units)
    return whole_sequence, last_h, last_c
"""),
            ("no batch axis anywhere", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (time_steps, num_units), (num_units,), (num_units,)
"""),
            ("two mistakes: time-major sequence and input_dim for the state widths", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = (time_steps, batch_size, num_units)
    last_h = (batch_size, input_dim)
    last_c = (batch_size, input_dim)
    return whole_sequence, last_h, last_c
"""),
        ],
        "right": [
            ("shapes read off NumPy arrays of the right sizes", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    whole_sequence = np.zeros((batch_size, time_steps, num_units))
    last_h = whole_sequence[:, -1]
    last_c = np.zeros_like(last_h)
    return whole_sequence.shape, last_h.shape, last_c.shape
"""),
            ("built as lists, converted to tuples of ints", """
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    state = [int(batch_size), int(num_units)]
    sequence = [int(batch_size), int(time_steps), int(num_units)]
    return tuple(sequence), tuple(state), tuple(list(state))
"""),
        ],
    },
}
