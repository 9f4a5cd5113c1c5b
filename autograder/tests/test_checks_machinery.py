"""The checks' shared machinery on its own (lstm_course/checks/compare.py and probe.py): what a
failure looks like in IPython, the visible cases, the axis a wrong shape names, and the probes that
find the wrong part of a step."""
import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell

from lstm_course import checks
from lstm_course.checks import compare, probe, reference


def keras_step(x, states, kernel, recurrent_kernel, bias, order="ifco", candidate=np.tanh):
    h, c = states
    blocks = dict(zip(order, np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=1)))
    sigmoid = compare.sigmoid
    new_c = sigmoid(blocks["f"]) * c + sigmoid(blocks["i"]) * candidate(blocks["c"])
    new_h = sigmoid(blocks["o"]) * np.tanh(new_c)
    return new_h, [new_h, new_c]


@pytest.fixture(scope="module")
def shell():
    shell = InteractiveShell.instance()
    shell.run_cell("from lstm_course import checks\nimport numpy as np")
    return shell


def traceback_of(shell, source, capsys):
    capsys.readouterr()
    shell.run_cell(source)
    return capsys.readouterr()


def test_a_failed_check_shows_the_message_not_the_checks_frames(shell, capsys):
    shown = traceback_of(shell, "def one_hot(ids, depth):\n    return np.eye(depth)[np.asarray(ids) - 1]\n"
                                "checks.check_one_hot(one_hot)", capsys)
    text = shown.out + shown.err
    assert "CheckFailed" in text and "id k must light position k" in text, text
    assert "compare.py" not in text and "num_units.py" not in text and "Traceback" not in text, text


def test_a_crash_of_the_learners_code_shows_the_learners_line(shell, capsys):
    shown = traceback_of(shell, "def one_hot(ids, depth):\n    return undefined_name[ids]\n"
                                "checks.check_one_hot(one_hot)", capsys)
    text = shown.out + shown.err
    assert "undefined_name[ids]" in text and "NameError" in text, text
    assert "compare.py" not in text and "num_units.py" not in text, text


def test_check_failed_is_an_assertion_error_that_says_whether_it_names_the_mistake():
    with pytest.raises(AssertionError) as failure:
        compare.compare(np.ones((2, 3)), np.zeros((2, 3)) + 2, "h")
    assert isinstance(failure.value, compare.CheckFailed) and failure.value.named is False
    with pytest.raises(compare.CheckFailed) as failure:
        compare.compare(np.ones((2, 3)), np.zeros((2, 3)) + 2, "h", mistakes=[(np.ones((2, 3)), "all ones")])
    assert failure.value.named and "all ones" in str(failure.value)


def test_visible_cases_run_every_case_and_one_case_when_asked():
    seen = []

    @compare.visible_cases(dict(n=1), dict(n=2), dict(n=3))
    def check(function, n=0):
        seen.append(function(n))

    check(lambda n: n * 10)
    assert seen == [10, 20, 30]
    check(lambda n: n * 10, n=7)
    assert seen[-1] == 70 and check.visible_cases == (dict(n=1), dict(n=2), dict(n=3))


def test_every_check_has_visible_cases_with_the_shape_classes():
    for name in dir(checks):
        if name.startswith("check_"):
            assert len(getattr(checks, name).visible_cases) >= 3, name
    cell_cases = checks.check_keras_lstm_cell_step.visible_cases
    assert any(c["batch"] == 1 for c in cell_cases) and any(c["input_dim"] == c["units"] for c in cell_cases)
    assert any(c["input_dim"] != c["units"] for c in cell_cases)
    sequence_cases = checks.check_lstm_sequence.visible_cases
    assert any(c["batch"] == c["time_steps"] for c in sequence_cases)


@pytest.mark.parametrize("got, want, axes, says", [
    ((2, 5), (2, 3), ("batch", "num_units"), "axis 1 (num_units) has length 5 where it should have 3"),
    ((4,), (1, 4), ("batch", "num_units"), "axis 0 (batch) is missing (an axis of length 1 that squeeze() removes)"),
    ((5, 2, 4), (2, 5, 4), ("batch", "time", "num_units"), "the axes are in another order"),
    ((2, 1, 3), (2, 3), ("batch", "num_units"), "an extra axis 1 of length 1"),
])
def test_a_wrong_shape_names_the_axis(got, want, axes, says):
    assert says in compare.shape_difference(got, want, axes)


