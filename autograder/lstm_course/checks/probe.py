"""Questions a check asks a learner's function after a wrong answer, to find the part that is wrong.

A recurrent step adds three parts before its nonlinearities: x @ kernel, h_prev @ recurrent_kernel
and the bias; an LSTM then splits the sum into four gate blocks and updates c and h. Each question
keeps one part alive and sets the others to zero, and asks TensorFlow (the `reference`) the same
question: the first part whose answer differs is the one that is wrong. Within the bias, one gate
block at a time is made non-zero, which says which gate is wrong; then a few alternatives for that
gate (another nonlinearity, the bias outside the squashing, the block of another gate) are tried in
NumPy, to say how.

`step(x, h, c, kernel, recurrent_kernel, bias)` and `reference(...)` both return (new_h, new_c)
(new_c is None for a simple RNN); a step that crashes on a question is taken as different.
"""
import numpy as np

from .compare import close, sigmoid

ACTIVATIONS = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
               "no nonlinearity": lambda z: z}
GATE_WORDS = {"i": "input gate", "f": "forget gate", "g": "candidate", "o": "output gate"}
RIGHT = {"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"}


class LSTMLayout:
    """How a library lays out an LSTM step: the order of the four gate blocks and the forget bias
    it adds at call time. Keras: i, f, c, o and no forget bias; TF1's BasicLSTMCell: i, j, f, o."""

    def __init__(self, order, forget_bias=0.0, library="Keras"):
        self.order = order  # e.g. "ifgo": the role of each block, g being the candidate (c or j)
        self.forget_bias = forget_bias
        self.library = library
        self.letters = {"ifgo": "i, f, c, o", "igfo": "i, j, f, o"}[order]
        self.candidate = {"ifgo": "c", "igfo": "j"}[order]
        self.states = "[h, c]" if library == "Keras" else "(c, h)"

    def block_words(self, k, units):
        role = self.order[k]
        return f"the {GATE_WORDS[role]} (block {k + 1} of 4, columns {k * units}..{(k + 1) * units - 1})"

    def simulate(self, x, h, c, kernel, recurrent_kernel, bias, activation=None, bias_outside=False,
                 forget_bias=None, order=None, h_from_old_c=False, tanh_on_c=True, use_o=True):
        """(new_h, new_c) in NumPy, with switches that each change one part of the step."""
        forget_bias = self.forget_bias if forget_bias is None else forget_bias
        z = x @ kernel + h @ recurrent_kernel + (0 if bias_outside else bias)
        blocks = dict(zip(order or self.order, np.split(np.asarray(z, np.float64), 4, axis=-1)))
        biases = dict(zip(order or self.order, np.split(np.asarray(bias, np.float64), 4, axis=-1)))
        blocks["f"] = blocks["f"] + forget_bias
        gate = {}
        for role, value in blocks.items():
            name = activation[1] if activation and activation[0] == role else RIGHT[role]
            gate[role] = ACTIVATIONS[name](value) + (biases[role] if bias_outside else 0)
        new_c = gate["f"] * c + gate["i"] * gate["g"]
        c_for_h = c if h_from_old_c else new_c
        return (gate["o"] if use_o else 1) * (np.tanh(c_for_h) if tanh_on_c else c_for_h), new_c

    def mistakes(self):
        """(message, switches of `simulate`) for mistakes in one part of the step each."""
        found = []
        for role in "ifgo":
            for name in ACTIVATIONS:
                if name != RIGHT[role]:
                    found.append((f"the {GATE_WORDS[role]} goes through {name}; it should go through {RIGHT[role]}",
                                  dict(activation=(role, name))))
        found.append(("the bias is added after the nonlinearities; it belongs inside each gate, sigmoid(z + b) "
                      "and tanh(z + b)", dict(bias_outside=True)))
        if self.library == "Keras":
            found.append(("a forget bias of 1 is added at call time; Keras adds none", dict(forget_bias=1.0)))
        else:
            if self.forget_bias:
                found += [("forget_bias is not added to the forget gate", dict(forget_bias=0.0)),
                          ("forget_bias is added twice", dict(forget_bias=2 * self.forget_bias))]
            if self.forget_bias != 1.0:
                found.append((f"forget_bias is taken as 1.0, not the value passed in ({self.forget_bias:g})",
                              dict(forget_bias=1.0)))
        import itertools
        for order in itertools.permutations("ifgo"):
            order = "".join(order)
            if order != self.order:
                read = ", ".join(self.letters.split(", ")[self.order.index(role)] for role in order)
                found.append((f"the four gate blocks are read in the order {read}; {self.library}'s order is "
                              f"{self.letters}", dict(order=order)))
        found += [("new_h uses the old c_prev; it uses new_c", dict(h_from_old_c=True)),
                  ("the tanh on new_c is missing: new_h = sigmoid(o) * tanh(new_c)", dict(tanh_on_c=False)),
                  ("the output gate is missing: new_h = sigmoid(o) * tanh(new_c)", dict(use_o=False))]
        return found


