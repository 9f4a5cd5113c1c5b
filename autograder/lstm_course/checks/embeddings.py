"""Checks of notebook 5, inputs and outputs: embedding_lookup, one_hot_embedding, split_and_squeeze, make_char_batches, project_to_vocab."""
import numpy as np

from .compare import call_learner, compare, fail, pair, passed, visible_cases


def _ids(rng, num_classes, ids_shape, max_id=None):
    """Random ids; the largest allowed one (num_classes - 1, or max_id to leave the top rows unused,
    which exposes a width taken from the data) always occurs."""
    top = num_classes - 1 if max_id is None else max_id
    ids = rng.integers(0, top + 1, size=ids_shape)
    ids.flat[0] = top
    return ids


@visible_cases(dict(num_classes=6, state_size=4, ids_shape=(2, 3), seed=0),
               dict(num_classes=7, state_size=3, ids_shape=(2, 2, 3), seed=4, max_id=4),  # 3 axes, top rows unused
               dict(num_classes=5, state_size=5, ids_shape=(1, 4), seed=1, as_list=True),  # square, a batch of 1
               dict(num_classes=9, state_size=2, ids_shape=(3, 3), seed=2),               # batch = time steps
               dict(num_classes=4, state_size=7, ids_shape=(5,), seed=3))
