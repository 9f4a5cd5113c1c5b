"""Wrong and right answers to notebook 5's exercises, written as learners write them."""
ANSWERS = {
    "embedding_lookup": {
        "wrong": [
            ("ids shifted by one (thinks ids start at 1 but adds instead of subtracting)", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[np.asarray(ids) + 1]
"""),
            ("1-based thinking: ids - 1", """
def embedding_lookup(embeddings, ids):
    embeddings = np.asarray(embeddings)
    return embeddings[np.asarray(ids) - 1]
"""),
            ("rows of the transposed matrix (columns taken as rows)", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings).T[np.asarray(ids)]
"""),
            ("indexes the second axis: embeddings[:, ids]", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[:, np.asarray(ids)]
"""),
            ("flattens ids and never restores their shape", """
def embedding_lookup(embeddings, ids):
    flat_ids = np.asarray(ids).reshape(-1)
    return np.asarray(embeddings)[flat_ids]
"""),
            ("squeeze() after the lookup drops a batch of 1", """
def embedding_lookup(embeddings, ids):
    return np.squeeze(np.asarray(embeddings)[np.asarray(ids)])
"""),
            ("np.take without an axis picks single numbers, not rows", """
def embedding_lookup(embeddings, ids):
    return np.take(embeddings, ids)
"""),
            ("tf.gather on axis 1", """
import tensorflow as tf


def embedding_lookup(embeddings, ids):
    return tf.gather(embeddings, ids, axis=1).numpy()
"""),
            ("a fresh keras Embedding layer: its own random weights, not the given matrix", """
import keras


def embedding_lookup(embeddings, ids):
    num_classes, state_size = np.shape(embeddings)
    layer = keras.layers.Embedding(num_classes, state_size)
    return np.asarray(layer(np.asarray(ids)))
"""),
            ("one-hot product with width taken from the data (largest id + 1)", """
def embedding_lookup(embeddings, ids):
    ids = np.asarray(ids)
    one_hot = np.eye(ids.max() + 1)[ids]
    return one_hot @ np.asarray(embeddings)
"""),
            ("nested loops that assume 2-D ids", """
def embedding_lookup(embeddings, ids):
    result = []
    for row in ids:
        result.append([embeddings[k] for k in row])
    return np.array(result)
"""),
            ("ids transposed before the lookup", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[np.asarray(ids).T]
"""),
            ("flattened lookup reshaped back with ids.shape[:2] (right for 1-D and 2-D ids only)", """
def embedding_lookup(embeddings, ids):
    ids = np.asarray(ids)
    rows = np.asarray(embeddings)[ids.ravel()]
    return rows.reshape(*ids.shape[:2], -1)
"""),
            ("unique ids: each row looked up once", """
def embedding_lookup(embeddings, ids):
    return np.asarray(embeddings)[np.unique(ids)]
"""),
            ("two mistakes: transposed matrix and ids + 1", """
import tensorflow as tf


def embedding_lookup(embeddings, ids):
    return tf.nn.embedding_lookup(tf.transpose(embeddings), tf.constant(ids) + 1).numpy()
"""),
        ],
        "right": [
            ("tf.nn.embedding_lookup", """
import tensorflow as tf


def embedding_lookup(embeddings, ids):
    return tf.nn.embedding_lookup(tf.constant(embeddings), tf.constant(ids)).numpy()
"""),
            ("keras Embedding layer holding the given matrix", """
import keras


def embedding_lookup(embeddings, ids):
    embeddings = np.asarray(embeddings)
    layer = keras.layers.Embedding(*embeddings.shape)
    layer.build((None,))
    layer.set_weights([embeddings])
    return np.asarray(layer(np.asarray(ids)))
"""),
            ("loop over the flat ids into a float64 array, reshaped to ids.shape + (state_size,)", """
def embedding_lookup(embeddings, ids):
    ids = np.array(ids)
    table = np.array(embeddings, dtype=np.float64)
    rows = [table[k] for k in ids.flat]
    return np.array(rows).reshape(ids.shape + (table.shape[1],))
"""),
            ("np.take along axis 0", """
def embedding_lookup(embeddings, ids):
    return np.take(np.asarray(embeddings), np.asarray(ids), axis=0)
"""),
            ("tf.gather", """
import tensorflow as tf


def embedding_lookup(embeddings, ids):
    return tf.gather(embeddings, ids).numpy()
"""),
        ],
    },
    "one_hot_embedding": {
        "wrong": [
            ("one-hot times the transposed matrix", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0])[np.asarray(ids)]
    return one_hot @ embeddings.T
"""),
            ("one-hot width taken from state_size instead of num_classes", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[1])[np.asarray(ids)]
    return one_hot @ embeddings
"""),
            ("one-hot width from the data: ids.max() + 1", """
def one_hot_embedding(embeddings, ids):
    ids = np.asarray(ids)
    one_hot = np.eye(ids.max() + 1)[ids]
    return one_hot @ np.asarray(embeddings)
"""),
            ("tf.one_hot of ids + 1", """
import tensorflow as tf


def one_hot_embedding(embeddings, ids):
    one_hot = tf.one_hot(np.asarray(ids) + 1, depth=len(embeddings))
    return (one_hot @ tf.constant(embeddings)).numpy()
"""),
            ("one-hot of ids - 1", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(len(embeddings))[np.asarray(ids) - 1]
    return one_hot @ embeddings
"""),
            ("einsum subscripts written for [batch, time] ids only", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0])[np.asarray(ids)]
    return np.einsum('btn,ns->bts', one_hot, embeddings)
"""),
            ("flat one-hot product never reshaped to the ids' shape", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    flat = np.asarray(ids).ravel()
    one_hot = np.zeros((flat.size, embeddings.shape[0]))
    one_hot[np.arange(flat.size), flat] = 1
    return one_hot @ embeddings
"""),
            ("squeeze() of the product drops a batch of 1", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    return np.squeeze(np.eye(len(embeddings))[np.asarray(ids)] @ embeddings)
"""),
            ("integer one-hot times the matrix cast to int (truncates the embeddings)", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0], dtype=int)[np.asarray(ids)]
    return one_hot @ embeddings.astype(int)
