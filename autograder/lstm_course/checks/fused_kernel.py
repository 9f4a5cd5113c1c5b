"""Checks of notebook 2, the fused kernel: basic_lstm_cell_step, keras_lstm_cell_step, keras_to_fused."""
import numpy as np

from . import reference
from .compare import as_array, call_learner, compare, fail, pair, passed, visible_cases
from .probe import LSTMLayout, probe_lstm_step
from .reference import fused_lstm_reference, keras_cell_case, lstm_states, lstm_update, split_gates

LSTM_STEP_AXES = ("batch", "num_units")


def _probe_basic(basic_lstm_cell_step, forget_bias, batch, input_dim, units, seed):
    def step(x, h, c, kernel, recurrent_kernel, bias):
        _, (new_c, new_h) = basic_lstm_cell_step(np.float32(x), (np.float32(c), np.float32(h)),
                                                 np.float32(np.vstack([kernel, recurrent_kernel])), np.float32(bias),
                                                 forget_bias=forget_bias)
        return new_h, new_c
    layout = LSTMLayout("igfo", forget_bias, library="BasicLSTMCell")
    return lambda: probe_lstm_step(step, reference.fused_lstm_step(forget_bias), layout, batch, input_dim, units, seed)


def _probe_keras(keras_lstm_cell_step, batch, input_dim, units, seed):
    def step(x, h, c, kernel, recurrent_kernel, bias):
        _, (new_h, new_c) = keras_lstm_cell_step(np.float32(x), [np.float32(h), np.float32(c)], np.float32(kernel),
                                                 np.float32(recurrent_kernel), np.float32(bias))
        return new_h, new_c
    return lambda: probe_lstm_step(step, reference.keras_lstm_step, LSTMLayout("ifgo"), batch, input_dim, units, seed)


@visible_cases(dict(batch=2, input_dim=3, units=4, forget_bias=1.0, seed=0),
               dict(batch=1, input_dim=4, units=4, forget_bias=1.0, seed=1),  # a batch of 1, input width = num_units
               dict(batch=3, input_dim=3, units=3, forget_bias=0.0, seed=2),  # all equal, no forget bias
               dict(batch=2, input_dim=5, units=2, forget_bias=2.5, seed=3))
def check_basic_lstm_cell_step(basic_lstm_cell_step, batch=2, input_dim=3, units=4, forget_bias=1.0, seed=0):
    """basic_lstm_cell_step(x, (c, h), kernel, bias, forget_bias) against tf.raw_ops.LSTMBlockCell."""
    rng = np.random.default_rng(seed)
    kernel = rng.normal(0, 0.5, (input_dim + units, 4 * units)).astype(np.float32)
    bias = rng.normal(0, 0.5, (4 * units,)).astype(np.float32)
    x = rng.normal(0, 1, (batch, input_dim)).astype(np.float32)
    h_prev, c_prev = lstm_states(rng, batch, units)
    want_c, want_h = fused_lstm_reference(x, c_prev, h_prev, kernel, bias, forget_bias)

    args = (x.copy(), (c_prev.copy(), h_prev.copy()), kernel.copy(), bias.copy())
    hint = ("kernel has shape [input_dim + num_units, 4 * num_units] and multiplies concat([x, h], axis=1); "
            "the state comes in as the tuple (c, h)")
    if forget_bias == 1.0:
        result = call_learner(basic_lstm_cell_step, *args, hint=hint)  # the default must be 1.0
    else:
        result = call_learner(lambda *a: basic_lstm_cell_step(*a, forget_bias=forget_bias), *args, hint=hint)
    name = "basic_lstm_cell_step"
    output, state = pair(result, name, "(new_h, (new_c, new_h))")
    got_c, got_h = pair(state, name + "'s state", "the tuple (new_c, new_h)")

    xh = np.concatenate([x, h_prev], axis=1).astype(np.float64)
    gate_inputs = xh @ kernel + bias
    right = split_gates(gate_inputs, "ijfo")
    mistakes_c = [
        (lstm_update(c_prev, split_gates(gate_inputs, "ifco"), forget_bias)[0],
         "the gates were split in Keras's order (i, f, c, o); BasicLSTMCell's blocks are i, j, f, o: "
         "the forget gate block looks swapped with the candidate block"),
        (lstm_update(c_prev, right, 0.0)[0], f"forget_bias ({forget_bias}) was not added to the forget gate's "
                                              "pre-activation: sigmoid(f + forget_bias)"),
        (lstm_update(c_prev, right, 2 * forget_bias)[0], "forget_bias was added twice"),
        (lstm_update(c_prev, right, forget_bias, candidate="o")[0],
         "the candidate is tanh(j), not tanh(o) (a comment in a widely read blog post has this slip)"),
        (lstm_update(c_prev, split_gates(np.concatenate([h_prev, x], 1) @ kernel + bias, "ijfo"), forget_bias)[0],
         "[h, x] was concatenated; BasicLSTMCell puts the input first: concat([x, h], axis=1)"),
        (lstm_update(h_prev, split_gates(np.concatenate([x, c_prev], 1) @ kernel + bias, "ijfo"), forget_bias)[0],
         "c and h were taken from the state in the wrong order: the state is (c, h), c first"),
    ]
    if forget_bias == 0.0:
        mistakes_c = mistakes_c[:1] + mistakes_c[3:]  # with no forget bias those two are not mistakes
    probe = _probe_basic(basic_lstm_cell_step, forget_bias, batch, input_dim, units, seed)
    compare(got_c, want_c, "new_c (first item of the returned state)", mistakes_c + [
        (want_h, "the state holds new_h where new_c belongs: the state tuple is (c, h), c first")],
        axes=LSTM_STEP_AXES, probe=probe)
    compare(got_h, want_h, "new_h (second item of the returned state)", [
        (want_c, "the state holds new_c where new_h belongs: the state tuple is (c, h), c first"),
        (lstm_update(c_prev, right, forget_bias, tanh_on_c=False)[1],
         "new_h = tanh(new_c) * sigmoid(o): the tanh on new_c is missing"),
        (lstm_update(c_prev, right, forget_bias, h_from_old_c=True)[1],
         "new_h was computed from the old c; it uses new_c"),
    ], axes=LSTM_STEP_AXES, probe=probe)
    compare(output, want_h, "the output (first returned value)", [
        (want_c, "the output is new_h, not new_c")], axes=LSTM_STEP_AXES)
    passed(f"basic_lstm_cell_step matches tf.raw_ops.LSTMBlockCell (batch {batch}, input width {input_dim}, "
        f"num_units {units}, forget_bias {forget_bias})")