def check_embedding_lookup(embedding_lookup, num_classes=6, state_size=4, ids_shape=(2, 3), seed=0, as_list=False,
                           max_id=None):
    """embedding_lookup(embeddings, ids) against tf.nn.embedding_lookup and keras.layers.Embedding."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    embeddings = rng.normal(size=(num_classes, state_size)).astype(np.float32)
    ids = _ids(rng, num_classes, ids_shape, max_id)
    want = tf.nn.embedding_lookup(embeddings, ids).numpy()
    layer = keras.layers.Embedding(num_classes, state_size)
    layer.build(ids_shape)
    layer.set_weights([embeddings])
    assert np.allclose(np.asarray(layer(ids)), want)  # the two TensorFlow references agree

    given = ids.tolist() if as_list else ids.copy()
    got = call_learner(embedding_lookup, embeddings.copy(), given,
                hint="embeddings is [num_classes, embedding_dim]: one row per id. An index out of range "
                     "usually means the matrix was used transposed (its embedding_dim columns taken as rows)")
    off_up = np.vstack([embeddings, np.zeros((1, state_size))])[np.minimum(ids + 1, num_classes)]
    off_down = np.vstack([np.zeros((1, state_size)), embeddings])[ids]
    next_row = "every row is the next id's: ids start at 0, row k belongs to id k"
    previous_row = "every row is the previous id's: ids start at 0, row k belongs to id k"
    mistakes = [(off_up, next_row), (embeddings[(ids + 1) % num_classes], next_row),
                (off_down, previous_row), (embeddings[ids - 1], previous_row)]  # ids - 1 wraps to the last row
    if num_classes == state_size:
        mistakes.append((embeddings.T[ids], "the embedding matrix was transposed: take rows, not columns"))
    compare(got, want, "embedding_lookup", mistakes, probe=lambda: which_rows(got, embeddings, ids), shape_hints=[
        (tuple(ids_shape) + (num_classes,), "the last axis is embedding_dim: embeddings has one ROW per id "
                                            "(shape [num_classes, embedding_dim]); the matrix looks transposed"),
        ((ids.size, state_size), "keep the shape of ids: [batch, time] ids give [batch, time, embedding_dim]")])
    passed(f"embedding_lookup matches tf.nn.embedding_lookup and keras Embedding ({num_classes} classes, "
        f"embedding width {state_size}, ids of shape {tuple(ids_shape)})")


@visible_cases(dict(num_classes=6, state_size=4, ids_shape=(2, 3), seed=0),
               dict(num_classes=7, state_size=3, ids_shape=(2, 2, 3), seed=4, max_id=4),  # 3 axes, top rows unused
               dict(num_classes=5, state_size=5, ids_shape=(1, 6), seed=1),   # square, a batch of 1
               dict(num_classes=8, state_size=3, ids_shape=(4, 4), seed=2))   # batch = time steps
def check_one_hot_embedding(one_hot_embedding, num_classes=6, state_size=4, ids_shape=(2, 3), seed=0, max_id=None):
    """one_hot_embedding(embeddings, ids) = one_hot(ids) @ embeddings, against tf.nn.embedding_lookup."""
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    embeddings = rng.normal(size=(num_classes, state_size)).astype(np.float32)
    ids = _ids(rng, num_classes, ids_shape, max_id)
    want = tf.nn.embedding_lookup(embeddings, ids).numpy()
    got = call_learner(one_hot_embedding, embeddings.copy(), ids.copy(),
                hint="one_hot(ids) is [..., num_classes]; multiplying it by embeddings "
                     "[num_classes, embedding_dim] gives [..., embedding_dim]")
    next_row = "every row is the next id's: the one-hot position of id k is k"
    previous_row = "every row is the previous id's: the one-hot position of id k is k"
    mistakes = [(tf.one_hot(ids + 1, num_classes).numpy() @ embeddings, next_row),
                (embeddings[(ids + 1) % num_classes], next_row),
                (tf.one_hot(ids - 1, num_classes).numpy() @ embeddings, previous_row),
                (embeddings[ids - 1], previous_row)]
    if num_classes == state_size:
        mistakes.append((tf.one_hot(ids, num_classes).numpy() @ embeddings.T,
                         "the embedding matrix was transposed: one_hot(ids) @ embeddings"))
    compare(got, want, "one_hot_embedding", mistakes, probe=lambda: which_rows(got, embeddings, ids),
            axes=tuple(f"ids axis {k}" for k in range(len(ids_shape))) + ("embedding_dim",))
    passed(f"one_hot_embedding equals tf.nn.embedding_lookup ({num_classes} classes, embedding width {state_size})")


@visible_cases(dict(batch=2, num_steps=3, depth=4, seed=0),
               dict(batch=1, num_steps=5, depth=3, seed=1),   # a batch of 1
               dict(batch=3, num_steps=3, depth=3, seed=2),   # batch = num_steps = depth
               dict(batch=4, num_steps=4, depth=1, seed=3),   # depth 1
               dict(batch=2, num_steps=1, depth=2, seed=4))   # one step
def check_split_and_squeeze(split_and_squeeze, batch=2, num_steps=3, depth=4, seed=0):
    """split_and_squeeze(x) against [tf.squeeze(t, axis=1) for t in tf.split(x, num_steps, axis=1)]
    and tf.unstack(x, axis=1)."""
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, num_steps, depth)).astype(np.float32)
    want = [t.numpy() for t in (tf.squeeze(part, axis=1) for part in tf.split(x, num_steps, axis=1))]
    assert all(np.array_equal(a, b.numpy()) for a, b in zip(want, tf.unstack(x, axis=1)))
    got = call_learner(split_and_squeeze, x.copy(), hint="split along axis 1 (time) into num_steps pieces")
    try:
        got = list(got)
    except TypeError:
        fail("split_and_squeeze should return a list of num_steps arrays")
    if len(got) != num_steps:
        hint = (" It looks split along the batch axis (axis 0); split along axis 1, time."
                if len(got) == batch else "")
        fail(f"split_and_squeeze returned {len(got)} pieces for {num_steps} time steps.{hint}")
    for t, (piece, wanted) in enumerate(zip(got, want)):
        compare(piece, wanted, f"piece {t} of split_and_squeeze", [], axes=("batch", "depth"),
                probe=lambda: _which_step(piece, x, t), shape_hints=[
            ((batch, 1, depth), "each piece still has the time axis of length 1: squeeze axis 1"),
            ((depth,), "the batch axis was squeezed away: with a batch of 1, squeeze(x) drops every "
                       "axis of length 1; squeeze only axis 1"),
            ((batch,), "an axis of length 1 was squeezed away too: squeeze only axis 1"),
            ((), "every axis of length 1 was squeezed away: squeeze only axis 1")])
    passed(f"split_and_squeeze matches tf.split + tf.squeeze(axis=1) and tf.unstack (batch {batch}, "
        f"{num_steps} steps, depth {depth})")


def fresh_text(rng, case):
    """A case of make_char_batches that no notebook has seen: new text of the same kind (a seq_length of 1
    stays 1; a text that is a whole number of chunks stays one; a vocabulary in another order gets one)."""
    seq_length = 1 if case["seq_length"] == 1 else rng.randrange(2, 7)
    chunks = rng.randrange(2, 6)
    extra = 0 if len(case["text"]) % (case["seq_length"] + 1) == 0 else rng.randrange(1, seq_length + 1)
    letters = rng.sample("abcdefghijklmnopqrstuvwxyz ,.", rng.randrange(3, 12))
    text = "".join(rng.choice(letters) for _ in range(chunks * (seq_length + 1) + extra))
    vocabulary = None
    if case.get("vocabulary") is not None:
        vocabulary = sorted(set(text) | set(rng.sample("abcdefghijklmnopqrstuvwxyz", 5)))
        rng.shuffle(vocabulary)
    return dict(text=text, seq_length=seq_length, vocabulary=vocabulary)


@visible_cases(dict(text="hello world, hello lstm", seq_length=4),
               dict(text="abcabcabcab", seq_length=1),
               dict(text="the cell state c", seq_length=3),
               dict(text="abcdefghij", seq_length=4),   # exactly two chunks of 5
               dict(text="state and cell", seq_length=2, vocabulary=list(" zyxwvutsrqponmlkjihgfedcba")),
               fresh=fresh_text)
def check_make_char_batches(make_char_batches, text="hello world, hello lstm", seq_length=4, vocabulary=None):
    """make_char_batches(text, vocabulary, seq_length) against the tf.data recipe of TensorFlow's text
    generation tutorial: chunks of seq_length + 1 ids, inputs = chunk[:-1], targets = chunk[1:]."""
    import tensorflow as tf

    vocabulary = sorted(set(text)) if vocabulary is None else list(vocabulary)  # ids are indices into it
    ids = [vocabulary.index(ch) for ch in text]
    chunks = tf.data.Dataset.from_tensor_slices(ids).batch(seq_length + 1, drop_remainder=True)
    pairs = [(c[:-1].numpy(), c[1:].numpy()) for c in chunks]
    want_inputs = np.stack([p[0] for p in pairs])
    want_targets = np.stack([p[1] for p in pairs])
    result = call_learner(make_char_batches, text, list(vocabulary), seq_length)
    got_inputs, got_targets = pair(result, "make_char_batches", "(inputs, targets)")
    compare(got_inputs, want_inputs, "inputs", [(want_targets, "inputs and targets look swapped")],
            axes=("chunk", "position in the chunk"), probe=lambda: _which_characters(got_inputs, ids, seq_length),
             shape_hints=[((len(ids) // seq_length, seq_length), "cut the ids into chunks of seq_length + 1: "
                           "each chunk gives seq_length inputs and the seq_length targets shifted by one")])
    compare(got_targets, want_targets, "targets", [
        (want_inputs, "the targets are not shifted: the target at step t is the character at t + 1"),
        (np.roll(want_inputs, 1, axis=1), "the targets are shifted the wrong way: the target is the NEXT character")],
        axes=("chunk", "position in the chunk"), probe=lambda: _which_characters(got_targets, ids, seq_length, 1))
    passed(f"make_char_batches matches tf.data's batch(seq_length + 1) recipe ({len(want_inputs)} sequences of "
        f"{seq_length})")


@visible_cases(dict(state_size=4, num_classes=6, leading_shape=(2, 3), seed=0),
               dict(state_size=5, num_classes=5, leading_shape=(1,), seed=1),     # square, a batch of 1
               dict(state_size=3, num_classes=7, leading_shape=(4, 1), seed=2),
               dict(state_size=4, num_classes=4, leading_shape=(3, 3), seed=3))   # square, batch = time steps
def check_project_to_vocab(project_to_vocab, state_size=4, num_classes=6, leading_shape=(2, 3), seed=0):
    """project_to_vocab(hidden_states, softmax_w, softmax_b) -> logits, against keras.layers.Dense."""
    import keras

    rng = np.random.default_rng(seed)
    softmax_w = rng.normal(size=(state_size, num_classes)).astype(np.float32)
    softmax_b = rng.normal(size=(num_classes,)).astype(np.float32)
    hidden = rng.uniform(-1, 1, size=tuple(leading_shape) + (state_size,)).astype(np.float32)
    layer = keras.layers.Dense(num_classes)
    layer.build((None, state_size))
    layer.set_weights([softmax_w, softmax_b])
    want = np.asarray(layer(hidden))
    got = call_learner(project_to_vocab, hidden.copy(), softmax_w.copy(), softmax_b.copy(),
                hint="softmax_w is [units, num_classes]: hidden_states @ softmax_w + softmax_b")
    exp = np.exp(want - want.max(axis=-1, keepdims=True))
    mistakes = [(hidden @ softmax_w, "the bias softmax_b is missing"),
                (exp / exp.sum(axis=-1, keepdims=True), "these are probabilities: return the logits, "
                                                        "before any softmax")]
    if state_size == num_classes:
        mistakes.append((hidden @ softmax_w.T + softmax_b, "softmax_w was transposed: hidden_states @ softmax_w"))
    compare(got, want, "project_to_vocab", mistakes, axes=tuple(f"axis {k}" for k in range(len(leading_shape)))
            + ("num_classes",), probe=lambda: _projection_probe(project_to_vocab, got, want, hidden, softmax_w, softmax_b))
    passed(f"project_to_vocab matches keras Dense ({state_size} units, {num_classes} classes, "
        f"hidden states of shape {tuple(leading_shape) + (state_size,)})")



def which_rows(got, embeddings, ids):
    """Which row of `embeddings` each returned vector is, when they are rows at all."""
    got = np.asarray(got, np.float64)
    flat_got, flat_ids = got.reshape(-1, got.shape[-1]), np.asarray(ids).reshape(-1)
    rows = []
    for vector in flat_got:
        matches = np.flatnonzero(np.all(np.isclose(embeddings, vector, rtol=1e-4, atol=1e-5), axis=1))
        rows.append(int(matches[0]) if len(matches) else None)
    if all(row is None for row in rows):
        if np.allclose(flat_got, np.round(flat_got)):
            return ("the vectors returned are whole numbers, not rows of embeddings: an integer array rounded the "
                    "embeddings (keep them as floats)")
        return ("the vectors returned are not rows of the given embeddings: the lookup returns the matrix's own "
                "rows, unchanged (a new Embedding layer would have its own random weights)")
    wrong = [(int(k), row) for k, row in zip(flat_ids, rows) if row != k]
    if wrong:
        said = "; ".join(f"id {k} gets {'row ' + str(row) if row is not None else 'no row of embeddings'}"
                         for k, row in list(dict.fromkeys(wrong))[:4])
        return f"{said} (id k must get row k of embeddings)"
    return None


def _which_step(piece, x, t):
    """Which time step of x a piece is, or whether it mixes several."""
    piece = np.asarray(piece, np.float64)
    steps = [k for k in range(x.shape[1]) if np.allclose(piece, x[:, k], rtol=1e-4, atol=1e-5)]
    if steps:
        return f"this piece is time step {steps[0]}; piece {t} must be time step {t}, x[:, {t}, :] (keep the order)"
    values = np.asarray(x, np.float64).reshape(-1)
    if piece.size and all(np.min(np.abs(values - v)) < 1e-6 for v in piece.reshape(-1)):
        return (f"this piece holds values of x, but not those of time step {t}: a reshape does not move axes; "
                f"piece t is x[:, t, :] (slice, unstack or transpose first)")
    return None


def _which_characters(got, ids, seq_length, shift=0):
    """Where in the text each returned row starts, when the rows are runs of the text's ids."""
    got, text_ids = np.asarray(got), np.asarray(ids)
    if got.size and np.array_equal(got, got.astype(int)):
        chunk = seq_length + 1
        want_starts = [r * chunk + shift for r in range(got.shape[0])]
        starts = []
        for row in got.astype(int):
            found = [a for a in range(len(text_ids) - len(row) + 1) if np.array_equal(text_ids[a:a + len(row)], row)]
            starts.append(found[0] if found else None)
        if all(start is not None for start in starts):
            return (f"your rows are runs of the text starting at characters {starts}; they should start at "
                    f"{want_starts}: consecutive chunks of seq_length + 1 = {chunk} from the start of the text, "
                    "the leftover dropped at the end")
        if np.array_equal(got - 1, np.asarray([text_ids[a:a + got.shape[1]] for a in want_starts])):
            return "every id is one too large: a character's id is its index in vocabulary, counting from 0"
        return ("the rows are not runs of consecutive characters of the text: reshape the ids row by row to "
                f"[num_chunks, {chunk}] (not transposed, not in column order) and use each character's index in "
                "vocabulary")
    return None


