"""Answers typed by made-up students, per notebook and exercise, for the grading tests.

ALTERNATIVE_ANSWERS: right, but written differently from the solutions.
WRONG_ANSWERS:       (source, words the failure message must contain).
Every exercise of every notebook appears in both (a test checks that).
"""

ALTERNATIVE_ANSWERS = {
    "01_num_units": {
        "one_hot": ("""
def one_hot(ids, depth):
    import tensorflow as tf
    return tf.one_hot(ids, depth, dtype=tf.float64)   # TensorFlow op, float64
""",),
        "simple_rnn_step": ("""
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    x, h_prev = np.float64(x), np.float64(h_prev)
    columns = []
    for unit in range(kernel.shape[1]):               # one unit at a time
        total = x @ kernel[:, unit] + h_prev @ recurrent_kernel[:, unit] + bias[unit]
        columns.append(np.tanh(total))
    return np.stack(columns, axis=1)
""",),
        "lstm_param_count": ("""
def lstm_param_count(input_dim, num_units):
    kernel = input_dim * 4 * num_units
    recurrent_kernel = num_units * 4 * num_units
    bias = 4 * num_units
    return float(kernel + recurrent_kernel + bias)
""",),
        "lstm_output_shapes": ("""
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return [[batch_size, time_steps, num_units], [batch_size, num_units], [batch_size, num_units]]
""",),
    },
    "02_fused_kernel": {
        "basic_lstm_cell_step": ("""
import tensorflow as tf


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state                                       # TensorFlow ops, four separate matmuls
    xh = tf.concat([x, h], axis=1)
    i, j, f, o = (tf.matmul(xh, w) + b for w, b in zip(tf.split(kernel, 4, axis=1), tf.split(bias, 4)))
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_h, (new_c, new_h)
""",),
        "keras_lstm_cell_step": ("""
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = (np.asarray(s, dtype=np.float64) for s in states)      # float64
    u = h.shape[1]
    z = np.float64(x) @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
    logistic = lambda v: 0.5 * (1 + np.tanh(v / 2))
    new_c = logistic(f) * c + logistic(i) * np.tanh(g)
    new_h = logistic(o) * np.tanh(new_c)
    return new_h, (new_h, new_c)
""",),
        "keras_to_fused": ("""
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    u = recurrent_kernel.shape[0]
    order = np.r_[0:u, 2 * u:3 * u, u:2 * u, 3 * u:4 * u]            # i, c, f, o column indices
    fused_bias = np.array(bias, dtype=np.float64)[order]
    fused_bias[2 * u:3 * u] -= forget_bias
    return np.vstack([kernel, recurrent_kernel])[:, order].tolist(), list(fused_bias)
""",),
    },
    "03_h_versus_c": {
        "lstm_sequence": ("""
import tensorflow as tf


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = (tf.constant(s, tf.float64) for s in initial_state)     # TensorFlow ops, float64
    outputs = []
    for x in tf.unstack(tf.constant(inputs, tf.float64), axis=1):
        z = x @ tf.constant(kernel, tf.float64) + h @ tf.constant(recurrent_kernel, tf.float64) + bias
        i, f, g, o = tf.split(z, 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        outputs.append(h)
    return tf.stack(outputs, axis=1), h, c
""",),
        "cell_state_sequence": ("""
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = [np.array(s, dtype=np.float64) for s in initial_state]
    out = np.zeros(inputs.shape[:2] + (h.shape[1],))
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
        c = c / (1 + np.exp(-f)) + np.tanh(g) / (1 + np.exp(-i))
        h = np.tanh(c) / (1 + np.exp(-o))
        out[:, t] = c
    return out
""",),
        "stacked_lstm": ("""
def stacked_lstm(inputs, layer_weights):
    def run(sequence, kernel, recurrent_kernel, bias):
        h = c = np.zeros((sequence.shape[0], recurrent_kernel.shape[0]))
        hs = []
        for t in range(sequence.shape[1]):
            i, f, g, o = np.split(sequence[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
            c = c / (1 + np.exp(-f)) + np.tanh(g) / (1 + np.exp(-i))
            h = np.tanh(c) / (1 + np.exp(-o))
            hs.append(h)
        return np.stack(hs, axis=1)
    lower, upper = layer_weights
    return run(run(np.asarray(inputs), *lower), *upper)
""",),
    },
    "04_gradients_through_time": {
        "cell_path_gradient": ("""
import tensorflow as tf


def cell_path_gradient(forget_gates):
    return tf.math.cumprod(tf.constant(forget_gates, tf.float64), axis=1)   # TensorFlow op, float64
""",),
        "lstm_step_backward": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    x, h_prev, c_prev = np.float64(x), np.float64(states[0]), np.float64(states[1])
    u = h_prev.shape[1]
    cols = [slice(k * u, (k + 1) * u) for k in range(4)]               # one gate at a time
    z = [x @ kernel[:, s] + h_prev @ recurrent_kernel[:, s] + bias[s] for s in cols]
    i, f, g, o = sigmoid(z[0]), sigmoid(z[1]), np.tanh(z[2]), sigmoid(z[3])
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2), dh_new * np.tanh(c) * o * (1 - o)]
    dx = sum(d @ kernel[:, s].T for d, s in zip(dz, cols))
    dh_prev = sum(d @ recurrent_kernel[:, s].T for d, s in zip(dz, cols))
    dkernel = np.concatenate([x.T @ d for d in dz], axis=1)
    drecurrent = np.concatenate([h_prev.T @ d for d in dz], axis=1)
    return [dx, dh_prev, dc * f, dkernel, drecurrent, np.concatenate([d.sum(axis=0) for d in dz])]