"""),
            ("element-wise product summed over the wrong axis", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.eye(embeddings.shape[0])[np.asarray(ids)]
    return (one_hot[..., :, None] * embeddings).sum(axis=-1)
"""),
            ("one-hot vectors built along the wrong axis (axis 0)", """
import tensorflow as tf


def one_hot_embedding(embeddings, ids):
    one_hot = tf.one_hot(ids, depth=np.shape(embeddings)[0], axis=0).numpy()
    return one_hot @ np.asarray(embeddings)
"""),
            ("matrix on the left: embeddings.T @ one_hot, never moved back", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    ids = np.asarray(ids)
    one_hot = (ids[..., None] == np.arange(embeddings.shape[0])).astype(float)
    return embeddings.T @ np.moveaxis(one_hot, -1, -2)
"""),
            ("one-hot width len(ids) (the number of sequences) instead of num_classes", """
def one_hot_embedding(embeddings, ids):
    ids = np.asarray(ids)
    one_hot = np.identity(len(ids))[ids]
    return one_hot @ np.asarray(embeddings)
"""),
            ("two mistakes: width from state_size and transposed matrix", """
import tensorflow as tf


def one_hot_embedding(embeddings, ids):
    state_size = np.shape(embeddings)[1]
    return (tf.one_hot(ids, state_size) @ tf.transpose(tf.constant(embeddings))).numpy()
"""),
        ],
        "right": [
            ("tf.one_hot and tf.matmul on float32", """
import tensorflow as tf


def one_hot_embedding(embeddings, ids):
    embeddings = tf.constant(embeddings, tf.float32)
    one_hot = tf.one_hot(ids, depth=embeddings.shape[0])
    return tf.tensordot(one_hot, embeddings, axes=1).numpy()
"""),
            ("comparison with arange builds the one-hot; float64 einsum with an ellipsis", """
def one_hot_embedding(embeddings, ids):
    table = np.asarray(embeddings, dtype=np.float64)
    ids = np.asarray(ids)
    one_hot = (ids[..., np.newaxis] == np.arange(table.shape[0])).astype(np.float64)
    return np.einsum('...n,ns->...s', one_hot, table)
"""),
            ("flat one-hot filled with a loop, multiplied, reshaped back", """
def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    ids = np.asarray(ids)
    flat = ids.reshape(-1)
    one_hot = np.zeros((len(flat), embeddings.shape[0]))
    for row, k in enumerate(flat):
        one_hot[row, k] = 1.0
    return (one_hot @ embeddings).reshape(ids.shape + (embeddings.shape[1],))
"""),
            ("keras.ops.one_hot and np.dot", """
import keras


def one_hot_embedding(embeddings, ids):
    embeddings = np.asarray(embeddings)
    one_hot = np.asarray(keras.ops.one_hot(np.asarray(ids), embeddings.shape[0]))
    return np.dot(one_hot, embeddings)
"""),
        ],
    },
    "split_and_squeeze": {
        "wrong": [
            ("np.squeeze without an axis drops a batch of 1", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [np.squeeze(piece) for piece in np.split(x, x.shape[1], axis=1)]
"""),
            ("tf.squeeze without an axis, as in the tutorial", """
import tensorflow as tf


def split_and_squeeze(x):
    num_steps = x.shape[1]
    return [tf.squeeze(piece).numpy() for piece in tf.split(x, num_steps, axis=1)]
"""),
            ("split along the batch axis", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [np.squeeze(piece, axis=0) for piece in np.split(x, x.shape[0], axis=0)]
"""),
            ("list(x): iterates over the batch", """
def split_and_squeeze(x):
    return list(np.asarray(x))
"""),
            ("pieces keep the time axis of length 1", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return np.split(x, x.shape[1], axis=1)
"""),
            ("reshape to [num_steps, batch, depth] instead of a transpose", """
def split_and_squeeze(x):
    x = np.asarray(x)
    batch, num_steps, depth = x.shape
    return list(x.reshape(num_steps, batch, depth))
"""),
            ("pieces in reverse order", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [x[:, t, :] for t in reversed(range(x.shape[1]))]
"""),
            ("off by one: drops the last step", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [x[:, t, :] for t in range(x.shape[1] - 1)]
"""),
            ("number of steps hard-coded to the notebook's 3", """
def split_and_squeeze(x):
    return [np.squeeze(p, axis=1) for p in np.split(np.asarray(x), 3, axis=1)]
"""),
            ("loop length taken from the batch size", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [x[:, t] for t in range(len(x))]
"""),
            ("squeezes axis 0 (right only for a batch of 1)", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [np.squeeze(piece, axis=0) for piece in np.split(x, x.shape[1], axis=1)]
"""),
            ("squeezes the last axis (right only for depth 1)", """
import tensorflow as tf


def split_and_squeeze(x):
    return [tf.squeeze(piece, axis=-1).numpy() for piece in tf.split(x, x.shape[1], axis=1)]
"""),
            ("tf.unstack along axis 0", """
import tensorflow as tf


def split_and_squeeze(x):
    return [t.numpy() for t in tf.unstack(x, axis=0)]
"""),
            ("pieces transposed to [depth, batch]", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return list(np.transpose(x, (1, 2, 0)))
"""),
            ("list(x.T): time slices transposed and in the wrong number", """
def split_and_squeeze(x):
    return [piece for piece in np.asarray(x).T]
"""),
            ("two mistakes: split along the depth axis and squeeze without an axis", """
def split_and_squeeze(x):
    x = np.asarray(x)
    return [np.squeeze(p) for p in np.split(x, x.shape[2], axis=2)]
"""),
        ],
        "right": [
            ("tf.unstack along axis 1", """
import tensorflow as tf


def split_and_squeeze(x):
    return [t.numpy() for t in tf.unstack(tf.constant(x), axis=1)]
"""),
            ("tf.split then tf.squeeze(axis=1)", """
import tensorflow as tf


def split_and_squeeze(x):
    pieces = tf.split(x, num_or_size_splits=x.shape[1], axis=1)
    return [tf.squeeze(p, axis=[1]).numpy() for p in pieces]
"""),
            ("swap the first two axes and iterate", """
def split_and_squeeze(x):
    return list(np.swapaxes(np.asarray(x), 0, 1))
"""),
            ("slice with a list comprehension, float64 copies", """
def split_and_squeeze(x):
    x = np.asarray(x, dtype=np.float64)
    return [x[:, t, :].copy() for t in range(x.shape[1])]
"""),
            ("np.split pieces reshaped to [batch, depth]", """
def split_and_squeeze(x):
    x = np.asarray(x)
    batch, _, depth = x.shape
    return [p.reshape(batch, depth) for p in np.split(x, x.shape[1], axis=1)]
"""),
        ],
    },
    "project_to_vocab": {
        "wrong": [
            ("the bias is missing", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.asarray(hidden_states) @ softmax_w
"""),
            ("softmax applied: probabilities, not logits", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    logits = np.asarray(hidden_states) @ softmax_w + softmax_b
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
"""),
            ("tf.nn.log_softmax applied: log-probabilities, not logits", """
import tensorflow as tf


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    logits = tf.matmul(tf.constant(hidden_states), softmax_w) + softmax_b
    return tf.nn.log_softmax(logits, axis=-1).numpy()
"""),
            ("softmax_w transposed", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.asarray(hidden_states) @ np.asarray(softmax_w).T + softmax_b
"""),
            ("matrix on the left: softmax_w @ hidden_states", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return softmax_w @ np.asarray(hidden_states) + softmax_b
"""),
            ("2-D einsum only: fails on [batch, time, state_size]", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.einsum('bs,sc->bc', hidden_states, softmax_w) + softmax_b
"""),
            ("flattens to 2-D and never restores the leading shape", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    hidden_states = np.asarray(hidden_states)
    flat = hidden_states.reshape(-1, hidden_states.shape[-1])
    return flat @ softmax_w + softmax_b
"""),
            ("squeeze() drops an axis of length 1", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.squeeze(np.asarray(hidden_states) @ softmax_w + softmax_b)
"""),
            ("only the last time step is projected", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    h = np.asarray(hidden_states)
    if h.ndim == 3:
        h = h[:, -1]
    return h @ softmax_w + softmax_b
"""),
            ("bias added before the matmul", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return (np.asarray(hidden_states) + softmax_b) @ softmax_w
"""),
            ("returns the argmax ids, not the logits", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.argmax(np.asarray(hidden_states) @ softmax_w + softmax_b, axis=-1)
"""),
            ("Dense with a softmax activation", """
import keras


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    layer = keras.layers.Dense(np.shape(softmax_w)[1], activation="softmax")
    layer.build((None, np.shape(softmax_w)[0]))
    layer.set_weights([softmax_w, softmax_b])
    return np.asarray(layer(np.asarray(hidden_states)))
"""),
            ("a fresh Dense layer: its own random weights", """
import keras


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    layer = keras.layers.Dense(np.shape(softmax_w)[1])
    return np.asarray(layer(np.asarray(hidden_states, np.float32)))
"""),
            ("logits shifted by their maximum (stabilising trick copied from the sampler)", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    logits = np.asarray(hidden_states) @ softmax_w + softmax_b
    return logits - logits.max(axis=-1, keepdims=True)
"""),
            ("tanh on the hidden states again before projecting", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return np.tanh(hidden_states) @ softmax_w + softmax_b
"""),
            ("two mistakes: no bias and a softmax", """
import tensorflow as tf


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return tf.nn.softmax(tf.matmul(tf.constant(hidden_states), softmax_w)).numpy()
"""),
        ],
        "right": [
            ("keras Dense holding the weights", """
import keras


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    layer = keras.layers.Dense(np.shape(softmax_w)[1])
    layer.build((None, np.shape(softmax_w)[0]))
    layer.set_weights([np.asarray(softmax_w), np.asarray(softmax_b)])
    return np.asarray(layer(np.asarray(hidden_states)))
"""),
            ("tf.tensordot over the last axis", """
import tensorflow as tf


def project_to_vocab(hidden_states, softmax_w, softmax_b):
    return (tf.tensordot(tf.constant(hidden_states), tf.constant(softmax_w), axes=[[-1], [0]]) + softmax_b).numpy()
"""),
            ("float64 einsum with an ellipsis", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    h = np.asarray(hidden_states, dtype=np.float64)
    return np.einsum('...s,sc->...c', h, np.float64(softmax_w)) + np.float64(softmax_b)
"""),
            ("flatten, project, reshape back", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    h = np.asarray(hidden_states)
    flat = h.reshape(-1, h.shape[-1])
    logits = np.dot(flat, softmax_w) + softmax_b
    return logits.reshape(h.shape[:-1] + (logits.shape[-1],))
"""),
            ("one class at a time: a column of softmax_w per logit", """
def project_to_vocab(hidden_states, softmax_w, softmax_b):
    h = np.asarray(hidden_states)
    columns = [h @ softmax_w[:, k] + softmax_b[k] for k in range(np.shape(softmax_w)[1])]
    return np.stack(columns, axis=-1)
"""),
        ],
    },
    "make_char_batches": {
        "wrong": [
            ("chunks of seq_length instead of seq_length + 1", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // seq_length
    chunks = ids[:n * seq_length].reshape(n, seq_length)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("overlapping windows with stride 1", """
def make_char_batches(text, vocabulary, seq_length):
    ids = [vocabulary.index(ch) for ch in text]
    inputs, targets = [], []
    for start in range(len(ids) - seq_length):
        inputs.append(ids[start:start + seq_length])
        targets.append(ids[start + 1:start + seq_length + 1])
    return np.array(inputs), np.array(targets)
"""),
            ("stride seq_length: the next chunk starts at the previous chunk's last target", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = (len(ids) - 1) // seq_length
    inputs = ids[:n * seq_length].reshape(n, seq_length)
    targets = ids[1:n * seq_length + 1].reshape(n, seq_length)
    return inputs, targets
"""),
            ("targets not shifted", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, :-1]
