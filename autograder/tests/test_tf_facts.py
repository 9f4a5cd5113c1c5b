"""Claims of the notebooks that TensorFlow 2.21 and Keras 3 decide, checked where the notebook does not
compute them itself."""
import numpy as np
import pytest


def traces_of_a_fit(sequences, optimizer_first):
    """How often Keras traces the training step while it fits a small character model for 2 epochs of
    batches of 32: the step's Python body runs only while TensorFlow traces it."""
    import keras

    keras.utils.set_random_seed(4)
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 10, size=(2, sequences, 40))
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), keras.layers.Embedding(10, 8),
                              keras.layers.LSTM(8, return_sequences=True), keras.layers.Dense(10)])
    model.compile(optimizer=keras.optimizers.Adam(0.03),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    if optimizer_first:
        model.optimizer.build(model.trainable_variables)
    traced, step = [0], model.train_step

    def counted(data):
        traced[0] += 1
        return step(data)

    model.train_step = counted
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    return traced[0]


@pytest.mark.parametrize("sequences", [64, 79])  # 79: a last batch of 15
def test_notebook_5_adam_made_before_fit_traces_once_and_a_short_last_batch_costs_no_trace(sequences):
    assert traces_of_a_fit(sequences, optimizer_first=False) == 2
    assert traces_of_a_fit(sequences, optimizer_first=True) == 1


def test_notebook_2_tf1_s_reason_for_one_matrix_is_in_the_installed_source():
    import inspect

    from tensorflow.python.keras.layers.legacy_rnn import rnn_cell_impl

    assert "Parameters of gates are concatenated into one multiply for efficiency." in \
        inspect.getsource(rnn_cell_impl.BasicLSTMCell.call)


def test_notebook_6_keras_s_cudnn_path_refuses_masks_that_are_not_right_padded():
    """What the notebook quotes of keras/src/backend/tensorflow/rnn.py (no GPU here: the source is read)."""
    import importlib
    import inspect

    rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")
    said = inspect.getsource(rnn._assert_valid_mask)
    assert "right-padded sequences, while using cuDNN" in said
    assert "_assert_valid_mask(mask)" in inspect.getsource(rnn)
