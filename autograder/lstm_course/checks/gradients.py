"""Checks of notebook 4, gradients through time: cell_path_gradient, lstm_step_backward,
lstm_sequence_backward. The right answers come from tf.GradientTape on the real Keras cell and layer;
a NumPy backward pass with switches (`step_backward`, `sequence_backward`) says what a mistake would
give, and questions asked of the learner's function (upstream gradient only through h, or only
through c; one time step) say which part is wrong when no known mistake fits."""
import itertools

import numpy as np

from . import reference
from .compare import (GRADIENT_TOLERANCE, as_array, call_learner, close, compare, fail, passed, shape_difference,
                      sigmoid, visible_cases, where_values_differ)

NAMES = ("dx", "dh_prev", "dc_prev", "dkernel", "drecurrent_kernel", "dbias")
SEQUENCE_NAMES = ("d_inputs", "dh0", "dc0", "dkernel", "drecurrent_kernel", "dbias")
GATES = {"i": "input gate i", "f": "forget gate f", "g": "candidate c", "o": "output gate o"}
KERAS = "ifgo"  # Keras's blocks: i, f, c (the candidate, g here), o
LETTERS = {"i": "i", "f": "f", "g": "c", "o": "o"}
TOLERANCE = GRADIENT_TOLERANCE
PRODUCT_TOLERANCE = dict(rtol=1e-3, atol=1e-9)  # products of forget gates: positive, and small after a few steps


# ------------------------------------------------------------------ NumPy backward, with switches
def step_backward(x, h_prev, c_prev, kernel, recurrent_kernel, bias, dh_new, dc_new, order=KERAS, dz_order=None,
                  tanh_at="new_c", forget_in_dc_prev=True, use_dc_new=True, dh_reaches_c=True,
                  derivative_of_preactivation=False, missing_derivative=None, forget_bias=0.0,
                  dc_prev_from_dc_new_only=False):
    """The six gradients of one Keras-layout step (a dict by NAMES), and the step's (new_h, new_c).
    The switches each reproduce one mistake; with none, this is the right backward pass."""
    x, h_prev, c_prev, kernel, recurrent_kernel, bias, dh_new, dc_new = (
        np.asarray(a, np.float64) for a in (x, h_prev, c_prev, kernel, recurrent_kernel, bias, dh_new, dc_new))
    gate_inputs = x @ kernel + h_prev @ recurrent_kernel + bias
    z = dict(zip(order, np.split(gate_inputs, 4, axis=-1)))
    z["f"] = z["f"] + forget_bias
    gate = {role: (np.tanh if role == "g" else sigmoid)(value) for role, value in z.items()}
    new_c = gate["f"] * c_prev + gate["i"] * gate["g"]
    tanh_c = np.tanh(new_c)
    new_h = gate["o"] * tanh_c
    tanh_derivative = {"new_c": 1 - tanh_c ** 2, "c_prev": 1 - np.tanh(c_prev) ** 2, "none": 1.0}[tanh_at]
    dc = (dc_new if use_dc_new else 0) + (dh_new * gate["o"] * tanh_derivative if dh_reaches_c else 0)
    d_gate = {"i": dc * gate["g"], "f": dc * c_prev, "g": dc * gate["i"], "o": dh_new * tanh_c}
    d_z = {}
    for role in "ifgo":
        value = z[role] if derivative_of_preactivation else gate[role]
        derivative = 1 - value ** 2 if role == "g" else value * (1 - value)
        d_z[role] = d_gate[role] * (1.0 if missing_derivative == role else derivative)
    d_gate_inputs = np.concatenate([d_z[role] for role in (dz_order or order)], axis=-1)
    grads = {"dx": d_gate_inputs @ kernel.T, "dh_prev": d_gate_inputs @ recurrent_kernel.T,
             "dc_prev": (dc_new if dc_prev_from_dc_new_only else dc) * (gate["f"] if forget_in_dc_prev else 1),
             "dkernel": x.T @ d_gate_inputs, "drecurrent_kernel": h_prev.T @ d_gate_inputs,
             "dbias": d_gate_inputs.sum(axis=0)}
    return grads, (new_h, new_c)


