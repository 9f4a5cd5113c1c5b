"""reference/lstm_names.md states facts about TensorFlow and Keras; check them against TF 2.21.

The page's conversion code is run as printed, so a wrong block order or sign in it fails here."""
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_course import checks

PAGE = Path(__file__).resolve().parents[2] / "reference" / "lstm_names.md"


@pytest.fixture(scope="module")
def page_code():
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.S)
    assert len(blocks) == 1, "the page should hold exactly one Python block (the conversions)"
    namespace = {}
    exec(blocks[0], namespace)
    return namespace


def keras_run(weights, x, h0, c0):
    """One step of keras.layers.LSTM holding `weights`, from [h0, c0]: returns (h, c)."""
    layer = checks.reference.keras_lstm(weights, return_state=True)
    _, h, c = layer(x[:, None, :], initial_state=[h0, c0])
    return np.asarray(h), np.asarray(c)


@pytest.mark.parametrize("d, u", [(3, 5), (4, 4), (1, 2)])
def test_keras_to_tf1_runs_in_lstm_block_cell_like_keras(page_code, d, u):
    rng = np.random.default_rng(d * 10 + u)
    weights = checks.reference.random_lstm_weights(rng, d, u)
    x = rng.normal(size=(2, d)).astype(np.float32)
    h0, c0 = (rng.normal(size=(2, u)).astype(np.float32) for _ in range(2))
    kernel, bias = page_code["keras_to_tf1"](*weights, forget_bias=1.0)
    assert kernel.shape == (d + u, 4 * u), "the TF1 kernel should be [d + u, 4u]"
    new_c, new_h = checks.fused_lstm_reference(x, c0, h0, kernel, bias, forget_bias=1.0)
    want_h, want_c = keras_run(weights, x, h0, c0)
    np.testing.assert_allclose(new_h, want_h, atol=1e-5, err_msg="keras_to_tf1: h differs from Keras")
    np.testing.assert_allclose(new_c, want_c, atol=1e-5, err_msg="keras_to_tf1: c differs from Keras")


def test_tf1_to_keras_undoes_keras_to_tf1(page_code):
    rng = np.random.default_rng(7)
    weights = checks.reference.random_lstm_weights(rng, 3, 5)
    kernel, bias = page_code["keras_to_tf1"](*weights, forget_bias=1.0)
    back = page_code["tf1_to_keras"](kernel, bias, d=3, forget_bias=1.0)
    for got, want, name in zip(back, weights, ["kernel", "recurrent_kernel", "bias"]):
        np.testing.assert_allclose(got, want, atol=1e-6, err_msg=f"round trip changed the {name}")


def test_keras_and_torch_layouts_round_trip(page_code):
    rng = np.random.default_rng(8)
    weights = checks.reference.random_lstm_weights(rng, 3, 5)
    torch_weights = page_code["keras_to_torch"](*weights)
    assert [w.shape for w in torch_weights] == [(20, 3), (20, 5), (20,), (20,)]
    for got, want in zip(page_code["torch_to_keras"](*torch_weights), weights):
        np.testing.assert_allclose(got, want)


def test_parameter_counts_in_the_table_are_what_keras_counts():
    import keras

    section = PAGE.read_text().split("## 6. Parameter counts")[1].split("\n## ")[0]
    rows = {line.split("|")[1].strip(): line for line in section.splitlines() if line.startswith("| ")}
    keras_row = rows["Keras 3 `LSTM`"]
    tf1_row = rows["TF1 `BasicLSTMCell`"]
    for d, u, column in [(3, 5, 3), (28, 128, 4)]:
        model = keras.Sequential([keras.Input((None, d)), keras.layers.LSTM(u)])
        counted = model.count_params()
        for row in (keras_row, tf1_row):
            stated = int(row.split("|")[column].replace(" ", ""))
            assert stated == counted, f"the page says {stated} for d={d}, u={u}; Keras counts {counted}"


def test_basic_lstm_cell_is_gone_as_the_page_says():
    import tensorflow as tf

    with pytest.raises(AttributeError, match="not available with Keras 3"):
        tf.compat.v1.nn.rnn_cell.BasicLSTMCell(5)
    assert "\\`BasicLSTMCell\\` is not available with Keras 3." in PAGE.read_text()