def test_the_lstm_probe_is_silent_for_a_right_step_and_names_the_gate_of_a_wrong_one():
    def adapter(step):
        def ask(x, h, c, kernel, recurrent_kernel, bias):
            _, (new_h, new_c) = step(x, [h, c], kernel, recurrent_kernel, bias)
            return new_h, new_c
        return ask

    layout = probe.LSTMLayout("ifgo")
    right = probe.probe_lstm_step(adapter(keras_step), reference.keras_lstm_step, layout, 2, 3, 4)
    assert right is None
    relu_candidate = lambda *a: keras_step(*a, candidate=lambda z: np.maximum(z, 0))  # noqa: E731
    said = probe.probe_lstm_step(adapter(relu_candidate), reference.keras_lstm_step, layout, 2, 3, 4)
    assert "candidate goes through relu" in said
    scaled_h = lambda x, states, *w: keras_step(x, [2 * states[0], states[1]], *w)  # noqa: E731
    said = probe.probe_lstm_step(adapter(scaled_h), reference.keras_lstm_step, layout, 2, 3, 4)
    assert "h_prev @ recurrent_kernel" in said


def test_a_sequence_says_where_it_leaves_tensorflow():
    want = np.arange(24, dtype=float).reshape(2, 4, 3)
    late = want.copy()
    late[:, 2:] += 1
    assert "first differs at time step 2" in probe.explain_sequence(late, want, "h")
    assert "one step late" in probe.explain_sequence(np.concatenate([want[:, :1], want[:, :-1]], 1), want, "h")
    assert probe.explain_sequence(want, want, "h") is None


def test_the_cached_keras_references_answer_each_question_as_a_new_layer_would():
    """reference.keras_cell and keras_lstm build one layer per shape once and set its weights anew for
    each question: every answer must be the one a freshly built Keras layer gives, whatever was
    asked before (other weights, another shape, other options)."""
    import keras

    rng = np.random.default_rng(11)
    for input_dim, units in [(3, 4), (4, 4), (3, 4), (2, 5), (3, 4)]:
        weights = reference.random_lstm_weights(rng, input_dim, units)
        inputs = rng.normal(0, 1, (2, 3, input_dim)).astype(np.float32)
        h0, c0 = reference.lstm_states(rng, 2, units)
        fresh = keras.layers.LSTM(units, return_sequences=True, return_state=True)
        fresh.build((None, None, input_dim))
        fresh.set_weights(weights)
        want = [np.asarray(t) for t in fresh(inputs, initial_state=[h0, c0])]
        for options in ({"return_sequences": True, "return_state": True}, {"return_sequences": True}):
            got = reference.keras_lstm(weights, **options)(inputs, initial_state=[h0, c0])
            got = [np.asarray(got)] if not isinstance(got, (list, tuple)) else [np.asarray(t) for t in got]
            for g, w in zip(got, want):
                np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)
        _, (h1, c1) = reference.keras_cell(weights)(inputs[:, 0], [h0, c0])
        step = [np.asarray(t) for t in fresh(inputs[:, :1], initial_state=[h0, c0])]
        np.testing.assert_allclose(np.asarray(h1), step[1], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(np.asarray(c1), step[2], rtol=1e-6, atol=1e-6)


def test_fresh_cases_keep_the_shape_class_and_draw_new_inputs():
    """The grader's re-check runs every case on fresh inputs: a new seed, and for checks whose answer
    depends on sizes only, new sizes that keep what makes the case a shape class (1 stays 1, equal
    sizes stay equal, different ones different)."""
    import random

    rng = random.Random(7)
    fresh = checks.check_lstm_output_shapes.fresh
    for case in checks.check_lstm_output_shapes.visible_cases:
        new = fresh(rng, dict(case))
        assert new["seed"] != case["seed"]
        names = ("batch_size", "time_steps", "input_dim", "num_units")
        for a in names:
            assert (new[a] == 1) == (case[a] == 1)
            for b in names:
                assert (new[a] == new[b]) == (case[a] == case[b]), (case, new)
    assert fresh(rng, dict(batch_size=3, time_steps=3, input_dim=4, num_units=4, seed=0)) != \
        fresh(rng, dict(batch_size=3, time_steps=3, input_dim=4, num_units=4, seed=0))


def test_fresh_cases_run_every_visible_case_or_the_one_given_with_defaults_filled_in():
    import random

    seen = []

    @compare.visible_cases(dict(n=1, seed=0), dict(n=2, seed=0))
    def check(function, n, seed=5, flag=False):
        seen.append((n, seed, flag))

    check.run_fresh(None, random.Random(1))
    check.run_fresh(None, random.Random(1), (3,), {"flag": True})
    assert [(n, flag) for n, _, flag in seen] == [(1, False), (2, False), (3, True)]
    assert all(seed not in (0, 5) for _, seed, _ in seen), seen


def test_every_check_can_be_run_on_fresh_cases_and_the_grader_refuses_one_that_cannot():
    import random

    fresh = checks.FreshCases(random.Random(0))
    for name in dir(checks):
        if name.startswith("check_"):
            assert callable(getattr(fresh, name)) and hasattr(getattr(checks, name), "run_fresh"), name
    assert fresh.TOLERANCE is checks.TOLERANCE
    checks.check_unvaried = lambda function: None
    try:
        with pytest.raises(TypeError):
            fresh.check_unvaried
    finally:
        del checks.check_unvaried