def sequence_backward(inputs, h0, c0, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T, weights_from="all",
                      carry_dh=True, carry_dc=True, use_dh_T=True, use_dc_T=True, use_last_d_sequence=True,
                      from_zero_state=False, states_after=False, states_swapped=False, step_switches=None):
    """The six gradients of backpropagation through time (a dict by SEQUENCE_NAMES), with switches
    that reproduce mistakes; weights_from: 'all' steps, or only the 'first' or the 'last' step."""
    inputs = np.asarray(inputs, np.float64)
    batch, steps, _ = inputs.shape
    h, c = (np.zeros_like(np.asarray(h0, np.float64)),) * 2 if from_zero_state else (h0, c0)
    if states_swapped:
        h, c = c, h
    states = []
    for t in range(steps):
        before = (h, c)
        _, (h, c) = step_backward(inputs[:, t], h, c, kernel, recurrent_kernel, bias, np.zeros_like(h),
                                  np.zeros_like(h))
        states.append((h, c) if states_after else before)
    dh = np.asarray(dh_T, np.float64) if use_dh_T else np.zeros_like(h)
    dc = np.asarray(dc_T, np.float64) if use_dc_T else np.zeros_like(c)
    d_inputs = np.zeros_like(inputs)
    total = {name: 0.0 for name in ("dkernel", "drecurrent_kernel", "dbias")}
    for t in reversed(range(steps)):
        upstream = np.asarray(d_sequence[:, t], np.float64) if (use_last_d_sequence or t < steps - 1) else 0.0
        grads, _ = step_backward(inputs[:, t], *states[t], kernel, recurrent_kernel, bias, upstream + dh, dc,
                                 **(step_switches or {}))
        d_inputs[:, t] = grads["dx"]
        for name in total:
            if {"all": True, "first": t == 0, "last": t == steps - 1}[weights_from]:
                total[name] = total[name] + grads[name]
        dh = grads["dh_prev"] if carry_dh else np.zeros_like(dh)
        dc = grads["dc_prev"] if carry_dc else np.zeros_like(dc)
    if not carry_dh:
        dh = grads["dh_prev"]
    if not carry_dc:
        dc = grads["dc_prev"]
    return dict(d_inputs=d_inputs, dh0=dh, dc0=dc, **total)


def step_mistakes():
    """(message, switches of step_backward) for one mistake each."""
    found = [
        ("the derivative of tanh on c is missing: new_h = o * tanh(new_c), so dh_new reaches c as "
         "dh_new * o * (1 - tanh(new_c)**2)", dict(tanh_at="none")),
        ("the derivative of tanh is taken at c_prev; it belongs at the new c: 1 - tanh(new_c)**2",
         dict(tanh_at="c_prev")),
        ("the gradient into c_prev is missing the forget gate: new_c = f * c_prev + i * c~, so dc_prev = dc * f",
         dict(forget_in_dc_prev=False)),
        ("dc_prev is only dc_new * f: it is the whole gradient of the new c times f, (dc_new + dh_new * o * "
         "(1 - tanh(new_c)**2)) * f, since dh_new reaches c_prev through the new c too",
         dict(dc_prev_from_dc_new_only=True)),
        ("the upstream dc_new is ignored: the gradient reaching the new c is dc_new plus what dh_new brings "
         "through h = o * tanh(c)", dict(use_dc_new=False)),
        ("dh_new never reaches c: besides dc_new, c gets dh_new * o * (1 - tanh(new_c)**2) through h = o * tanh(c)",
         dict(dh_reaches_c=False)),
        ("a derivative is computed from the gate's input instead of its value: for s = sigmoid(z) it is s * (1 - s), "
         "for g = tanh(z) it is 1 - g**2, with s and g the gates, not z", dict(derivative_of_preactivation=True)),
    ]
    found.append(("1 is added to the forget gate's input: Keras adds no forget bias when it runs; "
                  "unit_forget_bias=True only starts the f block of the bias at 1. The bias you are given is the "
                  "whole bias: add nothing to it", dict(forget_bias=1.0)))
    for role in "ifgo":
        how = "1 - c~**2" if role == "g" else f"{LETTERS[role]} * (1 - {LETTERS[role]})"
        found.append((f"the derivative of the {GATES[role]}'s {'tanh' if role == 'g' else 'sigmoid'} is missing: "
                      f"multiply its gradient by {how}", dict(missing_derivative=role)))
    for order in itertools.permutations(KERAS):
        order = "".join(order)
        if order != KERAS:
            read = ", ".join(LETTERS[role] for role in order)
            found.append((f"the gradients of the four gate blocks are put together in the order {read}; the forward "
                          "pass splits them in Keras's order i, f, c, o, and the backward pass must join them in the "
                          "same order", dict(dz_order=order)))
            found.append((f"the gate blocks are read in the order {read}; Keras's order is i, f, c, o (kernel, "
                          "recurrent_kernel and bias columns), in the forward and the backward pass",
                          dict(order=order)))
    return found