""",),
        "lstm_sequence_backward": ("""
import tensorflow as tf


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    variables = [tf.constant(np.float64(a)) for a in (inputs, *initial_state, kernel, recurrent_kernel, bias)]
    with tf.GradientTape() as tape:                                    # autodiff of my own forward pass
        tape.watch(variables)
        x, h, c, W, U, b = variables
        loss = tf.constant(0.0, tf.float64)
        for t in range(x.shape[1]):
            i, f, g, o = tf.split(x[:, t] @ W + h @ U + b, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            loss += tf.reduce_sum(h * np.float64(d_sequence[:, t]))
        loss += tf.reduce_sum(h * np.float64(dh_T)) + tf.reduce_sum(c * np.float64(dc_T))
    return tape.gradient(loss, variables)
""",),
    },
    "05_embeddings": {
        "embedding_lookup": ("""
import tensorflow as tf


def embedding_lookup(embeddings, ids):
    return tf.gather(tf.constant(embeddings, tf.float64), ids)         # TensorFlow op, float64
""",),
        "one_hot_embedding": ("""
def one_hot_embedding(embeddings, ids):
    ids = np.asarray(ids)
    rows = []
    for k in ids.reshape(-1):                                          # one one-hot row at a time
        vector = [1.0 if j == k else 0.0 for j in range(len(embeddings))]
        rows.append(np.dot(vector, embeddings))
    return np.array(rows).reshape(ids.shape + (np.shape(embeddings)[1],))
""",),
        "split_and_squeeze": ("""
def split_and_squeeze(x):
    return [x[:, t, :].tolist() for t in range(len(x[0]))]             # lists
""",),
        "project_to_vocab": ("""
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.einsum("...s,sc->...c", np.float64(hidden_states), softmax_w) + softmax_b
""",),
        "make_char_batches": ("""
def make_char_batches(text, vocabulary, seq_length):
    index = {character: k for k, character in enumerate(vocabulary)}
    inputs, targets = [], []
    for start in range(0, len(text) - seq_length, seq_length + 1):
        chunk = [index[character] for character in text[start:start + seq_length + 1]]
        if len(chunk) == seq_length + 1:
            inputs.append(chunk[:-1])
            targets.append(chunk[1:])
    return inputs, targets                                             # lists
""",),
    },
    "06_encoder_decoder": {
        "encode": ("""
import tensorflow as tf


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    z = tf.matmul(tf.cast(x, tf.float64), tf.cast(kernel, tf.float64)) + tf.matmul(
        tf.cast(h, tf.float64), tf.cast(recurrent_kernel, tf.float64)) + tf.cast(bias, tf.float64)
    i, f, g, o = tf.split(z, 4, axis=-1)                             # TensorFlow ops, float64
    c = tf.sigmoid(f) * tf.cast(c, tf.float64) + tf.sigmoid(i) * tf.tanh(g)
    return (tf.sigmoid(o) * tf.tanh(c)).numpy(), c.numpy()


def encode(source_ids, encoder):
    words = tf.nn.embedding_lookup(encoder["embedding"], source_ids).numpy()
    h = c = np.zeros((len(words), encoder["bias"].shape[0] // 4))
    for x in np.swapaxes(words, 0, 1):                               # time-major loop
        h, c = lstm_step(x, h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return [h, c]                                                    # a list works too
""",),
        "greedy_decode": ("""
def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    chosen = [start_id]
    while len(chosen) <= max_length:
        h, c = lstm_step(decoder["embedding"][chosen[-1]][None, :], h, c,
                         decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        scores = (np.asarray(h) @ decoder["softmax_w"] + decoder["softmax_b"]).ravel()
        if scores.argmax() == end_id:
            break
        chosen.append(int(scores.argmax()))
    return np.array(chosen[1:])                                      # an array works too
""",),
    },
}

WRONG_ANSWERS = {
    "01_num_units": {
        "one_hot": ("""
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(depth + 1)[ids + 1][..., :depth]    # ids counted from 1
""", "one place too far right"),
        "simple_rnn_step": ("""
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return 1 / (1 + np.exp(-(x @ kernel + h_prev @ recurrent_kernel + bias)))
""", "looks like sigmoid"),
        "lstm_param_count": ("""
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + num_units + 2)  # PyTorch's two biases
""", "PyTorch"),
        "lstm_output_shapes": ("""
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (time_steps, batch_size, num_units), (batch_size, num_units), (batch_size, num_units)
""", "batch comes first"),
    },
    "02_fused_kernel": {
        "basic_lstm_cell_step": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def basic_lstm_cell_step(x, state, kernel, bias, forget_bias=1.0):
    c, h = state
    i, j, f, o = np.split(np.concatenate([x, h], axis=1) @ kernel + bias, 4, axis=1)
    new_c = c * sigmoid(f) + sigmoid(i) * np.tanh(j)                 # forget_bias forgotten
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)
""", "was not added to the forget gate"),
        "keras_lstm_cell_step": ("""
def keras_lstm_cell_step(x, states, kernel, recurrent_kernel, bias):
    h, c = states
    i, j, f, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)   # TF1's order
    new_c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
    new_h = sigmoid(o) * np.tanh(new_c)
    return new_h, [new_h, new_c]
""", "split in TF1's order"),
        "keras_to_fused": ("""
def keras_to_fused(kernel, recurrent_kernel, bias, forget_bias=1.0):
    i, f, c, o = np.split(np.concatenate([kernel, recurrent_kernel]), 4, axis=1)
    b_i, b_f, b_c, b_o = np.split(bias, 4)
    return np.concatenate([i, c, f, o], axis=1), np.concatenate([b_i, b_c, b_f, b_o])   # forget_bias kept in
""", "subtract it from the f block"),
    },
    "03_h_versus_c": {
        "lstm_sequence": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    outputs = []
    for t in range(inputs.shape[1]):
        h, c = initial_state                                          # reset at every step
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c
""", "reset at every step"),
        "cell_state_sequence": ("""
def cell_state_sequence(inputs, initial_state, kernel, recurrent_kernel, bias):
    h, c = initial_state
    hs = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)                                                  # h where c was asked for
    return np.stack(hs, axis=1)
""", "these are the h_t"),
        "stacked_lstm": ("""
def stacked_lstm(inputs, layer_weights):
    def run(sequence, kernel, recurrent_kernel, bias):
        h = c = np.zeros((sequence.shape[0], recurrent_kernel.shape[0]))
        hs, cs = [], []
        for t in range(sequence.shape[1]):
            i, f, g, o = np.split(sequence[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs.append(h)
            cs.append(c)
        return np.stack(hs, axis=1), np.stack(cs, axis=1)
    lower, upper = layer_weights
    _, lower_c = run(inputs, *lower)
    return run(lower_c, *upper)[0]                                    # reads c, not h
""", "read the lower layer's c sequence"),
    },
    "04_gradients_through_time": {
        "cell_path_gradient": ("""
def cell_path_gradient(forget_gates):
    return np.prod(forget_gates, axis=1)                              # only the last step
""", "running product for every step"),
        "lstm_step_backward": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_backward(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
    h_prev, c_prev = states
    i, f, g, o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=1)
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    c = f * c_prev + i * g
    dc = dc_new + dh_new * o * (1 - np.tanh(c) ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
                         dh_new * np.tanh(c) * o * (1 - o)], axis=1)
    return dz @ kernel.T, dz @ recurrent_kernel.T, dc, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)   # dc_prev: no f
""", "missing the forget gate"),
        "lstm_sequence_backward": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_sequence_backward(inputs, initial_state, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T):
    h, c = initial_state
    cache = []
    for t in range(inputs.shape[1]):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        cache.append((inputs[:, t], h, c, i, f, g, o))
        c = f * c + i * g
        h = o * np.tanh(c)
    dh, dc = dh_T, dc_T
    d_inputs = np.zeros_like(inputs)
    for t in reversed(range(inputs.shape[1])):
        x, h_prev, c_prev, i, f, g, o = cache[t]
        c = f * c_prev + i * g
        dh = dh + d_sequence[:, t]
        dc = dc + dh * o * (1 - np.tanh(c) ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
                             dh * np.tanh(c) * o * (1 - o)], axis=1)
        d_inputs[:, t] = dz @ kernel.T
        dkernel, drecurrent, dbias = x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)   # overwritten at every step
        dh, dc = dz @ recurrent_kernel.T, dc * f
    return d_inputs, dh, dc, dkernel, drecurrent, dbias
""", "first step only"),
    },
    "05_embeddings": {
        "embedding_lookup": ("""
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings).T[np.asarray(ids)]                   # columns, not rows
""", "transposed"),
        "one_hot_embedding": ("""
def one_hot_embedding(embeddings, ids):
    return np.eye(len(embeddings))[(np.asarray(ids) + 1) % len(embeddings)] @ embeddings   # ids from 1
""", "next id's"),
        "split_and_squeeze": ("""
def split_and_squeeze(x):
    return [np.squeeze(piece) for piece in np.split(x, x.shape[1], axis=1)]   # squeeze without an axis
""", "batch axis was squeezed away"),
        "project_to_vocab": ("""
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return hidden_states @ softmax_w                                    # no bias
""", "bias softmax_b is missing"),
        "make_char_batches": ("""
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(c) for c in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, :-1]                               # targets not shifted
""", "not shifted"),
    },
    "06_encoder_decoder": {
        "encode": ("""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return c, h                                                      # TF1's order, not Keras's
""", "encode returned (c, h)"),
        "greedy_decode": ("""
def greedy_decode(state, decoder, start_id, end_id, max_length):
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = state                                                 # back to the encoder's state each step
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
""", "reset to the encoder's at every step"),
    },
}