@visible_cases(dict(batch=2, input_dim=3, units=4, seed=0),
               dict(batch=1, input_dim=5, units=5, seed=1),   # a batch of 1, input width = num_units
               dict(batch=3, input_dim=3, units=3, seed=2),   # all equal
               dict(batch=4, input_dim=6, units=2, seed=3))
def check_keras_lstm_cell_step(keras_lstm_cell_step, batch=2, input_dim=3, units=4, seed=0):
    """keras_lstm_cell_step(x, [h, c], kernel, recurrent_kernel, bias) against keras.layers.LSTMCell."""
    (kernel, recurrent_kernel, bias), x, h_prev, c_prev, want_h, want_c = keras_cell_case(
        seed, batch, input_dim, units)

    name = "keras_lstm_cell_step"
    result = call_learner(keras_lstm_cell_step, x.copy(), [h_prev.copy(), c_prev.copy()], kernel.copy(),
                   recurrent_kernel.copy(), bias.copy(),
                   hint="kernel [input_dim, 4u] multiplies x, recurrent_kernel [u, 4u] multiplies h; "
                        "the states come in as the list [h, c]")
    got_output, states = pair(result, name, "(new_h, [new_h, new_c])")
    got_h, got_c = pair(states, name + "'s states", "the list [new_h, new_c]")

    gate_inputs = x.astype(np.float64) @ kernel + h_prev @ recurrent_kernel + bias
    right = split_gates(gate_inputs, "ifco")
    swapped_in = split_gates(x.astype(np.float64) @ kernel + c_prev @ recurrent_kernel + bias, "ifco")
    probe = _probe_keras(keras_lstm_cell_step, batch, input_dim, units, seed)
    compare(got_c, want_c, "new_c (second item of the returned states)", [
        (lstm_update(c_prev, split_gates(gate_inputs, "ijfo"))[0],
         "the gates were split in TF1's order (i, j, f, o); Keras's blocks are i, f, c, o: "
         "the forget gate block looks swapped with the candidate block"),
        (lstm_update(c_prev, right, 1.0)[0],
         "a forget bias of 1 was added at call time; Keras adds none (unit_forget_bias only "
         "initialises the f block of the bias to 1)"),
        (lstm_update(c_prev, right, candidate="o")[0], "the candidate is tanh(c block), not tanh(o)"),
        (lstm_update(h_prev, swapped_in)[0], "h and c were taken from the states in the wrong order: "
                                              "Keras's states are [h, c], h first"),
        (want_h, "the states hold new_h where new_c belongs: Keras's states are [h, c]"),
    ], axes=LSTM_STEP_AXES, probe=probe)
    compare(got_h, want_h, "new_h (first item of the returned states)", [
        (want_c, "the states hold new_c where new_h belongs: Keras's states are [h, c], h first"),
        (lstm_update(c_prev, right, tanh_on_c=False)[1], "new_h = o * tanh(new_c): the tanh on new_c is missing"),
        (lstm_update(c_prev, right, h_from_old_c=True)[1], "new_h was computed from the old c; it uses new_c"),
    ], axes=LSTM_STEP_AXES, probe=probe)
    compare(got_output, want_h, "the output (first returned value)", [(want_c, "the output is new_h, not new_c")],
            axes=LSTM_STEP_AXES)
    passed(f"keras_lstm_cell_step matches keras.layers.LSTMCell (batch {batch}, input width {input_dim}, "
        f"num_units {units})")


