"""Held-out wrong and right answers to notebook 6's exercises (written without reading the checks)."""
ANSWERS = {
    "encode": {
        "wrong": [
            ("skips padding ids (0), which the Keras encoder reads", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    source_ids = np.asarray(source_ids)
    units = encoder["recurrent_kernel"].shape[0]
    h = np.zeros((source_ids.shape[0], units))
    c = np.zeros((source_ids.shape[0], units))
    for t in range(source_ids.shape[1]):
        x = encoder["embedding"][source_ids[:, t]]
        new_h, new_c = lstm_step(x, h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
        keep = (source_ids[:, t] != 0)[:, None]
        h = np.where(keep, new_h, h)
        c = np.where(keep, new_c, c)
    return h, c
"""),
            ("reads the source sentence backwards (the seq2seq paper's trick)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)[:, ::-1]]
    units = encoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((words.shape[0], units))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("returns (c, h), TF1's order", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)]
    units = encoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((words.shape[0], units))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return c, h
"""),
            ("loops over the batch axis instead of the words", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    source_ids = np.asarray(source_ids)
    units = encoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((source_ids.shape[0], units))
    for t in range(source_ids.shape[0]):
        x = encoder["embedding"][source_ids[t]]
        h, c = lstm_step(x, h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("TF1 gate order i, j, f, o in lstm_step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, j, f, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)]
    units = encoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((words.shape[0], units))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("returns the last h twice: (whole_sequence[:, -1], h)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)]
    units = encoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((words.shape[0], units))
    outputs = []
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
        outputs.append(h)
    whole_sequence = np.stack(outputs, axis=1)
    return whole_sequence[:, -1], h
"""),
        ],
        "right": [
            ("float64, loop over the time-major view of the embedded words", """
def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    u = h.shape[-1]
    z = x @ kernel + h @ recurrent_kernel + bias
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    c = sig(z[:, u:2 * u]) * c + sig(z[:, :u]) * np.tanh(z[:, 2 * u:3 * u])
    h = sig(z[:, 3 * u:]) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    emb = np.asarray(encoder["embedding"], dtype=np.float64)
    words = np.take(emb, np.asarray(source_ids), axis=0)
    u = np.shape(encoder["recurrent_kernel"])[0]
    h = np.zeros((words.shape[0], u))
    c = np.zeros((words.shape[0], u))
    for x in np.moveaxis(words, 1, 0):
        h, c = lstm_step(x, h, c, np.asarray(encoder["kernel"], dtype=np.float64),
                         np.asarray(encoder["recurrent_kernel"], dtype=np.float64),
                         np.asarray(encoder["bias"], dtype=np.float64))
    return h, c
"""),
            ("one-hot embedding and TensorFlow ops in the step", """
import tensorflow as tf


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    z = tf.matmul(x, kernel) + tf.matmul(h, recurrent_kernel) + bias
    i, f, g, o = tf.split(z, 4, axis=-1)
    c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    h = tf.sigmoid(o) * tf.tanh(c)
    return h, c


def encode(source_ids, encoder):
    emb = tf.constant(encoder["embedding"], tf.float32)
    kernel = tf.constant(encoder["kernel"], tf.float32)
    recurrent_kernel = tf.constant(encoder["recurrent_kernel"], tf.float32)
    bias = tf.constant(encoder["bias"], tf.float32)
    ids = np.asarray(source_ids)
    h = c = tf.zeros((ids.shape[0], recurrent_kernel.shape[0]))
    for t in range(ids.shape[1]):
        x = tf.matmul(tf.one_hot(ids[:, t], emb.shape[0]), emb)
        h, c = lstm_step(x, h, c, kernel, recurrent_kernel, bias)
    return h.numpy(), c.numpy()
"""),
        ],
    },
    "greedy_decode": {
        "wrong": [
            ("keeps the <end> token in the translation", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word = start_id
    result = []
    for _ in range(max_length):
        x = decoder["embedding"][[word]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        result.append(word)
        if word == end_id:
            break
    return result
"""),
            ("feeds <start> at every step instead of its own previous word", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    x = decoder["embedding"][[start_id]]
    result = []
    for _ in range(max_length):
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        result.append(word)
    return result
"""),
            ("restarts every step from the encoder's state", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    word = start_id
    result = []
    for _ in range(max_length):
        h, c = state
        x = decoder["embedding"][[word]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        result.append(word)
    return result
"""),
            ("<start> and <end> ids hard-coded to 1 and 2", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word = 1
    result = []
    while len(result) < max_length:
        x = decoder["embedding"][[word]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == 2:
            break
        result.append(word)
    return result
"""),
            ("off by one: at most max_length - 1 words", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    translation = [start_id]
    while len(translation) < max_length:
        x = decoder["embedding"][[translation[-1]]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation[1:]
"""),
            ("two mistakes: state unpacked as (c, h), and <end> filtered out instead of stopping", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    c, h = state
    word = start_id
    words = []
    for _ in range(max_length):
        x = decoder["embedding"][[word]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word != end_id:
            words.append(word)
    return words
"""),
        ],
        "right": [
            ("while loop, float64, argmax of the softmax (same order as the scores)", """
def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    u = h.shape[-1]
    z = x @ kernel + h @ recurrent_kernel + bias
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    c = sig(z[:, u:2 * u]) * c + sig(z[:, :u]) * np.tanh(z[:, 2 * u:3 * u])
    h = sig(z[:, 3 * u:]) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h = np.asarray(state[0], dtype=np.float64)
    c = np.asarray(state[1], dtype=np.float64)
    w = {k: np.asarray(v, dtype=np.float64) for k, v in decoder.items()}
    previous = start_id
    out = []
    while len(out) < max_length:
        x = w["embedding"][previous][np.newaxis, :]
        h, c = lstm_step(x, h, c, w["kernel"], w["recurrent_kernel"], w["bias"])
        scores = h[0] @ w["softmax_w"] + w["softmax_b"]
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        previous = int(np.argmax(probs))
        if previous == end_id:
            break
        out.append(previous)
    return out
"""),
            ("one-hot input, flattened argmax, returns early", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    vocab_size = decoder["embedding"].shape[0]
    token = start_id
    ids = []
    for step in range(max_length):
        one_hot = np.zeros((1, vocab_size), dtype=np.float32)
        one_hot[0, token] = 1.0
        h, c = lstm_step(one_hot @ decoder["embedding"], h, c,
                         decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        token = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if token == end_id:
            return ids
        ids.append(token)
    return ids
"""),
        ],
    },
}
