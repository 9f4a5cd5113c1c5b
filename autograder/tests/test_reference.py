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


def test_the_fused_backward_ops_have_the_outputs_the_page_names():
    from tensorflow.python.framework import op_def_registry

    section = PAGE.read_text().split("## 9. The backward pass")[1].split("\n## ")[0]
    for op, outputs in [("LSTMBlockCellGrad", ["cs_prev_grad", "dicfo", "wci_grad", "wcf_grad", "wco_grad"]),
                        ("BlockLSTMGradV2", ["x_grad", "cs_prev_grad", "h_prev_grad", "w_grad", "wci_grad",
                                             "wcf_grad", "wco_grad", "b_grad"])]:
        op_def = op_def_registry.get(op)
        assert [arg.name for arg in op_def.output_arg] == outputs, op_def.output_arg
        assert f"`({', '.join(outputs)})`" in section, f"the page does not list {op}'s outputs as TF has them"
    inputs = [arg.name for arg in op_def_registry.get("LSTMBlockCellGrad").input_arg]
    assert "cs_grad" in inputs and "h_grad" in inputs


def test_dicfo_is_the_gradient_of_the_gate_inputs_in_i_c_f_o_order():
    """LSTMBlockCellGrad against the chain rule written out in NumPy, gate by gate: its `dicfo` holds
    the input gate's, the candidate's, the forget gate's and the output gate's pre-activation
    gradients in that order, and cs_prev_grad is the total gradient reaching c times f."""
    import tensorflow as tf

    rng = np.random.default_rng(9)
    d, u, batch = 3, 4, 2
    x = rng.normal(size=(batch, d)).astype(np.float32)
    h_prev, c_prev = (rng.normal(size=(batch, u)).astype(np.float32) for _ in range(2))
    w = rng.normal(0, 0.5, (d + u, 4 * u)).astype(np.float32)
    b = rng.normal(0, 0.5, (4 * u,)).astype(np.float32)
    dh, dc = (rng.normal(size=(batch, u)).astype(np.float32) for _ in range(2))
    zeros = np.zeros(u, np.float32)
    forward = tf.raw_ops.LSTMBlockCell(x=x, cs_prev=c_prev, h_prev=h_prev, w=w, wci=zeros, wcf=zeros, wco=zeros,
                                       b=b, forget_bias=0.0, cell_clip=-1.0, use_peephole=False)
    backward = tf.raw_ops.LSTMBlockCellGrad(
        x=x, cs_prev=c_prev, h_prev=h_prev, w=w, wci=zeros, wcf=zeros, wco=zeros, b=b, i=forward.i,
        cs=forward.cs, f=forward.f, o=forward.o, ci=forward.ci, co=forward.co, cs_grad=dc, h_grad=dh,
        use_peephole=False)
    i, f, o, g, c = (np.asarray(t, np.float64) for t in (forward.i, forward.f, forward.o, forward.ci, forward.cs))
    d_c = dc + dh * o * (1 - np.tanh(c) ** 2)        # everything that reaches the new c
    d_i, d_g = d_c * g * i * (1 - i), d_c * i * (1 - g ** 2)
    d_f, d_o = d_c * c_prev * f * (1 - f), dh * np.tanh(c) * o * (1 - o)
    np.testing.assert_allclose(backward.dicfo, np.concatenate([d_i, d_g, d_f, d_o], axis=1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(backward.cs_prev_grad, d_c * f, rtol=1e-5, atol=1e-6)


def test_unit_forget_bias_sets_the_f_block_to_one_and_forces_nothing_else():
    """The page's trap: Keras's docstring says unit_forget_bias adds 1 and forces bias_initializer="zeros";
    the code sets the f block to ones and leaves the others to bias_initializer."""
    import keras

    for initializer, others in (("ones", 1.0), (keras.initializers.Constant(0.5), 0.5), ("zeros", 0.0)):
        cell = keras.layers.LSTMCell(3, bias_initializer=initializer, unit_forget_bias=True)
        cell.build((None, 2))
        i, f, c, o = np.split(np.asarray(cell.bias), 4)
        assert np.all(f == 1.0), f"{initializer}: f block {f}"
        assert all(np.all(block == others) for block in (i, c, o)), f"{initializer}: {np.asarray(cell.bias)}"
    assert "**Trap: Keras's `unit_forget_bias` docstring says more than the code does.**" in PAGE.read_text()