def _same(answer, wanted):
    """Both parts of a step's answer agree; a part that one side does not give is not compared."""
    if answer is None:
        return False
    return all(w is None or a is None or close(a, w) for a, w in zip(answer, wanted))


def _ask(step, *args):
    try:
        new_h, new_c = step(*args)
        return tuple(None if part is None else np.asarray(part, np.float64) for part in (new_h, new_c))
    except Exception:
        return None


def probe_lstm_step(step, reference, layout, batch, input_dim, units, seed=0):
    """A message naming the part of an LSTM step that differs from TensorFlow, or None."""
    rng = np.random.default_rng(10_000 + seed)
    kernel = rng.normal(0, 0.5, (input_dim, 4 * units))
    recurrent_kernel = rng.normal(0, 0.5, (units, 4 * units))
    bias = rng.normal(0, 1.0, (4 * units,))
    x = rng.normal(0, 1, (batch, input_dim))
    h = rng.uniform(-1, 1, (batch, units))
    c = rng.uniform(-6, 6, (batch, units))  # beyond +-3, where TF1's LSTMBlockCell would clip by default
    zx, zh, zb = np.zeros_like(x), np.zeros_like(h), np.zeros_like(bias)

    def differs(*args):
        return not _same(_ask(step, *args), _ask(reference, *args))

    full = (x, h, c, kernel, recurrent_kernel, bias)
    got = _ask(step, *full)
    if got is None:
        return None
    # one part of the step changed: say which (on the full question, then confirmed on the ones below)
    for message, switches in layout.mistakes():
        if _same(got, layout.simulate(*full, **switches)):
            return message
    if input_dim == units:
        if _same(got, _ask(reference, x, h, c, recurrent_kernel, kernel, bias)):
            return "x was multiplied by recurrent_kernel and h_prev by kernel: x goes with kernel, h with recurrent_kernel"

    # 1. every gate input zero: only c_prev and the forget bias matter
    if differs(zx, zh, c, kernel, recurrent_kernel, zb):
        got, want = _ask(step, zx, zh, c, kernel, recurrent_kernel, zb), _ask(reference, zx, zh, c, kernel,
                                                                            recurrent_kernel, zb)
        f = sigmoid(layout.forget_bias)
        rule = (f"every gate input is 0, so the forget gate is sigmoid(0{' + forget_bias' if layout.forget_bias else ''})"
                f" = {f:.3g}, the input gate 0.5 and the candidate tanh(0) = 0: new_c must be {f:.3g} * c_prev")
        if got is not None and got[1] is not None and not close(got[1], want[1]):
            off = ~np.isclose(got[1], want[1], rtol=1e-4, atol=1e-5)
            if np.all(np.abs(c[off]) > 3) and np.any(np.abs(c[~off]) > 2):
                return (f"new_c is wrong only where c_prev is beyond +-3: nothing in the step limits the size of c "
                        f"(no clip; {layout.library} has none)")
            if not np.any(got[1]):
                return (f"with x, h and the bias all zero, {rule}; yours is 0: c_prev does not reach new_c "
                        f"(is h taken for c? {layout.library}'s states are {layout.states})")
            if close(got[1], c):
                return f"with x, h and the bias all zero, {rule}; yours returns c_prev unchanged"
            ratio = got[1] / c
            if np.allclose(ratio, ratio.flat[0], rtol=1e-4, atol=1e-5):
                why = ""
                if layout.forget_bias and np.isclose(ratio.flat[0], 0.5):
                    why = ": forget_bias does not reach the forget gate, sigmoid(f + forget_bias)"
                elif layout.forget_bias and np.isclose(ratio.flat[0], 0.5 + layout.forget_bias):
                    why = ": forget_bias is added after the sigmoid; it belongs inside, sigmoid(f + forget_bias)"
                return f"with x, h and the bias all zero, {rule}; yours multiplies c_prev by {ratio.flat[0]:.3g}{why}"
            return f"with x, h and the bias all zero, {rule}; yours differs: check how c_prev enters new_c"
        return "new_c is right, but new_h is not, even with every gate input 0: new_h = sigmoid(o) * tanh(new_c)"

    # 2. the bias alone: one gate block at a time
    if differs(zx, zh, c, kernel, recurrent_kernel, bias):
        got = _ask(step, zx, zh, c, kernel, recurrent_kernel, bias)
        for scale, what in ((2.0, "the bias is added twice (once is enough: x @ kernel + h_prev @ recurrent_kernel + bias)"),
                            (0.0, "the bias is not used")):
            if _same(got, _ask(reference, zx, zh, c, kernel, recurrent_kernel, scale * bias)):
                return what
        blocks = []
        for k in range(4):
            only = np.zeros_like(bias)
            only[k * units:(k + 1) * units] = bias[k * units:(k + 1) * units]
            if differs(zx, zh, c, kernel, recurrent_kernel, only):
                blocks.append(layout.block_words(k, units))
        if len(blocks) == 4:
            return ("every gate block is wrong, even with x and h_prev zero: the [batch, 4 * num_units] gate inputs "
                    f"are four consecutive column blocks, {layout.letters}: z[:, :u], z[:, u:2u], z[:, 2u:3u], "
                    "z[:, 3u:] (np.split(z, 4, axis=1))")
        if blocks:
            return ("with x and h_prev zero, " + " and ".join(blocks) + (" is" if len(blocks) == 1 else " are")
                    + " computed wrong from the bias")
        return ("each gate's bias block is right on its own, but not all together: the four blocks are read "
                "from one sum, [batch, 4 * num_units], split into four")

    # 3. x alone, 4. h alone
    for part, args, weight, other in (
            ("x", (x, zh, c, kernel, recurrent_kernel, zb), "kernel", "recurrent_kernel"),
            ("h_prev", (zx, h, c, kernel, recurrent_kernel, zb), "recurrent_kernel", "kernel")):
        if not differs(*args):
            continue
        got = _ask(step, *args)
        if got is not None and _same(got, _ask(reference, zx, zh, c, kernel, recurrent_kernel, zb)):
            return f"{part} is not used: the gates read {part} through {weight}"
        if input_dim == units:
            swapped = (x, zh, c, recurrent_kernel, kernel, zb) if part == "x" else (zx, h, c, recurrent_kernel, kernel, zb)
            if _same(got, _ask(reference, *swapped)):
                return f"{part} was multiplied by {other}; {part} goes with {weight}"
        return f"the part {part} brings to the gates, {part} @ {weight}, is wrong (the bias and c_prev parts are right)"

    # 5. everything together
    if differs(*full):
        return ("x @ kernel, h_prev @ recurrent_kernel and the bias are each right on their own, but not "
                "together: add all three into one [batch, 4 * num_units] sum before any nonlinearity")
    return None


