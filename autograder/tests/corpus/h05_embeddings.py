"""Held-out wrong and right answers to notebook 5's exercises (written without reading the checks)."""
ANSWERS = {
    "embedding_lookup": {
        "wrong": [
            ("looks up rows of the transposed matrix (rows taken as features)", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings).T[np.asarray(ids)]
"""),
            ("flattens the ids: [batch, time] gives [batch*time, state_size]", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[np.asarray(ids).reshape(-1)]
"""),
            ("treats ids as 1-based positions", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[np.asarray(ids) - 1]
"""),
            ("np.take without axis indexes the flattened matrix", """
def embedding_lookup(embeddings, ids):
    return np.take(embeddings, ids)
"""),
            ("state_size hard-coded to the notebook's 16", """
def embedding_lookup(embeddings, ids):
    ids = np.asarray(ids)
    out = np.zeros(ids.shape + (16,), dtype=np.float32)
    for index in np.ndindex(ids.shape):
        out[index] = embeddings[ids[index]]
    return out
"""),
            ("nested loops that assume ids is [batch, time]", """
def embedding_lookup(embeddings, ids):
    return np.array([[embeddings[k] for k in row] for row in ids])
"""),
        ],
        "right": [
            ("np.take along axis 0", """
def embedding_lookup(embeddings, ids):
    return np.take(np.asarray(embeddings), np.asarray(ids, dtype=np.int64), axis=0)
"""),
            ("tf.gather", """
def embedding_lookup(embeddings, ids):
    import tensorflow as tf
    return tf.gather(tf.constant(embeddings), tf.constant(ids, tf.int32)).numpy()
"""),
        ],
    },
    "one_hot_embedding": {
        "wrong": [
            ("one-hot width taken from the largest id present", """
def one_hot_embedding(embeddings, ids):
    ids = np.asarray(ids)
    one_hot = np.eye(ids.max() + 1)[ids]
    return one_hot @ embeddings
"""),
            ("one-hot of width state_size times the transposed matrix", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[1])[np.asarray(ids)]
    return one_hot @ embeddings.T
"""),
            ("flattens the ids before the product", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0])[np.ravel(ids)]
    return one_hot @ embeddings
"""),
            ("one-hot columns (math convention): returns the transposed result", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    ids = np.asarray(ids)
    columns = (np.arange(embeddings.shape[0])[:, np.newaxis] == ids.reshape(1, -1)).astype(np.float32)
    return embeddings.T @ columns
"""),
            ("fills the one-hot matrix for a 1-D list of ids only", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    ids = np.asarray(ids)
    one_hot = np.zeros((len(ids), embeddings.shape[0]))
    one_hot[np.arange(len(ids)), ids] = 1
    return one_hot @ embeddings
"""),
            ("integer one-hot, so the embeddings are cast to int to match and get truncated", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0], dtype=np.int64)[np.asarray(ids)]
    return one_hot @ embeddings.astype(np.int64)
"""),
        ],
        "right": [
            ("comparison one-hot and tensordot, float64", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings, dtype=np.float64)
    ids = np.asarray(ids)
    one_hot = (ids[..., None] == np.arange(embeddings.shape[0])).astype(np.float64)
    return np.tensordot(one_hot, embeddings, axes=1)
"""),
            ("tf.one_hot and tf.tensordot", """
def one_hot_embedding(embeddings, ids):
    import tensorflow as tf
    embeddings = tf.constant(embeddings, tf.float32)
    one_hot = tf.one_hot(tf.constant(ids, tf.int32), embeddings.shape[0])
    return tf.tensordot(one_hot, embeddings, axes=1).numpy()
"""),
        ],
    },
    "split_and_squeeze": {
        "wrong": [
            ("squeezes without an axis: a batch of 1 (or depth of 1) is dropped", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [np.squeeze(piece) for piece in np.split(x, x.shape[1], axis=1)]
"""),
            ("iterates over the batch axis: one [num_steps, depth] array per sequence", """
def split_and_squeeze(x):
    return list(np.asarray(x))
"""),
            ("reshape instead of transpose to put time first", """
def split_and_squeeze(x):
    x = np.asarray(x)
    batch, num_steps, depth = x.shape
    return list(x.reshape(num_steps, batch, depth))
"""),
            ("splits but forgets to squeeze: pieces are [batch, 1, depth]", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return np.split(x, x.shape[1], axis=1)
"""),
            ("loops over the depth axis instead of the steps", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [x[:, t, :] for t in range(x.shape[2])]
"""),
            ("two mistakes: num_steps hard-coded to 10 and squeeze without an axis", """
def split_and_squeeze(x):
    num_steps = 10
    return [np.squeeze(piece) for piece in np.split(np.asarray(x), num_steps, axis=1)]
"""),
        ],
        "right": [
            ("indexing each step", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [x[:, t, :].copy() for t in range(x.shape[1])]
"""),
            ("tf.unstack along axis 1", """
def split_and_squeeze(x):
    import tensorflow as tf
    return [step.numpy() for step in tf.unstack(tf.constant(x), axis=1)]
"""),
        ],
    },
    "project_to_vocab": {
        "wrong": [
            ("returns softmax probabilities instead of logits", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    logits = np.asarray(hidden_states) @ softmax_w + softmax_b
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
"""),
            ("multiplies by softmax_w.T (PyTorch Linear layout)", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.asarray(hidden_states) @ np.asarray(softmax_w).T + softmax_b
"""),
            ("reshapes to 2-D like the TF1 tutorial and never reshapes back", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    hidden_states = np.asarray(hidden_states)
    flat = hidden_states.reshape(-1, hidden_states.shape[-1])
    return np.dot(flat, softmax_w) + softmax_b
"""),
            ("forgets the bias", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.matmul(hidden_states, softmax_w)
"""),
            ("loops over a time axis, assuming 3-D hidden states", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    hidden_states = np.asarray(hidden_states)
    steps = [hidden_states[:, t] @ softmax_w + softmax_b for t in range(hidden_states.shape[1])]
    return np.stack(steps, axis=1)
"""),
            ("applies a ReLU, as in a hidden Dense layer", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.maximum(np.asarray(hidden_states) @ softmax_w + softmax_b, 0.0)
"""),
        ],
        "right": [
            ("einsum over the last axis, float64", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    h = np.asarray(hidden_states, dtype=np.float64)
    return np.einsum('...s,sc->...c', h, np.asarray(softmax_w, dtype=np.float64)) + np.asarray(softmax_b, dtype=np.float64)
"""),
            ("tf.tensordot", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    import tensorflow as tf
    h = tf.constant(hidden_states, tf.float32)
    logits = tf.tensordot(h, tf.constant(softmax_w, tf.float32), axes=[[-1], [0]])
    return (logits + tf.constant(softmax_b, tf.float32)).numpy()
"""),
        ],
    },
    "make_char_batches": {
        "wrong": [
            ("builds its own sorted vocabulary instead of using the one given", """
def make_char_batches(text, vocabulary, seq_length):
    chars = sorted(set(text))
    ids = np.array([chars.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("shifts the whole text first, then cuts both into chunks of seq_length", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    inputs, targets = ids[:-1], ids[1:]
    n = len(inputs) // seq_length
    return (inputs[: n * seq_length].reshape(n, seq_length),
            targets[: n * seq_length].reshape(n, seq_length))
"""),
            ("drops a whole chunk when the text length is an exact multiple of seq_length + 1", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    num_chunks = (len(ids) - 1) // (seq_length + 1)
    chunks = ids[: num_chunks * (seq_length + 1)].reshape(num_chunks, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("targets made with np.roll: the last target wraps to the chunk's first character", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    inputs = chunks[:, :seq_length]
    return inputs, np.roll(inputs, -1, axis=1)
"""),
            ("chunks overlap by one character (stride seq_length)", """
def make_char_batches(text, vocabulary, seq_length):
    ids = [vocabulary.index(ch) for ch in text]
    inputs, targets = [], []
    for start in range(0, len(ids) - seq_length, seq_length):
        chunk = ids[start:start + seq_length + 1]
        inputs.append(chunk[:-1])
        targets.append(chunk[1:])
    return np.array(inputs), np.array(targets)
"""),
            ("two mistakes: ids start at 1 and the results come back as (targets, inputs)", """
def make_char_batches(text, vocabulary, seq_length):
    char_to_id = {ch: i for i, ch in enumerate(vocabulary, start=1)}
    ids = np.array([char_to_id[ch] for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, 1:], chunks[:, :-1]
"""),
        ],
        "right": [
            ("dictionary lookup and a loop building lists", """
def make_char_batches(text, vocabulary, seq_length):
    char_to_id = {ch: i for i, ch in enumerate(vocabulary)}
    ids = [char_to_id[ch] for ch in text]
    size = seq_length + 1
    inputs, targets = [], []
    for start in range(0, len(ids) - size + 1, size):
        chunk = ids[start:start + size]
        inputs.append(chunk[:-1])
        targets.append(chunk[1:])
    return (np.array(inputs, dtype=np.int64).reshape(-1, seq_length),
            np.array(targets, dtype=np.int64).reshape(-1, seq_length))
"""),
            ("the tf.data recipe of the text-generation tutorial", """
def make_char_batches(text, vocabulary, seq_length):
    import tensorflow as tf
    ids = [list(vocabulary).index(ch) for ch in text]
    dataset = tf.data.Dataset.from_tensor_slices(tf.constant(ids, tf.int64))
    dataset = dataset.batch(seq_length + 1, drop_remainder=True)
    dataset = dataset.map(lambda chunk: (chunk[:-1], chunk[1:]))
    pairs = list(dataset.as_numpy_iterator())
    inputs = np.array([p[0] for p in pairs], dtype=np.int64).reshape(-1, seq_length)
    targets = np.array([p[1] for p in pairs], dtype=np.int64).reshape(-1, seq_length)
    return inputs, targets
"""),
        ],
    },
}