def _blocks_that_differ(got, want):
    """The gates whose block of columns (the last axis, split in 4 in Keras's order) differs."""
    got_blocks, want_blocks = np.split(got, 4, axis=-1), np.split(want, 4, axis=-1)
    return [role for role, g, w in zip(KERAS, got_blocks, want_blocks) if not close(g, w, TOLERANCE)]


def _describe_wrong(got, want, names):
    """'dc_prev, dbias (blocks of the forget gate f, candidate c)' for the gradients that differ."""
    parts = []
    for name in names:
        if close(got[name], want[name], TOLERANCE):
            continue
        if name in ("dkernel", "drecurrent_kernel", "dbias"):
            roles = _blocks_that_differ(got[name], want[name])
            if 0 < len(roles) < 4:
                parts.append(f"{name} (only the columns of the {', '.join(GATES[r] for r in roles)})")
                continue
        parts.append(name)
    return parts


def _as_results(result, function_name, names, shapes, axes):
    """The learner's six gradients as float64 arrays (a dict by name), after checking count and shapes."""
    if isinstance(result, dict):
        fail(f"{function_name} should return a tuple of six arrays, ({', '.join(names)}), not a dict")
    try:
        result = list(result)
    except TypeError:
        fail(f"{function_name} should return six arrays, ({', '.join(names)}); it returned "
             f"{type(result).__name__}")
    if len(result) != 6:
        fail(f"{function_name} should return six arrays, ({', '.join(names)}); it returned {len(result)}")
    got = {}
    for name, value, shape in zip(names, result, shapes):
        got[name] = as_array(value, name)
        if got[name].shape != tuple(shape):
            others = [other for other, other_shape in zip(names, shapes) if tuple(other_shape) == got[name].shape]
            if others and name not in others:
                fail(f"{function_name}: {name} has the shape of {others[0]}, {got[name].shape}; "
                     f"it should have {tuple(shape)}, the shape of what it is the gradient of. Are the results in "
                     f"the order ({', '.join(names)})?")
            fail(f"{function_name}: {name} has shape {got[name].shape}, but it is the gradient of an array of shape "
                 f"{tuple(shape)} and must have its shape: " + shape_difference(got[name].shape, shape, axes.get(name)))
    return got


def _all_close(got, want):
    return all(close(got[name], want[name], TOLERANCE) for name in want)


def _factor(got, want):
    """k when got is want times a constant k (not 1), else None."""
    got, want = np.ravel(got), np.ravel(want)
    if got.shape != want.shape or not np.any(want):
        return None
    k = float(got @ want / (want @ want))
    return k if abs(k - 1) > 1e-3 and close(got, k * want, TOLERANCE) else None


def _other_ways_wrong(got, want, names, batch, steps=None):
    """Messages for gradients that are right but scaled, swapped with another, or in reverse time order."""
    messages = []
    for name in names:
        if close(got[name], want[name], TOLERANCE):
            continue
        k = _factor(got[name], want[name])
        if k is not None:
            why = ""
            if batch > 1 and abs(k - 1 / batch) < 1e-3:
                why = f": divided by the batch size {batch}; the loss is a sum, so every example's part adds up"
            elif steps and steps > 1 and abs(k - 1 / steps) < 1e-3:
                why = f": divided by the number of steps {steps}; every step's part adds up"
            messages.append(f"{name} is TensorFlow's times {k:.4g}{why}")
            continue
        for other in names:
            if other != name and got[name].shape == want[other].shape and close(got[name], want[other], TOLERANCE):
                messages.append(f"{name} holds what belongs in {other}: are the results in the order "
                                f"({', '.join(names)})?")
                break
        else:
            if steps and steps > 1 and got[name].ndim == 3 and close(got[name][:, ::-1], want[name], TOLERANCE):
                messages.append(f"{name} is in reverse time order: the gradient of step t belongs at {name}[:, t]")
            elif got[name].size > 1 and got[name].shape == want[name].shape and np.allclose(
                    np.sort(got[name], axis=None), np.sort(want[name], axis=None), **TOLERANCE):
                messages.append(f"{name} holds TensorFlow's numbers, but in other places: " + (
                    "the gate blocks interleaved (a stack and reshape where a concatenate was needed?) or the axes "
                    "mixed up" if name in ("dkernel", "drecurrent_kernel", "dbias") else
                    "an axis mix-up (a reshape where a transpose was needed?)"))
    return messages


