"""Checks of notebook 6: right answers pass; named mistakes fail with their name."""
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import checks
from test_checks import fails_with


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step(x, h, c, w):
    i, f, g, o = np.split(x @ w["kernel"] + h @ w["recurrent_kernel"] + w["bias"], 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def encode(source_ids, encoder, reset=False, swap=False):
    x = encoder["embedding"][np.asarray(source_ids)]
    h = c = np.zeros((x.shape[0], encoder["recurrent_kernel"].shape[0]))
    for t in range(x.shape[1]):
        if reset:
            h = c = np.zeros_like(h)
        h, c = step(x[:, t], h, c, encoder)
    return (c, h) if swap else (h, c)


def encode_tensorflow(source_ids, encoder):
    x = tf.nn.embedding_lookup(tf.constant(encoder["embedding"], tf.float64), source_ids)
    h = c = tf.zeros((x.shape[0], encoder["recurrent_kernel"].shape[0]), tf.float64)
    for x_t in tf.unstack(x, axis=1):
        i, f, g, o = tf.split(x_t @ tf.cast(encoder["kernel"], tf.float64)
                              + h @ tf.cast(encoder["recurrent_kernel"], tf.float64) + encoder["bias"], 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
    return h, c


@pytest.mark.parametrize("answer", [encode, encode_tensorflow])
@pytest.mark.parametrize("shape", [(2, 5, 7, 3, 4), (3, 3, 5, 4, 4), (1, 6, 9, 2, 5)])
def test_encode_right_answers_pass(answer, shape):
    checks.check_encode(answer, *shape)


@pytest.mark.parametrize("answer, message", [
    (lambda ids, e: encode(ids, e, swap=True), "encode returned (c, h)"),
    (lambda ids, e: encode(ids, e, reset=True), "reset at every step"),
    (lambda ids, e: encode(np.asarray(ids)[:, :1], e), "after the first word"),
])
def test_encode_mistakes_are_named(answer, message):
    fails_with(checks.check_encode, answer, message=message)


def greedy(state, decoder, start_id, end_id, max_length, reset=False, zeros=False, feed_start=False, stop=True,
           keep_end=False, keep_start=False):
    h0, c0 = state
    if zeros:
        h0, c0 = np.zeros_like(h0), np.zeros_like(c0)
    h, c, token, words = h0, c0, start_id, ([start_id] if keep_start else [])
    for _ in range(max_length):
        if reset:
            h, c = h0, c0
        x = decoder["embedding"][[start_id if feed_start else token]]
        h, c = step(x, h, c, decoder)
        token = int(np.argmax(h @ decoder["softmax_w"] + decoder["softmax_b"]))
        if stop and token == end_id:
            if keep_end:
                words.append(token)
            break
        words.append(token)
    return words


def greedy_lists_float64(state, decoder, start_id, end_id, max_length):
    h, c = (np.float64(s).reshape(1, -1) for s in state)
    words = []
    token = start_id
    while len(words) < max_length:
        h, c = step(np.float64(decoder["embedding"][token])[None], h, c, decoder)
        token = int((h @ decoder["softmax_w"] + decoder["softmax_b"]).argmax())
        if token == end_id:
            return words
        words.append(token)
    return np.array(words)


CASES = [(1401, 2), (1402, 2), (1403, 2), (1404, None), (1401, None)]


@pytest.mark.parametrize("answer", [greedy, greedy_lists_float64])
@pytest.mark.parametrize("seed, end_at_step", CASES)
def test_greedy_decode_right_answers_pass(answer, seed, end_at_step):
    checks.check_greedy_decode(answer, seed=seed, end_at_step=end_at_step)


@pytest.mark.parametrize("options, message", [
    (dict(zeros=True), "started from zeros"),
    (dict(reset=True), "reset to the encoder's at every step"),
    (dict(feed_start=True), "start token was fed at every step"),
    (dict(stop=False), "did not stop at the end token"),
    (dict(keep_end=True), "end token is part of the result"),
    (dict(keep_start=True), "start token is part of the result"),
])
def test_greedy_decode_mistakes_are_named(options, message):
    fails_with(checks.check_greedy_decode, lambda *a: greedy(*a, **options), seed=1402, end_at_step=2,
               message=message)