def probe_rnn_step(step, reference, batch, input_dim, units, seed=0):
    """A message naming the part of a simple RNN step that differs from TensorFlow, or None."""
    rng = np.random.default_rng(20_000 + seed)
    kernel = rng.normal(0, 0.6, (input_dim, units))
    recurrent_kernel = rng.normal(0, 0.6, (units, units))
    bias = rng.normal(0, 1.0, (units,))
    x = rng.normal(0, 1, (batch, input_dim))
    h = rng.uniform(-1, 1, (batch, units))
    zx, zh, zb = np.zeros_like(x), np.zeros_like(h), np.zeros_like(bias)

    def differs(*args):
        return not _same(_ask(step, *args), _ask(reference, *args))

    if differs(zx, zh, None, kernel, recurrent_kernel, bias):
        full = _ask(step, x, h, None, kernel, recurrent_kernel, bias)
        pre = x @ kernel + h @ recurrent_kernel
        if full is not None:
            if close(full[0], np.tanh(pre) + bias):
                return "the bias is added after the tanh; it belongs inside, tanh(x W + h_prev U + b)"
            if close(full[0], np.tanh(pre)):
                return "the bias is not used: h_t = tanh(x W + h_prev U + b)"
            for name in ACTIVATIONS:
                if name != "tanh" and close(full[0], ACTIVATIONS[name](pre + bias)):
                    return f"the new h goes through {name}; SimpleRNNCell squashes with tanh"
        return "with x and h_prev zero, the new h must be tanh(bias); yours is not: check the bias and the tanh"
    for part, args, weight, other in (
            ("x", (x, zh, None, kernel, recurrent_kernel, zb), "kernel", "recurrent_kernel"),
            ("h_prev", (zx, h, None, kernel, recurrent_kernel, zb), "recurrent_kernel", "kernel")):
        if not differs(*args):
            continue
        got = _ask(step, *args)
        if got is not None and close(got[0], np.zeros_like(got[0])):
            return f"{part} is not used: the new h depends on {part} through {weight}"
        if input_dim == units:
            swapped = (x, zh, None, recurrent_kernel, kernel, zb) if part == "x" else (zx, h, None, recurrent_kernel,
                                                                                      kernel, zb)
            if _same(got, _ask(reference, *swapped)):
                return f"{part} was multiplied by {other}; {part} goes with {weight} ({weight} and {other} swapped)"
        if part == "h_prev" or input_dim == units:  # recurrent_kernel is always square
            transposed = (x, zh, None, kernel.T, recurrent_kernel, zb) if part == "x" else (zx, h, None, kernel,
                                                                                           recurrent_kernel.T, zb)
            if _same(got, _ask(reference, *transposed)):
                return f"{weight} was used transposed: {part} @ {weight}, not {part} @ {weight}.T"
        return f"the part {part} brings, {part} @ {weight}, is wrong (the bias part is right)"
    if differs(x, h, None, kernel, recurrent_kernel, bias):
        return ("x @ kernel, h_prev @ recurrent_kernel and the bias are each right on their own, but not "
                "together: add all three before the tanh")
    return None


