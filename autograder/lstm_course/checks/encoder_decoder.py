"""Checks of notebook 6, the encoder-decoder: encode, greedy_decode."""
import numpy as np

from .compare import call_learner, compare, fail, pair, passed, visible_cases
from .reference import keras_cell, keras_lstm, lstm_states, random_lstm_weights, run_numpy_lstm

LSTM_WEIGHT_NAMES = ("kernel", "recurrent_kernel", "bias")


@visible_cases(dict(batch=2, source_length=5, vocab_size=7, embedding_dim=3, units=4, seed=0),
               dict(batch=3, source_length=3, vocab_size=5, embedding_dim=4, units=4, seed=1),  # batch = length, d = u
               dict(batch=1, source_length=6, vocab_size=9, embedding_dim=2, units=5, seed=2),  # a batch of 1
               dict(batch=2, source_length=3, vocab_size=4, embedding_dim=1, units=2, seed=3))  # embedding width 1
def check_encode(encode, batch=2, source_length=5, vocab_size=7, embedding_dim=3, units=4, seed=0):
    """encode(source_ids, encoder) -> (h, c) against a Keras encoder, Embedding + LSTM(return_state=True)."""
    import keras

    rng = np.random.default_rng(seed)
    encoder = {"embedding": rng.normal(0, 1, (vocab_size, embedding_dim)).astype(np.float32),
               **dict(zip(LSTM_WEIGHT_NAMES, random_lstm_weights(rng, embedding_dim, units)))}
    source_ids = rng.integers(0, vocab_size, (batch, source_length))
    embedding = keras.layers.Embedding(vocab_size, embedding_dim)
    embedding.build((None, None))
    embedding.set_weights([encoder["embedding"]])
    lstm = keras_lstm([encoder[name] for name in LSTM_WEIGHT_NAMES], return_state=True)
    _, want_h, want_c = (np.asarray(t) for t in lstm(embedding(source_ids)))

    result = call_learner(encode, source_ids.copy(), {k: v.copy() for k, v in encoder.items()},
                   hint="look up each id's row of encoder['embedding'], then run the LSTM over axis 1 (time)")
    got_h, got_c = pair(result, "encode", "the encoder's final state (h, c)")
    x = encoder["embedding"][source_ids].astype(np.float64)
    weights = [encoder[name] for name in LSTM_WEIGHT_NAMES]
    zeros = np.zeros((batch, units))
    all_h, all_c = run_numpy_lstm(x, zeros, zeros, *weights)
    reset_h, reset_c = run_numpy_lstm(x, zeros, zeros, *weights, reset_every_step=True)
    compare(got_h, want_h, "the h that encode returns", [
        (want_c, "encode returned (c, h); the decoder's initial_state is [h, c], h first"),
        (reset_h[:, -1], "the state was reset at every step, so only the last word was read"),
        (all_h[:, 0], "this is the state after the first word; return the state after the last one")],
        shape_hints=[((batch, source_length, units), "return only the final h, not every step's")],
        axes=("batch", "num_units"), probe=lambda: _encode_probe(encode, source_ids, encoder, embedding, lstm, "h"))
    compare(got_c, want_c, "the c that encode returns", [
        (want_h, "encode returned (c, h); the decoder's initial_state is [h, c], h first"),
        (reset_c[:, -1], "the state was reset at every step, so only the last word was read")],
        axes=("batch", "num_units"), probe=lambda: _encode_probe(encode, source_ids, encoder, embedding, lstm, "c"))
    passed(f"encode matches a Keras Embedding + LSTM(return_state=True) encoder (batch {batch}, "
        f"{source_length} source words, num_units {units})")