@visible_cases(dict(input_dim=3, units=4, forget_bias=1.0, batch=2, seed=0),
               dict(input_dim=4, units=4, forget_bias=1.0, batch=1, seed=1),  # square blocks, a batch of 1
               dict(input_dim=5, units=2, forget_bias=0.0, batch=3, seed=2),
               dict(input_dim=2, units=3, forget_bias=0.6, batch=2, seed=3))
def check_keras_to_fused(keras_to_fused, input_dim=3, units=4, forget_bias=1.0, batch=2, seed=0):
    """keras_to_fused(kernel, recurrent_kernel, bias, forget_bias): the fused op with the converted
    weights must give what keras.layers.LSTMCell gives with the original ones."""
    (kernel, recurrent_kernel, bias), x, h_prev, c_prev, want_h, want_c = keras_cell_case(
        seed, batch, input_dim, units)

    args = (kernel.copy(), recurrent_kernel.copy(), bias.copy())
    if forget_bias == 1.0:
        result = call_learner(keras_to_fused, *args)
    else:
        result = call_learner(lambda *a: keras_to_fused(*a, forget_bias=forget_bias), *args)
    fused_kernel, fused_bias = pair(result, "keras_to_fused", "(fused_kernel, fused_bias)")
    fused_kernel = as_array(fused_kernel, "keras_to_fused's kernel")
    fused_bias = as_array(fused_bias, "keras_to_fused's bias")
    d, u = input_dim, units
    if fused_kernel.shape != (d + u, 4 * u):
        fail(f"the fused kernel must have shape [input_dim + num_units, 4 * num_units] = "
                             f"{(d + u, 4 * u)}; got {fused_kernel.shape}")
    if fused_bias.shape != (4 * u,):
        fail(f"the fused bias must have shape [4 * num_units] = {(4 * u,)}; got {fused_bias.shape}")

    # Right means: the fused op with these weights computes what Keras computes. When it does not,
    # try undoing each known mistake on the learner's own weights, and name the one that fixes them.
    def behaves_like_keras(candidate_kernel, candidate_bias):
        got_c, got_h = fused_lstm_reference(x, c_prev, h_prev, candidate_kernel, candidate_bias, forget_bias)
        return np.allclose(got_h, want_h, atol=1e-5) and np.allclose(got_c, want_c, atol=1e-5)

    if behaves_like_keras(fused_kernel, fused_bias):
        passed(f"keras_to_fused: LSTMBlockCell with your weights matches keras.layers.LSTMCell (input width {d}, "
            f"num_units {u}, forget_bias {forget_bias})")
        return

    def swap_middle_blocks(weights):  # i, f, c, o <-> i, c, f, o
        first, second, third, fourth = np.split(weights, 4, axis=-1)
        return np.concatenate([first, third, second, fourth], axis=-1)

    f_block = np.concatenate([np.zeros(2 * u), np.full(u, forget_bias), np.zeros(u)])
    order = "the gate blocks are still in Keras's order (i, f, c, o); BasicLSTMCell wants i, j, f, o"
    recurrent_first = ("the recurrent kernel was stacked first; the fused kernel multiplies concat([x, h]), "
                       "so kernel goes on top")
    kernel_repairs = [
        (lambda k: k, None),
        (swap_middle_blocks, order),
        (lambda k: np.concatenate([k[u:], k[:u]], axis=0), recurrent_first),
        (lambda k: swap_middle_blocks(np.concatenate([k[u:], k[:u]], axis=0)), order + "; and " + recurrent_first),
    ]
    not_subtracted = (f"the fused op adds forget_bias ({forget_bias}) to the f block at call time: "
                      "subtract it from the f block of the bias so that the sum is Keras's number")
    bias_repairs = [
        (lambda b: b, None),
        (swap_middle_blocks, "the bias blocks are still in Keras's order (i, f, c, o)"),
        (lambda b: b - f_block, not_subtracted),
        (lambda b: b - 2 * f_block, "forget_bias was added to the f block; subtract it (the op adds it back)"),
        (lambda b: swap_middle_blocks(b) - f_block,
         "the bias blocks are still in Keras's order (i, f, c, o), and " + not_subtracted),
    ]
    for repair_kernel, kernel_mistake in kernel_repairs:
        for repair_bias, bias_mistake in bias_repairs:
            if (kernel_mistake or bias_mistake) and behaves_like_keras(repair_kernel(fused_kernel),
                                                                         repair_bias(fused_bias)):
                fail("keras_to_fused: " + "; and ".join(
                    m for m in (kernel_mistake, bias_mistake) if m))
    message = _explain_fused_weights(fused_kernel, fused_bias, kernel, recurrent_kernel, bias, forget_bias)
    if message:
        fail("keras_to_fused: " + message)
    got_c, got_h = fused_lstm_reference(x, c_prev, h_prev, fused_kernel, fused_bias, forget_bias)
    compare(got_h, want_h, "h from the fused op with your weights")
    compare(got_c, want_c, "c from the fused op with your weights")