# ------------------------------------------------------------------------------- cell_path_gradient
@visible_cases(dict(batch=2, time_steps=5, input_dim=3, units=4, seed=0),
               dict(batch=3, time_steps=3, input_dim=4, units=4, seed=1),  # batch = time steps, input width = units
               dict(batch=1, time_steps=4, input_dim=2, units=5, seed=2),  # a batch of 1
               dict(batch=4, time_steps=4, input_dim=4, units=4, seed=3),  # batch = time = units: square slices
               dict(batch=2, time_steps=6, input_dim=3, units=1, seed=4))  # a single unit
def check_cell_path_gradient(cell_path_gradient, batch=2, time_steps=5, input_dim=3, units=4, seed=0):
    """cell_path_gradient(forget_gates [batch, time, units]) -> dc_t/dc_0 along the cell path for every t,
    against tf.GradientTape through keras.layers.LSTMCell stepped with tf.stop_gradient on h."""
    inputs, h0, c0, weights = reference.sequence_case(seed, batch, time_steps, input_dim, units)
    forget_gates, want = reference.keras_cell_path_gradient(inputs, h0, c0, weights)

    result = call_learner(cell_path_gradient, forget_gates.copy(),
                          hint="forget_gates is [batch, time, num_units]: multiply along axis 1, the time axis")
    f = forget_gates.astype(np.float64)
    before = np.concatenate([np.ones_like(f[:, :1]), np.cumprod(f, axis=1)[:, :-1]], axis=1)
    mistakes = [
        (np.cumsum(f, axis=1), "this is the running sum of the forget gates; along the cell path each step "
                               "multiplies the gradient by its forget gate: a running product"),
        (before, "off by one step: entry t is the gradient of c_(t+1), so it already includes f_(t+1); the first "
                 "entry is f_1, not 1"),
        (np.cumprod(f[:, ::-1], axis=1)[:, ::-1], "this is the product from each step to the end, the gradient of "
                                                  "c_T with respect to c_t; entry t is c_(t+1) with respect to c_0: "
                                                  "the product from the first step up to step t+1"),
        (np.cumprod(1 - f, axis=1), "this multiplies 1 - f; the cell path keeps f * c_(t-1), so the factor is f"),
        (np.cumprod(sigmoid(f), axis=1), "the forget gates are already sigmoid outputs: do not squash them again"),
        (np.repeat(np.prod(f, axis=1, keepdims=True), time_steps, axis=1),
         "every entry is the product over all steps; entry t stops at step t+1: a running product"),
        (np.broadcast_to(f[:, :1], f.shape), "every entry is f_1; entry t multiplies f_1 up to f_(t+1)"),
        (f, "these are the forget gates themselves; entry t is their product up to step t+1"),
    ]
    if batch > 1:
        mistakes.append((np.cumprod(f, axis=0), "the product runs along axis 0, the batch; time is axis 1"))
    if units > 1:
        mistakes.append((np.cumprod(f, axis=2), "the product runs along axis 2, the units; time is axis 1"))
    shape_hints = [((batch, units), "return the running product for every step, [batch, time, num_units], not only "
                                    "the last one"),
                   ((batch, time_steps), "keep the units apart: the gradient is per unit, [batch, time, num_units]")]

    def probe():  # one step: the answer is the forget gate itself
        try:
            one = as_array(cell_path_gradient(forget_gates[:, :1].copy()), "one step")
        except Exception as error:
            return (f"asked with a single time step, forget_gates of shape {forget_gates[:, :1].shape}, it raised "
                    f"{type(error).__name__}: {error}. Does it take the number of steps from axis 1, the time axis?")
        if one.shape == f[:, :1].shape and not close(one, f[:, :1], TOLERANCE):
            return ("with a single time step the answer should be the forget gate itself (dc_1/dc_0 = f_1), "
                    "and it is not")
        where = where_values_differ(as_array(result, "result"), want, ("batch", "time", "num_units"), TOLERANCE)
        return ("the first step is right (f_1) but later ones are not: each entry multiplies the one before by the "
                "next forget gate" + (f" ({'; '.join(where)})" if where else ""))

    compare(result, want, "cell_path_gradient", mistakes, shape_hints, axes=("batch", "time", "num_units"),
            probe=probe, tolerance=PRODUCT_TOLERANCE)
    passed(f"cell_path_gradient matches tf.GradientTape through keras LSTMCell with h cut (batch {batch}, "
           f"{time_steps} steps, num_units {units})")