def _encode_probe(encode, source_ids, encoder, embedding, lstm, which):
    """Asks encode about the first words only: how many words it gets right, and whether it reads the
    sentence backwards or one id off."""
    part = 0 if which == "h" else 1

    def got_for(ids):
        return np.asarray(encode(ids.copy(), {k: v.copy() for k, v in encoder.items()})[part], np.float64)

    def keras_for(ids):
        return np.asarray(lstm(embedding(ids))[1 + part])

    try:
        if np.allclose(got_for(source_ids), keras_for(source_ids[:, ::-1]), rtol=1e-4, atol=1e-5):
            return "encode reads the sentence backwards: the LSTM steps over the words from the first to the last"
        vocab_size = encoder["embedding"].shape[0]
        if np.allclose(got_for(source_ids), keras_for((source_ids + 1) % vocab_size), rtol=1e-4, atol=1e-5):
            return "encode looks up the row of the next id: id k's vector is row k of encoder['embedding']"
        for length in range(1, source_ids.shape[1] + 1):
            prefix = source_ids[:, :length]
            got = got_for(prefix)
            if got.shape != keras_for(prefix).shape or not np.allclose(got, keras_for(prefix), rtol=1e-4, atol=1e-5):
                break
        else:
            return None
    except Exception:
        return None
    if length == 1:
        return _one_word(encode, source_ids[:, :1], encoder, embedding, lstm, which)
    return (f"for sentences of up to {length - 1} word{'s' if length > 2 else ''} it matches Keras, from {length} "
            "words on it differs: the state is not carried from one word to the next as it should be")


def _one_word(encode, ids, encoder, embedding, lstm, which):
    """encode on one-word sentences, from the zero state: which part of the step is wrong."""
    from .probe import LSTMLayout, _same

    got = tuple(np.asarray(part, np.float64) for part in encode(ids.copy(), {k: v.copy() for k, v in encoder.items()}))
    _, want_h, want_c = (np.asarray(t, np.float64) for t in lstm(embedding(ids)))
    start = f"already for one-word sentences the {which} differs from Keras's"
    if _same(got, (want_c, want_h)):
        return start + ": h and c are swapped inside the step (Keras's states are [h, c])"
    x = encoder["embedding"][ids[:, 0]].astype(np.float64)
    zeros = np.zeros_like(want_h)
    weights = [encoder[name] for name in LSTM_WEIGHT_NAMES]
    layout = LSTMLayout("ifgo")
    for message, switches in layout.mistakes():
        if _same(got, layout.simulate(x, zeros, zeros, *weights, **switches)):
            return f"{start}: {message}"
    return (f"{start}: the embedding lookup or the LSTM step (gate order i, f, c, o; sigmoid gates, tanh candidate; "
            "states [h, c]) is wrong")


def keras_greedy(state, decoder, start_id, end_id, max_length, reset=False, feed_start=False, stop=True):
    """Greedy decoding with Keras's LSTMCell, one step at a time, carrying [h, c]. The switches reproduce
    mistakes, to recognise them."""
    units = decoder["recurrent_kernel"].shape[0]
    cell = keras_cell([decoder[name] for name in LSTM_WEIGHT_NAMES])
    h, c = (np.asarray(s, np.float32).reshape(1, units) for s in state)
    first = [h, c]
    token, words = start_id, []
    for _ in range(max_length):
        x = decoder["embedding"][[start_id if feed_start else token]]  # [1, embedding_dim]: one step
        _, (h, c) = cell(x, first if reset else [h, c])
        logits = np.asarray(h) @ decoder["softmax_w"] + decoder["softmax_b"]
        token = int(np.argmax(logits[0]))
        if stop and token == end_id:
            break
        words.append(token)
    return words


@visible_cases(dict(seed=1401, end_at_step=2),                   # the end token early
               dict(seed=1434, end_at_step=4),                   # the end token late
               dict(seed=1438, end_at_step=None),                # never: stop at max_length
               dict(seed=1407, end_at_step=0),                   # at once: an empty translation
               dict(seed=1413, end_at_step=4, start_id=5))       # another start token