KERAS_BLOCKS = ("i (input gate)", "f (forget gate)", "c (candidate)", "o (output gate)")
FUSED_BLOCKS = ("i (input gate)", "j (candidate)", "f (forget gate)", "o (output gate)")
FUSED_FROM_KERAS = (0, 2, 1, 3)  # BasicLSTMCell's block k holds Keras's block FUSED_FROM_KERAS[k]


def _explain_fused_weights(fused_kernel, fused_bias, kernel, recurrent_kernel, bias, forget_bias):
    """Compare the learner's fused weights, block by block, with where each of Keras's blocks belongs,
    and say what a wrong block holds instead. '' when every block is where it belongs."""
    d, u = kernel.shape[0], recurrent_kernel.shape[0]
    block = lambda w, k: w[..., k * u:(k + 1) * u]  # noqa: E731
    same = lambda a, b: a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=1e-5)  # noqa: E731
    problems = []
    for part, rows, source, name in (("x", slice(0, d), kernel, "kernel"),
                                     ("h", slice(d, d + u), recurrent_kernel, "recurrent_kernel")):
        for k in range(4):
            region = block(fused_kernel[rows], k)
            want = block(source, FUSED_FROM_KERAS[k])
            if same(region, want):
                continue
            holds = [f"{other_name}'s {KERAS_BLOCKS[m]} block" for other_name, other in
                     (("kernel", kernel), ("recurrent_kernel", recurrent_kernel))
                     for m in range(4) if same(region, block(other, m))]
            what = holds[0] if holds else ("zeros" if not np.any(region) else "other numbers")
            problems.append(f"the fused kernel's {part} rows ({rows.start}..{rows.stop - 1}) in BasicLSTMCell's "
                            f"{FUSED_BLOCKS[k]} columns ({k * u}..{(k + 1) * u - 1}) hold {what}; they should hold "
                            f"{name}'s {KERAS_BLOCKS[FUSED_FROM_KERAS[k]]} block")
    for k in range(4):
        want = block(bias, FUSED_FROM_KERAS[k]) - (forget_bias if k == 2 else 0)
        region = block(fused_bias, k)
        if same(region, want):
            continue
        holds = [f"Keras's {KERAS_BLOCKS[m]} bias{shift}" for m in range(4)
                 for delta, shift in ((0, ""), (-forget_bias, " minus forget_bias"), (forget_bias, " plus forget_bias"),
                                      (-1.0, " minus 1"), (1.0, " plus 1"))
                 if same(region, block(bias, m) + delta)]
        should = f"Keras's {KERAS_BLOCKS[FUSED_FROM_KERAS[k]]} bias" + (" minus forget_bias (the op adds it back)"
                                                                        if k == 2 and forget_bias else "")
        problems.append(f"the fused bias's {FUSED_BLOCKS[k]} block ({k * u}..{(k + 1) * u - 1}) holds "
                        f"{holds[0] if holds else 'other numbers'}; it should hold {should}")
    if not problems:
        return ""
    return "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more blocks" if len(problems) > 3 else "")