# ------------------------------------------------------------------------------- lstm_step_backward
def step_case(seed, batch, input_dim, units):
    rng = np.random.default_rng(seed)
    weights = reference.random_lstm_weights(rng, input_dim, units)
    x = rng.normal(0, 1, (batch, input_dim)).astype(np.float32)
    h_prev, c_prev = reference.lstm_states(rng, batch, units)
    c_prev = (c_prev / 3).astype(np.float32)  # |c| about 1-2: tanh(c) not saturated, so its derivative matters
    dh_new = rng.normal(0, 1, (batch, units)).astype(np.float32)
    dc_new = rng.normal(0, 1, (batch, units)).astype(np.float32)
    return x, h_prev, c_prev, weights, dh_new, dc_new


def diagnose_step(step, x, h_prev, c_prev, weights, dh_new, dc_new, got, want, function_name, labels=None):
    """(message, named): what is wrong in a step's gradients `got` (want: TensorFlow's). `labels` renames
    the six gradients in the message (a step asked through a one-step sequence)."""
    arrays = (x, h_prev, c_prev, *weights, dh_new, dc_new)
    for message, switches in step_mistakes():
        mistake, _ = step_backward(*arrays, **switches)
        if _all_close(got, mistake):
            return message, True
    swapped, _ = step_backward(x, c_prev, h_prev, *weights, dh_new, dc_new)
    exchanged = dict(swapped, dh_prev=swapped["dc_prev"], dc_prev=swapped["dh_prev"])
    if _all_close(got, swapped) or _all_close(got, exchanged):
        return "states is [h_prev, c_prev], h first (Keras's order); the answer takes c first (TF1's order)", True
    label = lambda name: (labels or {}).get(name, name)  # noqa: E731
    others = _other_ways_wrong(got, want, NAMES, x.shape[0])
    if others:
        return "; ".join(others), True
    wrong = _describe_wrong(got, want, NAMES)
    right = [name for name in NAMES if close(got[name], want[name], TOLERANCE)]
    message = f"wrong: {', '.join(label(w) for w in wrong)}" + (f"; right: {', '.join(map(label, right))}"
                                                                 if right else "")
    dz_right = close(got["dx"], want["dx"], TOLERANCE) and close(got["dh_prev"], want["dh_prev"], TOLERANCE)
    weights_wrong = not all(close(got[n], want[n], TOLERANCE) for n in ("dkernel", "drecurrent_kernel", "dbias"))
    if dz_right and weights_wrong:
        return message + (f"; {label('dx')} and {label('dh_prev')} are right, so the gradient of the gate inputs is: "
                          "the weight gradients are x.T @ d_gate_inputs, h_prev.T @ d_gate_inputs and its sum over "
                          "the batch"), True
    # which upstream path is wrong: ask with only dh_new, then with only dc_new
    verdicts = {}
    for path, (dh, dc) in {"h": (dh_new, 0 * dc_new), "c": (0 * dh_new, dc_new)}.items():
        try:
            answer = _as_results(step(x.copy(), [h_prev.copy(), c_prev.copy()], *(w.copy() for w in weights),
                                      dh.copy(), dc.copy()), function_name, NAMES,
                                 [a.shape for a in (x, h_prev, c_prev, *weights)], {})
            verdicts[path] = _all_close(answer, dict(zip(NAMES, reference.keras_step_gradients(
                x, h_prev, c_prev, weights, dh, dc))))
        except Exception:
            verdicts[path] = False
    if verdicts["h"] and not verdicts["c"]:
        return message + ("; with dc_new = 0 (upstream only through h) all six are right, with dh_new = 0 (only "
                          "through c) they are not: what dc_new does is wrong (it adds to the gradient of the new c, "
                          "which reaches c_prev times f and the gates i, f, c)"), True
    if verdicts["c"] and not verdicts["h"]:
        return message + ("; with dh_new = 0 (upstream only through c) all six are right, with dc_new = 0 (only "
                          "through h) they are not: the path from dh_new is wrong (h = o * tanh(c): to o, and to c "
                          "through tanh')"), True
    if right and close(got["dc_prev"], want["dc_prev"], TOLERANCE) and not close(got["dx"], want["dx"], TOLERANCE):
        return message + (f"; {label('dc_prev')} is right, so the gradient reaching c is right: look at the gates' "
                          "derivatives"), True
    if right:
        return message, True
    return ("all six gradients differ from TensorFlow's, whether the upstream gradient comes through h or through c. "
            "Check the forward pass first (the gates in Keras's order i, f, c, o; states = [h_prev, c_prev]), then "
            "the gradient reaching c: dc = dc_new + dh_new * o * (1 - tanh(new_c)**2)"), False