def first_differing_step(got, want, time_axis=1):
    """The first index along `time_axis` where got and want differ (None if none does)."""
    got, want = np.moveaxis(np.asarray(got, np.float64), time_axis, 0), np.moveaxis(np.asarray(want, np.float64), time_axis, 0)
    for t in range(want.shape[0]):
        if not close(got[t], want[t]):
            return t
    return None


def explain_sequence(got, want, what="the sequence", time_axis=1):
    """Where a sequence of states first leaves TensorFlow's, and what that means."""
    t = first_differing_step(got, want, time_axis)
    if t is None:
        return None
    moved_got, moved_want = np.moveaxis(np.asarray(got, np.float64), time_axis, 0), np.moveaxis(want, time_axis, 0)
    if len(moved_want) > 1 and close(moved_got[1:], moved_want[:-1]):
        return (f"{what} is one step late: its entry t is TensorFlow's entry t - 1. Store each step's state after "
                "the step, so that the first entry is the state after the first input")
    if len(moved_want) > 1 and close(moved_got[:-1], moved_want[1:]):
        return f"{what} is one step early: its entry t is TensorFlow's entry t + 1"
    if t == 0:
        return (f"{what} already differs at the first time step (t = 0): the step itself, or the initial state "
                "it starts from, is wrong")
    return (f"{what} matches TensorFlow at time step{'s 0 to' if t > 1 else ''} {t - 1} and first differs at "
            f"time step {t} (counting from 0): the state is not carried from one step to the next as it should be "
            "(each step starts from the previous step's [h, c])")
