"""Checks of notebook 5: right answers in several styles pass; named mistakes fail with their name."""
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import checks
from test_checks import fails_with


@pytest.mark.parametrize("answer", [
    lambda embeddings, ids: np.asarray(embeddings)[np.asarray(ids)],
    lambda embeddings, ids: tf.gather(embeddings, ids),
    lambda embeddings, ids: [[list(embeddings[i]) for i in row] for row in np.asarray(ids).tolist()],
])
@pytest.mark.parametrize("n, s, shape, as_list", [(6, 4, (2, 3), False), (5, 5, (1, 4), True), (7, 3, (3, 3), False)])
def test_embedding_lookup_right_answers_pass(answer, n, s, shape, as_list):
    checks.check_embedding_lookup(answer, n, s, shape, seed=1, as_list=as_list)


@pytest.mark.parametrize("answer, message, n, s", [
    (lambda e, ids: np.vstack([e, np.zeros((1, e.shape[1]))])[np.minimum(np.asarray(ids) + 1, len(e))], "next id's", 6, 4),
    (lambda e, ids: np.vstack([np.zeros((1, e.shape[1])), e])[np.asarray(ids)], "previous id's", 6, 4),
    (lambda e, ids: e[np.asarray(ids) - 1], "previous id's", 6, 4),
    (lambda e, ids: e[(np.asarray(ids) + 1) % len(e)], "next id's", 6, 4),
    (lambda e, ids: e.T[np.asarray(ids)], "transposed", 5, 5),
    (lambda e, ids: e.T[np.asarray(ids)], "used transposed", 6, 4),
    (lambda e, ids: np.eye(e.shape[0])[np.asarray(ids)], "transposed", 6, 4),
])
def test_embedding_lookup_mistakes_are_named(answer, message, n, s):
    fails_with(checks.check_embedding_lookup, answer, n, s, message=message)


@pytest.mark.parametrize("answer", [
    lambda e, ids: np.eye(len(e))[np.asarray(ids)] @ e,
    lambda e, ids: tf.matmul(tf.one_hot(ids, tf.shape(e)[0], dtype=tf.float64), tf.cast(e, tf.float64)),
])
def test_one_hot_embedding_right_answers_pass(answer):
    checks.check_one_hot_embedding(answer, 6, 4, (2, 3))
    checks.check_one_hot_embedding(answer, 5, 5, (1, 7), seed=3)


@pytest.mark.parametrize("answer, message", [
    (lambda e, ids: np.eye(len(e))[(np.asarray(ids) + 1) % len(e)] @ e, "next id's"),
    (lambda e, ids: np.eye(len(e))[np.asarray(ids) - 1] @ e, "previous id's"),
])
def test_one_hot_embedding_off_by_one_is_named(answer, message):
    fails_with(checks.check_one_hot_embedding, answer, 6, 4, message=message)


def test_one_hot_embedding_transposed_is_named():
    fails_with(checks.check_one_hot_embedding, lambda e, ids: np.eye(len(e))[np.asarray(ids)] @ e.T, 5, 5,
               message="transposed")


@pytest.mark.parametrize("answer", [
    lambda x: [np.squeeze(part, axis=1) for part in np.split(x, x.shape[1], axis=1)],
    lambda x: tf.unstack(x, axis=1),
    lambda x: [x[:, t, :].tolist() for t in range(x.shape[1])],
])
@pytest.mark.parametrize("b, t, d", [(2, 3, 4), (1, 5, 3), (4, 4, 1), (1, 1, 2)])
def test_split_and_squeeze_right_answers_pass(answer, b, t, d):
    checks.check_split_and_squeeze(answer, b, t, d)


@pytest.mark.parametrize("answer, message, shape", [
    (lambda x: [np.squeeze(p) for p in np.split(x, x.shape[1], axis=1)], "batch axis was squeezed away", (1, 3, 4)),
    (lambda x: [np.squeeze(p, axis=0) for p in np.split(x, x.shape[0], axis=0)], "batch axis", (2, 3, 4)),
    (lambda x: np.split(x, x.shape[1], axis=1), "squeeze axis 1", (2, 3, 4)),
])
def test_split_and_squeeze_mistakes_are_named(answer, message, shape):
    fails_with(checks.check_split_and_squeeze, answer, *shape, message=message)


def batches(text, vocabulary, seq_length):
    ids = np.array([vocabulary.index(ch) for ch in text])
    n = len(ids) // (seq_length + 1)
    chunks = ids[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    return chunks[:, :-1], chunks[:, 1:]


@pytest.mark.parametrize("seq_length", [1, 4, 6])
def test_make_char_batches_right_answer_passes(seq_length):
    checks.check_make_char_batches(batches, seq_length=seq_length)


@pytest.mark.parametrize("answer, message", [
    (lambda text, v, n: (batches(text, v, n)[0], batches(text, v, n)[0]), "not shifted"),
    (lambda text, v, n: batches(text, v, n)[::-1], "swapped"),
])
def test_make_char_batches_mistakes_are_named(answer, message):
    fails_with(checks.check_make_char_batches, answer, message=message)


@pytest.mark.parametrize("answer", [
    lambda h, w, b: h @ w + b,
    lambda h, w, b: tf.tensordot(tf.cast(h, tf.float64), tf.cast(w, tf.float64), axes=1) + b,
])
@pytest.mark.parametrize("s, n, lead", [(4, 6, (2, 3)), (5, 5, (1,)), (3, 7, (4, 1))])
def test_project_to_vocab_right_answers_pass(answer, s, n, lead):
    checks.check_project_to_vocab(answer, s, n, lead)


@pytest.mark.parametrize("answer, message, s, n", [
    (lambda h, w, b: h @ w, "bias softmax_b is missing", 4, 6),
    (lambda h, w, b: tf.nn.softmax(h @ w + b), "probabilities", 4, 6),
    (lambda h, w, b: h @ w.T + b, "transposed", 5, 5),
])
def test_project_to_vocab_mistakes_are_named(answer, message, s, n):
    fails_with(checks.check_project_to_vocab, answer, s, n, message=message)