STEP_AXES = {"dx": ("batch", "input_dim"), "dh_prev": ("batch", "num_units"), "dc_prev": ("batch", "num_units"),
             "dkernel": ("input_dim", "4 * num_units"), "drecurrent_kernel": ("num_units", "4 * num_units"),
             "dbias": ("4 * num_units",)}


@visible_cases(dict(batch=2, input_dim=3, units=4, seed=0),
               dict(batch=3, input_dim=4, units=4, seed=1),   # input width = num_units: kernel and recurrent kernel alike
               dict(batch=1, input_dim=2, units=5, seed=2),   # a batch of 1
               dict(batch=4, input_dim=4, units=1, seed=3),   # one unit: [4, 4] kernel, square
               dict(batch=3, input_dim=12, units=3, seed=4))  # input width = 4 * num_units: square kernel
def check_lstm_step_backward(lstm_step_backward, batch=2, input_dim=3, units=4, seed=0):
    """lstm_step_backward(x, [h_prev, c_prev], kernel, recurrent_kernel, bias, dh_new, dc_new) ->
    (dx, dh_prev, dc_prev, dkernel, drecurrent_kernel, dbias), against tf.GradientTape on
    keras.layers.LSTMCell holding the same weights."""
    x, h_prev, c_prev, weights, dh_new, dc_new = step_case(seed, batch, input_dim, units)
    want = dict(zip(NAMES, reference.keras_step_gradients(x, h_prev, c_prev, weights, dh_new, dc_new)))
    result = call_learner(lstm_step_backward, x.copy(), [h_prev.copy(), c_prev.copy()], *(w.copy() for w in weights),
                          dh_new.copy(), dc_new.copy(),
                          hint="states is [h_prev, c_prev]; return (dx, dh_prev, dc_prev, dkernel, "
                               "drecurrent_kernel, dbias)")
    got = _as_results(result, "lstm_step_backward", NAMES, [want[n].shape for n in NAMES], STEP_AXES)
    if not _all_close(got, want):
        for name in NAMES:
            if not np.all(np.isfinite(got[name])):
                fail(f"lstm_step_backward: {name} contains NaN or infinite values")
        message, named = diagnose_step(lstm_step_backward, x, h_prev, c_prev, weights, dh_new, dc_new, got, want,
                                       "lstm_step_backward")
        fail(f"lstm_step_backward (batch {batch}, input width {input_dim}, num_units {units}): {message}", named)
    passed(f"lstm_step_backward matches tf.GradientTape on keras LSTMCell (batch {batch}, input width {input_dim}, "
           f"num_units {units})")


# --------------------------------------------------------------------------- lstm_sequence_backward
def sequence_gradient_case(seed, batch, time_steps, input_dim, units):
    inputs, h0, c0, weights = reference.sequence_case(seed, batch, time_steps, input_dim, units)
    rng = np.random.default_rng(seed + 10_000)
    c0 = (c0 / 3).astype(np.float32)
    d_sequence = rng.normal(0, 1, (batch, time_steps, units)).astype(np.float32)
    dh_T = rng.normal(0, 1, (batch, units)).astype(np.float32)
    dc_T = rng.normal(0, 1, (batch, units)).astype(np.float32)
    return inputs, h0, c0, weights, d_sequence, dh_T, dc_T


SEQUENCE_MISTAKES = [
    ("the weight gradients are those of the first step only: add every step's dkernel, drecurrent_kernel and "
     "dbias (+=), they are shared by all steps", dict(weights_from="first")),
    ("the weight gradients are those of the last step only: add every step's dkernel, drecurrent_kernel and dbias "
     "(+=), they are shared by all steps", dict(weights_from="last")),
    ("dh is not carried back through time: each step's dh_prev must be added to the upstream gradient of the step "
     "before", dict(carry_dh=False)),
    ("dc is not carried back through time: each step's dc_prev is the dc_new of the step before",
     dict(carry_dc=False)),
    ("dh_T is ignored: the final h is also returned as a state, so its gradient adds to d_sequence[:, -1]",
     dict(use_dh_T=False)),
    ("dc_T is ignored: it is the dc_new of the last step", dict(use_dc_T=False)),
    ("d_sequence[:, -1] is ignored at the last step: there dh is d_sequence[:, -1] + dh_T (the last h is both the "
     "last output and the final state)", dict(use_last_d_sequence=False)),
    ("the forward pass starts from zeros; it starts from initial_state = [h0, c0]", dict(from_zero_state=True)),
    ("initial_state is [h0, c0], h first (Keras's order); the answer takes c0 first", dict(states_swapped=True)),
    ("each step's backward pass is given the state after that step; it needs the state it started from, "
     "[h_(t-1), c_(t-1)] (keep it before the step overwrites h and c)", dict(states_after=True)),
]