def check_greedy_decode(greedy_decode, vocab_size=9, embedding_dim=3, units=4, max_length=7, seed=1401,
                        end_at_step=2, start_id=0):
    """greedy_decode(state, decoder, start_id, end_id, max_length) -> list of token ids, against greedy
    decoding with keras LSTM and Dense layers. end_id is chosen so that the reference meets it at step
    `end_at_step` (None: the end token never comes and decoding stops at max_length)."""
    rng = np.random.default_rng(seed)
    decoder = {"embedding": rng.normal(0, 1, (vocab_size, embedding_dim)).astype(np.float32),
               **dict(zip(LSTM_WEIGHT_NAMES, random_lstm_weights(rng, embedding_dim, units))),
               "softmax_w": rng.normal(0, 2, (units, vocab_size)).astype(np.float32),
               "softmax_b": rng.normal(0, 0.5, (vocab_size,)).astype(np.float32)}
    h, c = lstm_states(rng, 1, units)
    c = c / 2  # a milder c keeps the first few choices varied
    free_run = keras_greedy((h, c), decoder, start_id, -1, max_length, stop=False)
    unused = [t for t in range(vocab_size) if t not in free_run and t != start_id]
    new_tokens = [k for k in range(end_at_step or 0, max_length) if free_run[k] not in free_run[:k]]
    if end_at_step is None or not new_tokens:  # the end token never comes: stop at max_length
        end_id = unused[0] if unused else -1
    else:  # the first token that is new at or after end_at_step ends the translation there
        end_id = free_run[new_tokens[0]]
    want = keras_greedy((h, c), decoder, start_id, end_id, max_length)

    result = call_learner(greedy_decode, (h.copy(), c.copy()), {k: v.copy() for k, v in decoder.items()},
                   start_id, end_id, max_length,
                   hint="state is (h, c), each [1, num_units]; feed back the token you just chose")
    try:
        got = [int(t) for t in result]
    except Exception:
        fail(f"greedy_decode should return a list of token ids; it returned {result!r}")
    if got == want:
        passed(f"greedy_decode matches Keras step by step: {want} (end token {end_id}, "
            f"{'met' if end_id in free_run[:max_length] else 'never met'})")
        return
    zeros = np.zeros((1, units), np.float32)
    known = [
        (keras_greedy((zeros, zeros), decoder, start_id, end_id, max_length),
         "the decoder started from zeros; it starts from the encoder's state"),
        (keras_greedy((h, c), decoder, start_id, end_id, max_length, reset=True),
         "the state was reset to the encoder's at every step; carry the decoder's own [h, c] forward"),
        (keras_greedy((h, c), decoder, start_id, end_id, max_length, feed_start=True),
         "the start token was fed at every step; feed back the token chosen at the previous step"),
        (free_run, "decoding did not stop at the end token"),
        (want + [end_id], "the end token is part of the result; stop before adding it"),
        ([start_id] + want, "the start token is part of the result; return only the chosen tokens"),
        (keras_greedy((c, h), decoder, start_id, end_id, max_length),
         "h and c were swapped: the state is (h, c), h first"),
    ]
    matches = list(dict.fromkeys(message for wrong, message in known if got == wrong and wrong != want))
    if matches:  # two mistakes can give the same tokens on one case: name every one that fits
        fail(f"greedy_decode returned {got}, Keras decodes {want}: " + "; or ".join(matches))
    first_difference = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    said = f"greedy_decode returned {got}, Keras decodes {want} (start token {start_id}, end token {end_id}, " \
           f"max_length {max_length}): "
    if got == want[:len(got)]:
        fail(said + f"it stops after {len(got)} tokens where Keras goes on: stop only when the chosen token is the "
                    "end token, or when max_length tokens have been chosen")
    if got[:len(want)] == want:
        fail(said + "it goes on where Keras stops: stop as soon as the chosen token is the end token (without adding "
                    "it), and never return more than max_length tokens")
    if first_difference == 0:
        fail(said + "already the first token differs: the first step (from the encoder's state, fed the start token's "
                    "embedding) or the choice of the token (argmax over the vocabulary of h @ softmax_w + softmax_b) "
                    "is wrong")
    fail(said + f"the first {first_difference} tokens are right, then they differ: what is carried from one step to "
                "the next (the state [h, c], the token just chosen) goes wrong")