def _projection_probe(project_to_vocab, got, want, hidden, softmax_w, softmax_b):
    """Asks project_to_vocab about zero and doubled hidden states: logits are an affine function of them."""
    got = np.asarray(got, np.float64)
    shift = got - want
    if np.allclose(shift, shift[..., :1], rtol=1e-4, atol=1e-4):
        return ("your scores differ from the logits by one number per row: a log-softmax or a shift by the "
                "maximum was applied; return hidden_states @ softmax_w + softmax_b unchanged")
    try:
        at_zero = np.asarray(project_to_vocab(np.zeros_like(hidden), softmax_w.copy(), softmax_b.copy()), np.float64)
        doubled = np.asarray(project_to_vocab(2 * hidden, softmax_w.copy(), softmax_b.copy()), np.float64)
    except Exception:
        return None
    if at_zero.shape != got.shape:
        return None
    if not np.allclose(at_zero, np.broadcast_to(softmax_b, at_zero.shape), rtol=1e-4, atol=1e-5):
        return "with all hidden states zero the logits must be softmax_b; yours are not: check the bias"
    if not np.allclose(doubled - at_zero, 2 * (got - at_zero), rtol=1e-4, atol=1e-4):
        return ("your scores are not a linear function of the hidden states: a projection has no nonlinearity "
                "(no tanh, relu or softmax): hidden_states @ softmax_w + softmax_b")
    return "the part hidden_states @ softmax_w is wrong (the bias is right)"