@visible_cases(dict(batch=2, time_steps=5, input_dim=3, units=4, seed=0),
               dict(batch=3, time_steps=3, input_dim=4, units=4, seed=1),  # batch = time steps, input width = units
               dict(batch=1, time_steps=4, input_dim=2, units=5, seed=2),  # a batch of 1
               dict(batch=4, time_steps=4, input_dim=4, units=1, seed=3),  # one unit: square kernels
               dict(batch=2, time_steps=1, input_dim=3, units=2, seed=4),  # a single step
               dict(batch=6, time_steps=10, input_dim=5, units=6, seed=5))  # longer: gradients add up to larger values
def check_lstm_sequence_backward(lstm_sequence_backward, batch=2, time_steps=5, input_dim=3, units=4, seed=0):
    """lstm_sequence_backward(inputs, [h0, c0], kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T) ->
    (d_inputs, dh0, dc0, dkernel, drecurrent_kernel, dbias), against tf.GradientTape on
    keras.layers.LSTM(return_sequences=True, return_state=True) called with initial_state."""
    inputs, h0, c0, weights, d_sequence, dh_T, dc_T = sequence_gradient_case(seed, batch, time_steps, input_dim, units)
    want = dict(zip(SEQUENCE_NAMES, reference.keras_sequence_gradients(inputs, h0, c0, weights, d_sequence, dh_T,
                                                                       dc_T)))
    result = call_learner(lstm_sequence_backward, inputs.copy(), [h0.copy(), c0.copy()], *(w.copy() for w in weights),
                          d_sequence.copy(), dh_T.copy(), dc_T.copy(),
                          hint="inputs are [batch, time, input_dim]; go back from the last step (axis 1) to the first")
    axes = {"d_inputs": ("batch", "time", "input_dim"), "dh0": ("batch", "num_units"),
            "dc0": ("batch", "num_units"), "dkernel": STEP_AXES["dkernel"],
            "drecurrent_kernel": STEP_AXES["drecurrent_kernel"], "dbias": STEP_AXES["dbias"]}
    got = _as_results(result, "lstm_sequence_backward", SEQUENCE_NAMES, [want[n].shape for n in SEQUENCE_NAMES],
                      axes)
    if _all_close(got, want):
        passed(f"lstm_sequence_backward matches tf.GradientTape on keras LSTM (batch {batch}, {time_steps} steps, "
               f"input width {input_dim}, num_units {units})")
        return
    for name in SEQUENCE_NAMES:
        if not np.all(np.isfinite(got[name])):
            fail(f"lstm_sequence_backward: {name} contains NaN or infinite values")
    where = f"lstm_sequence_backward (batch {batch}, {time_steps} steps, input width {input_dim}, num_units {units})"
    arrays = (inputs, h0, c0, *weights, d_sequence, dh_T, dc_T)
    for message, switches in SEQUENCE_MISTAKES:
        mistake = sequence_backward(*arrays, **switches)
        if _all_close(got, mistake) or (switches.get("states_swapped") and _all_close(
                got, dict(mistake, dh0=mistake["dc0"], dc0=mistake["dh0"]))):
            fail(f"{where}: {message}")
    for message, switches in step_mistakes():
        if _all_close(got, sequence_backward(*arrays, step_switches=switches)):
            fail(f"{where}: in each step's backward pass, {message}")
    message, named = explain_sequence_gradients(lstm_sequence_backward, arrays, got, want)
    fail(f"{where}: {message}", named)


