"""Wrong and right answers to notebook 6's exercises, written as learners write them."""
ANSWERS = {
    "encode": {
        "wrong": [
            ("returns (c, h)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return c, h
"""),
            ("state reset to zeros at every word: only the last word is read", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    zeros = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], zeros, zeros, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("return inside the loop: the state after the first word", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
        return h, c
"""),
            ("loops over the batch axis", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for word in words:
        h, c = lstm_step(word, h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("reads the words right to left", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in reversed(range(words.shape[1])):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("padding id 0 skipped (Keras's Embedding here has no mask_zero)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    source_ids = np.asarray(source_ids)
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        new_h, new_c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
        keep = (source_ids[:, t] != 0)[:, None]
        h = np.where(keep, new_h, h)
        c = np.where(keep, new_c, c)
    return h, c
"""),
            ("embedding rows of ids + 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    table = np.vstack([encoder["embedding"], np.zeros((1, encoder["embedding"].shape[1]))])
    words = table[np.asarray(source_ids) + 1]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("zero state sized with the embedding width instead of units", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = np.zeros_like(words[:, 0])
    c = np.zeros_like(words[:, 0])
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("gates in TF1's order i, j, f, o", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, j, f, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("step returns (c, h) but is unpacked as h, c", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return c, h


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("returns every step's h instead of the final one", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    hs = []
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
        hs.append(h)
    return np.stack(hs, axis=1), c
"""),
            ("squeeze() on the final state drops a batch of 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h.squeeze(), c.squeeze()
"""),
            ("output gate squashed with tanh", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = np.tanh(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][source_ids]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(words.shape[1]):
        h, c = lstm_step(words[:, t], h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("np.squeeze of each time slice: breaks when the embedding width is 1", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def encode(source_ids, encoder):
    words = encoder["embedding"][np.asarray(source_ids)]
    h = c = np.zeros((words.shape[0], encoder["recurrent_kernel"].shape[0]))
    for piece in np.split(words, words.shape[1], axis=1):
        h, c = lstm_step(np.squeeze(piece), h, c, encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"])
    return h, c
"""),
            ("Keras LSTM without return_state: returns (output, output)", """
import keras


def encode(source_ids, encoder):
    emb = np.asarray(encoder["embedding"])
    layer = keras.layers.LSTM(encoder["recurrent_kernel"].shape[0])
    layer.build((None, None, emb.shape[1]))
    layer.set_weights([encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"]])
    out = np.asarray(layer(emb[np.asarray(source_ids)]))
    return out, out
"""),
            ("two mistakes: reads right to left and returns (c, h)", """
import tensorflow as tf


def encode(source_ids, encoder):
    words = tf.nn.embedding_lookup(encoder["embedding"], source_ids)
    units = encoder["recurrent_kernel"].shape[0]
    h = c = tf.zeros((words.shape[0], units))
    for x in reversed(tf.unstack(words, axis=1)):
        i, f, g, o = tf.split(x @ encoder["kernel"] + h @ encoder["recurrent_kernel"] + encoder["bias"], 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
    return c.numpy(), h.numpy()
"""),
        ],
        "right": [
            ("Keras Embedding + LSTM(return_state=True) holding the weights", """
import keras


def encode(source_ids, encoder):
    vocab, dim = encoder["embedding"].shape
    embedding = keras.layers.Embedding(vocab, dim)
    embedding.build((None, None))
    embedding.set_weights([encoder["embedding"]])
    lstm = keras.layers.LSTM(encoder["recurrent_kernel"].shape[0], return_state=True)
    lstm.build((None, None, dim))
    lstm.set_weights([encoder["kernel"], encoder["recurrent_kernel"], encoder["bias"]])
    _, h, c = lstm(embedding(np.asarray(source_ids)))
    return np.asarray(h), np.asarray(c)
"""),
            ("float64 with a separate matmul per gate", """
def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    n = recurrent_kernel.shape[0]
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    pre = lambda k: x @ kernel[:, k * n:(k + 1) * n] + h @ recurrent_kernel[:, k * n:(k + 1) * n] + bias[k * n:(k + 1) * n]
    i, f, g, o = sig(pre(0)), sig(pre(1)), np.tanh(pre(2)), sig(pre(3))
    c = f * c + i * g
    return o * np.tanh(c), c


def encode(source_ids, encoder):
    weights = {k: np.asarray(v, np.float64) for k, v in encoder.items()}
    ids = np.asarray(source_ids)
    batch = ids.shape[0]
    units = weights["recurrent_kernel"].shape[0]
    h = np.zeros((batch, units))
    c = np.zeros((batch, units))
    for t in range(ids.shape[1]):
        x = weights["embedding"][ids[:, t]]
        h, c = lstm_step(x, h, c, weights["kernel"], weights["recurrent_kernel"], weights["bias"])
    return h, c
"""),
            ("TensorFlow ops: embedding_lookup, unstack, matmul", """
import tensorflow as tf


def encode(source_ids, encoder):
    words = tf.nn.embedding_lookup(tf.constant(encoder["embedding"]), tf.constant(source_ids))
    k, rk, b = (tf.constant(encoder[n]) for n in ("kernel", "recurrent_kernel", "bias"))
    h = tf.zeros((words.shape[0], rk.shape[0]))
    c = tf.zeros_like(h)
    for x in tf.unstack(words, axis=1):
        i, f, g, o = tf.split(tf.matmul(x, k) + tf.matmul(h, rk) + b, 4, axis=1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
    return h.numpy(), c.numpy()
"""),
            ("one-hot embedding, input projections for all words with einsum, list state", """
def encode(source_ids, encoder):
    ids = np.asarray(source_ids)
    emb = encoder["embedding"]
    one_hot = (ids[..., None] == np.arange(emb.shape[0])).astype(np.float32)
    projected = np.einsum('btv,ve,ek->btk', one_hot, emb, encoder["kernel"]) + encoder["bias"]
    u = encoder["recurrent_kernel"].shape[0]
    state = [np.zeros((ids.shape[0], u)), np.zeros((ids.shape[0], u))]
    for t in range(ids.shape[1]):
        z = projected[:, t] + state[0] @ encoder["recurrent_kernel"]
        i, f, g, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
        new_c = state[1] / (1 + np.exp(-f)) + np.tanh(g) / (1 + np.exp(-i))
        state = [np.tanh(new_c) / (1 + np.exp(-o)), new_c]
    return state[0], state[1]
"""),
        ],
    },
    "greedy_decode": {
        "wrong": [
            ("feeds the start token at every step instead of its own choice", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    translation = []
    for _ in range(max_length):
        x = decoder["embedding"][[start_id]]
        h, c = lstm_step(x, h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("appends before checking: the end token is included", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        translation.append(word)
        if word == end_id:
            break
    return translation
"""),
            ("the start token is part of the result", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    tokens = [start_id]
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[tokens[-1]]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        tokens.append(word)
    return tokens
"""),
            ("restarts from the encoder's state at every step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], state[0], state[1], decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("state unpacked as c, h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    c, h = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("starts from zeros, ignoring the encoder's state", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    units = decoder["recurrent_kernel"].shape[0]
    h = c = np.zeros((1, units))
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("stops one step early: range(max_length - 1)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length - 1):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("while len(translation) <= max_length: one word too many when <end> never comes", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    while len(translation) <= max_length:
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("argmax over axis 0 of the [1, vocab] scores: always id 0", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        scores = h @ decoder["softmax_w"] + decoder["softmax_b"]
        word = int(np.argmax(scores, axis=0)[0])
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("softmax_b left out of the scores", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("scores computed from c instead of h", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(c @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("scores from the h before the step (update order slip)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        scores = h @ decoder["softmax_w"] + decoder["softmax_b"]
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(scores))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("does not stop when <end> is the very first word", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if translation and word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("while word != end_id, then drops the last word (a real word when <end> never comes)", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, words = start_id, []
    while word != end_id and len(words) < max_length:
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        words.append(word)
    return words[:-1]
"""),
            ("start token hard-coded to id 0", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = 0, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("gates in TF1's order in the step", """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    i, j, f, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(j)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = state
    word, translation = start_id, []
    for _ in range(max_length):
        h, c = lstm_step(decoder["embedding"][[word]], h, c, decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"])
        word = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if word == end_id:
            break
        translation.append(word)
    return translation
"""),
            ("two mistakes: no feedback of the chosen word and the end token included", """
import tensorflow as tf


def greedy_decode(state, decoder, start_id, end_id, max_length):
    h, c = (tf.constant(s, tf.float32) for s in state)
    x = tf.nn.embedding_lookup(decoder["embedding"], [start_id])
    out = []
    for _ in range(max_length):
        i, f, g, o = tf.split(x @ decoder["kernel"] + h @ decoder["recurrent_kernel"] + decoder["bias"], 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        token = int(tf.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"], axis=-1)[0])
        out.append(token)
        if token == end_id:
            break
    return out
"""),
        ],
        "right": [
            ("Keras LSTMCell and Dense layers holding the weights, while loop", """
import keras


def greedy_decode(state, decoder, start_id, end_id, max_length):
    units = decoder["recurrent_kernel"].shape[0]
    cell = keras.layers.LSTMCell(units)
    cell.build((None, decoder["embedding"].shape[1]))
    cell.set_weights([decoder["kernel"], decoder["recurrent_kernel"], decoder["bias"]])
    dense = keras.layers.Dense(decoder["softmax_w"].shape[1])
    dense.build((None, units))
    dense.set_weights([decoder["softmax_w"], decoder["softmax_b"]])
    states = [np.float32(state[0]), np.float32(state[1])]
    token, result = start_id, []
    while len(result) < max_length:
        h, states = cell(decoder["embedding"][[token]], states)
        token = int(np.argmax(np.asarray(dense(h))[0]))
        if token == end_id:
            break
        result.append(token)
    return result
"""),
            ("float64, softmax probabilities before the argmax, 1-D embedding row", """
def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    z = np.dot(x, kernel) + np.dot(h, recurrent_kernel) + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    c = c / (1 + np.exp(-f)) + np.tanh(g) / (1 + np.exp(-i))
    h = np.tanh(c) / (1 + np.exp(-o))
    return h, c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    d = {k: np.asarray(v, np.float64) for k, v in decoder.items()}
    h, c = (np.asarray(s, np.float64) for s in state)
    token, tokens = start_id, []
    for step in range(max_length):
        h, c = lstm_step(d["embedding"][token], h, c, d["kernel"], d["recurrent_kernel"], d["bias"])
        logits = (h @ d["softmax_w"] + d["softmax_b"]).ravel()
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        token = int(probabilities.argmax())
        if token == end_id:
            return tokens
        tokens.append(token)
    return tokens
"""),
            ("TensorFlow ops throughout, tf.argmax", """
import tensorflow as tf


def greedy_decode(state, decoder, start_id, end_id, max_length):
    k, rk, b = (tf.constant(decoder[n]) for n in ("kernel", "recurrent_kernel", "bias"))
    w, wb = tf.constant(decoder["softmax_w"]), tf.constant(decoder["softmax_b"])
    h, c = (tf.constant(s, tf.float32) for s in state)
    ids = []
    previous = start_id
    for _ in range(max_length):
        x = tf.nn.embedding_lookup(decoder["embedding"], [previous])
        i, f, g, o = tf.split(tf.matmul(x, k) + tf.matmul(h, rk) + b, 4, axis=1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        previous = int(tf.argmax(tf.matmul(h, w) + wb, axis=1)[0])
        if previous == end_id:
            break
        ids.append(previous)
    return ids
"""),
            ("per-gate matmuls, state kept as a list, end removed after the loop", """
def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    u = recurrent_kernel.shape[0]
    s = lambda v: 1 / (1 + np.exp(-v))
    gate = [x @ kernel[:, k * u:(k + 1) * u] + h @ recurrent_kernel[:, k * u:(k + 1) * u] + bias[k * u:(k + 1) * u]
            for k in range(4)]
    c = s(gate[1]) * c + s(gate[0]) * np.tanh(gate[2])
    return s(gate[3]) * np.tanh(c), c


def greedy_decode(state, decoder, start_id, end_id, max_length):
    st = list(state)
    out = [start_id]
    while len(out) <= max_length and (len(out) == 1 or out[-1] != end_id):
        st = list(lstm_step(decoder["embedding"][[out[-1]]], st[0], st[1], decoder["kernel"],
                            decoder["recurrent_kernel"], decoder["bias"]))
        out.append(int(np.argmax(st[0][0] @ decoder["softmax_w"] + decoder["softmax_b"])))
    out = out[1:]
    if out and out[-1] == end_id:
        out = out[:-1]
    return out
"""),
        ],
    },
}