"""),
            ("inputs and targets swapped", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, 1:], chunks[:, :-1]
"""),
            ("ids start at 1 (index + 1)", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) + 1 for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("reshape in column-major (Fortran) order", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape((n, seq_length + 1), order="F")
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("drops the leftover at the start instead of the end", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    extra = len(ids) % (seq_length + 1)
    chunks = ids[extra:].reshape(-1, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("ids[:-remainder] is empty when nothing is left over", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    remainder = len(ids) % (seq_length + 1)
    chunks = ids[:-remainder].reshape(-1, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("one chunk too few: (len - 1) // (seq_length + 1)", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    num_chunks = (len(ids) - 1) // (seq_length + 1)
    chunks = ids[:num_chunks * (seq_length + 1)].reshape(num_chunks, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("vocabulary ignored: sorted(set(text)) rebuilt inside", """
def make_char_batches(text, vocabulary, seq_length):
    chars = sorted(set(text))
    ids = np.array([chars.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("np.unique's inverse as the ids (indices into the text's own sorted characters)", """
def make_char_batches(text, vocabulary, seq_length):
    _, ids = np.unique(list(text), return_inverse=True)
    size = seq_length + 1
    n = len(ids) // size
    chunks = ids[:n * size].reshape(n, size)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("tf.data with batch(seq_length): chunks one character short", """
import tensorflow as tf


def make_char_batches(text, vocabulary, seq_length):
    ids = [vocabulary.index(ch) for ch in text]
    chunks = tf.data.Dataset.from_tensor_slices(ids).batch(seq_length, drop_remainder=True)
    inputs = [c[:-1].numpy() for c in chunks]
    targets = [c[1:].numpy() for c in chunks]
    return np.array(inputs), np.array(targets)
"""),
            ("returned transposed: [seq_length, num_chunks]", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[:n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1].T, chunks[:, 1:].T
"""),
            ("keeps the leftover as a last, shorter chunk padded with zeros", """
def make_char_batches(text, vocabulary, seq_length):
    ids = [vocabulary.index(ch) for ch in text]
    size = seq_length + 1
    chunks = []
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        chunks.append(chunk + [0] * (size - len(chunk)))
    chunks = np.array(chunks)
    return chunks[:, :-1], chunks[:, 1:]
"""),
            ("two mistakes: chunks of seq_length and targets shifted the wrong way", """
def make_char_batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // seq_length
    chunks = ids[:n * seq_length].reshape(n, seq_length)
    return chunks, np.roll(chunks, 1, axis=1)
"""),
        ],
        "right": [
            ("the tf.data recipe of the text-generation tutorial", """
import tensorflow as tf


def make_char_batches(text, vocabulary, seq_length):
    ids = [vocabulary.index(ch) for ch in text]
    sequences = tf.data.Dataset.from_tensor_slices(ids).batch(seq_length + 1, drop_remainder=True)
    inputs, targets = [], []
    for chunk in sequences:
        inputs.append(chunk[:-1].numpy())
        targets.append(chunk[1:].numpy())
    return np.stack(inputs), np.stack(targets)
"""),
            ("dictionary lookup and a loop over chunk starts", """
def make_char_batches(text, vocabulary, seq_length):
    index = {ch: k for k, ch in enumerate(vocabulary)}
    ids = [index[ch] for ch in text]
    size = seq_length + 1
    inputs, targets = [], []
    for start in range(0, len(ids) - size + 1, size):
        chunk = ids[start:start + size]
        inputs.append(chunk[:-1])
        targets.append(chunk[1:])
    return np.array(inputs, dtype=np.int64).reshape(-1, seq_length), np.array(targets, dtype=np.int64).reshape(-1, seq_length)
"""),
            ("str.find for the ids, slicing with np.arange offsets", """
def make_char_batches(text, vocabulary, seq_length):
    vocab = "".join(vocabulary)
    ids = np.array([vocab.find(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    starts = np.arange(n) * (seq_length + 1)
    offsets = np.arange(seq_length)
    return ids[starts[:, None] + offsets], ids[starts[:, None] + offsets + 1]
"""),
            ("tf.lookup-free TensorFlow: tf.reshape of the kept ids", """
import tensorflow as tf


def make_char_batches(text, vocabulary, seq_length):
    ids = tf.constant([vocabulary.index(ch) for ch in text], tf.int32)
    n = len(text) // (seq_length + 1)
    chunks = tf.reshape(ids[:n * (seq_length + 1)], [n, seq_length + 1])
    return chunks[:, :-1].numpy(), chunks[:, 1:].numpy()
"""),
        ],
    },
}