def explain_sequence_gradients(function, arrays, got, want):
    """(message, named): which gradients differ, and where along time; whether a single step is already
    wrong."""
    inputs, h0, c0, kernel, recurrent_kernel, bias, d_sequence, dh_T, dc_T = arrays
    others = _other_ways_wrong(got, want, SEQUENCE_NAMES, inputs.shape[0], inputs.shape[1])
    if others:
        return "; ".join(others), True
    wrong = _describe_wrong(got, want, SEQUENCE_NAMES)
    message = "wrong: " + ", ".join(wrong)
    # one upstream gradient at a time: which of d_sequence, dh_T, dc_T is handled wrongly?
    upstream = {"d_sequence": d_sequence, "dh_T": dh_T, "dc_T": dc_T}
    verdicts = {}
    for only in upstream:
        asked = {name: value if name == only else np.zeros_like(value) for name, value in upstream.items()}
        try:
            answer = function(inputs.copy(), [h0.copy(), c0.copy()], kernel.copy(), recurrent_kernel.copy(),
                              bias.copy(), *(a.copy() for a in asked.values()))
            answer = dict(zip(SEQUENCE_NAMES, (np.asarray(a, np.float64) for a in answer)))
            verdicts[only] = _all_close(answer, dict(zip(SEQUENCE_NAMES, reference.keras_sequence_gradients(
                inputs, h0, c0, (kernel, recurrent_kernel, bias), *asked.values()))))
        except Exception:
            verdicts[only] = False
    right_alone = [name for name, ok in verdicts.items() if ok]
    wrong_alone = [name for name, ok in verdicts.items() if not ok]
    if right_alone and wrong_alone:
        what = {"d_sequence": "d_sequence[:, t] adds to dh at step t, at every step",
                "dh_T": "dh_T adds to dh at the last step, beside d_sequence[:, -1]",
                "dc_T": "dc_T is the dc of the last step"}
        return (message + f"; asked with only {' or only '.join(right_alone)} as the upstream gradient (the others "
                f"zero) it is right, with only {' or only '.join(wrong_alone)} it is not: "
                + "; ".join(what[name] for name in wrong_alone)), True
    if close(got["d_inputs"], want["d_inputs"], TOLERANCE) and close(got["dh0"], want["dh0"], TOLERANCE):
        if any(not close(got[n], want[n], TOLERANCE) for n in ("dkernel", "drecurrent_kernel", "dbias")):
            return message + ("; d_inputs and dh0 are right, so the backward steps are: the weight gradients must be "
                              "the sum of every step's"), True
        return message + ("; d_inputs, dh0 and the weights' gradients are right: dc0 is the dc_prev that the first "
                          "step's backward pass returns"), True
    steps = np.flatnonzero([not close(got["d_inputs"][:, t], want["d_inputs"][:, t], TOLERANCE)
                            for t in range(inputs.shape[1])])
    if inputs.shape[1] > 1 and len(steps) and steps.max() < inputs.shape[1] - 1:
        return message + (f"; d_inputs is right at the last step and wrong at steps {', '.join(map(str, steps))}: "
                          "the step is right, what is carried back from one step to the one before (dh and dc) "
                          "or what is added there is not"), True
    # the last step is wrong too: is a single step already wrong?
    def one_step(x, states, kernel, recurrent_kernel, bias, dh_new, dc_new):
        result = function(np.float32(x)[:, None], [np.float32(s) for s in states], kernel, recurrent_kernel, bias,
                          np.float32(dh_new)[:, None], np.zeros_like(np.float32(dh_new)), np.float32(dc_new))
        d_inputs, dh0, dc0, *rest = result
        return (np.asarray(d_inputs)[:, 0], dh0, dc0, *rest)
    x, h_prev, c_prev = inputs[:, 0], h0, c0
    rng = np.random.default_rng(0)
    dh_new = rng.normal(0, 1, h0.shape).astype(np.float32)
    dc_new = rng.normal(0, 1, h0.shape).astype(np.float32)
    weights = (kernel, recurrent_kernel, bias)
    step_want = dict(zip(NAMES, reference.keras_step_gradients(x, h_prev, c_prev, weights, dh_new, dc_new)))
    try:
        step_got = _as_results(one_step(x, [h_prev, c_prev], *weights, dh_new, dc_new), "one step", NAMES,
                               [step_want[n].shape for n in NAMES], {})
    except Exception:
        return message, False
    if not _all_close(step_got, step_want):
        step_message, named = diagnose_step(one_step, x, h_prev, c_prev, weights, dh_new, dc_new, step_got,
                                            step_want, "one step", labels=dict(zip(NAMES, SEQUENCE_NAMES)))
        return "already a sequence of one step is wrong: " + step_message, named
    return message + ("; a sequence of one step is right, so the loop over time is wrong (it must go from the last "
                      "step back to the first, carrying dh and dc)"), True
