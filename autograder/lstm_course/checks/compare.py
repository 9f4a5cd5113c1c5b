"""How a check calls a learner's function, compares what it returns with TensorFlow's answer, and
says what is wrong.

A failed check raises `CheckFailed`, an AssertionError whose traceback in Jupyter (and in the
Validate button's report) is only the learner's message, plus the learner's own lines when their
code crashed: none of the checks' internal frames.
"""
import functools
import inspect
import traceback
from pathlib import Path

import numpy as np

TOLERANCE = dict(rtol=1e-4, atol=1e-5)  # float32 references; float64 answers pass too
# gradients sum many float32 products (over the batch, over time): float32 answers differ more
GRADIENT_TOLERANCE = dict(rtol=1e-3, atol=1e-4)
CHECKS_FOLDER = str(Path(__file__).resolve().parent)


class CheckFailed(AssertionError):
    """A check's verdict. `named` is False when the message can only say that the values differ,
    not which part of the answer is wrong (the course's own figures count those)."""

    def __init__(self, message, named=True, learner_lines=()):
        super().__init__(message)
        self.named = named
        self.learner_lines = list(learner_lines)

    def _render_traceback_(self):
        """What IPython shows for this error: the message, not the checks' frames."""
        return self.learner_lines + [f"\x1b[0;31mCheckFailed\x1b[0m: {self}"]


def fail(message, named=True):
    raise CheckFailed(message, named=named)


def _learner_lines(error):
    """The frames of a learner's crash that are the learner's own code (not the checks', not numpy's
    or TensorFlow's), formatted as Python would."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not frame.filename.startswith(CHECKS_FOLDER) and "site-packages" not in frame.filename
              and "/lib/python" not in frame.filename]
    return traceback.format_list(frames)


def call_learner(function, *args, hint="", **kwargs):
    """Call the learner's function; turn a crash into a readable failure that shows the learner's
    own line. NotImplementedError (an exercise not done yet) goes through as it is."""
    before = [_snapshot(a) for a in args]
    try:
        result = function(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as error:  # the learner's code crashed: say where and why
        shapes = ", ".join(describe(a) for a in args)
        name = getattr(function, "__name__", "your function")
        failure = CheckFailed(f"{name}({shapes}) raised {type(error).__name__}: {error}"
                              + (f"\nHint: {hint}" if hint else ""), learner_lines=_learner_lines(error))
        raise failure from error
    for position, (arg, snapshot) in enumerate(zip(args, before)):
        if not _unchanged(arg, snapshot):
            name = getattr(function, "__name__", "your function")
            fail(f"{name} changed its argument {_parameter_name(function, position)} in place: the caller's array "
                 "is not the same afterwards. Work on a new array (b = b - x, or b = b.copy() first), not with "
                 "-=, += or assignment into the argument")
    return result


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value) if isinstance(value, list) else tuple(_snapshot(v) for v in value)
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    return None


def _unchanged(value, snapshot):
    if isinstance(value, np.ndarray):
        return snapshot is not None and value.shape == snapshot.shape and np.array_equal(value, snapshot, equal_nan=True)
    if isinstance(value, (list, tuple)):
        return len(value) == len(snapshot) and all(_unchanged(v, s) for v, s in zip(value, snapshot))
    if isinstance(value, dict):
        return value.keys() == snapshot.keys() and all(_unchanged(value[k], snapshot[k]) for k in value)
    return True


def _parameter_name(function, position):
    import inspect

    try:
        names = list(inspect.signature(function).parameters)
        return f"'{names[position]}'"
    except Exception:
        return f"number {position + 1}"


def describe(value):
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"array of shape {tuple(shape)}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return "dict of " + ", ".join(f"{key!r}: {describe(item)}" for key, item in value.items())
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_array(result, name):
    try:
        array = np.asarray(result, dtype=np.float64)
    except Exception:
        fail(f"{name} returned {type(result).__name__}, which is not an array of numbers")
    return array


def pair(result, name, what):
    try:
        first, second = result
    except Exception:
        fail(f"{name} should return {what}; it returned {type(result).__name__}")
    return first, second


def passed(message):
    print("\u2713 " + message)


def close(got, want, tolerance=None):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    return (got.shape == want.shape and bool(np.all(np.isfinite(got)))
            and np.allclose(got, want, **(tolerance or TOLERANCE)))


def shape_difference(got_shape, want_shape, axes):
    """Name the axes that differ between two shapes, in words: `axes` names want's axes, e.g.
    ("batch", "num_units")."""
    got_shape, want_shape = tuple(got_shape), tuple(want_shape)
    axes = tuple(axes) if axes else tuple(f"axis {k}" for k in range(len(want_shape)))
    label = lambda k: f"axis {k} ({axes[k]})"  # noqa: E731
    if len(got_shape) == len(want_shape):
        if sorted(got_shape) == sorted(want_shape):
            return (f"the axes are in another order: expected {' x '.join(axes)} = {want_shape}; "
                    "a transpose or a reshape put them out of order")
        wrong = [k for k in range(len(want_shape)) if got_shape[k] != want_shape[k]]
        return "; ".join(f"{label(k)} has length {got_shape[k]} where it should have {want_shape[k]}" for k in wrong)
    if len(got_shape) < len(want_shape):
        for k in range(len(want_shape)):
            if want_shape[:k] + want_shape[k + 1:] == got_shape:
                extra = " (an axis of length 1 that squeeze() removes)" if want_shape[k] == 1 else ""
                return f"{label(k)} is missing{extra}: the result must keep it, shape {want_shape}"
        return f"it has {len(got_shape)} axes where TensorFlow's has {len(want_shape)} ({' x '.join(axes)})"
    for k in range(len(got_shape)):
        if got_shape[:k] + got_shape[k + 1:] == want_shape:
            return f"it has an extra axis {k} of length {got_shape[k]}; TensorFlow's is {' x '.join(axes)}"
    return f"it has {len(got_shape)} axes where TensorFlow's has {len(want_shape)} ({' x '.join(axes)})"


def where_values_differ(got, want, axes, tolerance=None):
    """Which positions along each named axis hold wrong values, when that narrows things down."""
    wrong = ~np.isclose(got, want, **(tolerance or TOLERANCE)) | ~np.isfinite(got)
    parts = []
    for k in range(wrong.ndim):
        other = tuple(j for j in range(wrong.ndim) if j != k)
        bad = np.flatnonzero(wrong.any(axis=other)) if other else np.flatnonzero(wrong)
        if 0 < len(bad) < wrong.shape[k]:
            name = axes[k] if axes and k < len(axes) else f"axis {k}"
            shown = ", ".join(str(int(b)) for b in bad[:6]) + (" ..." if len(bad) > 6 else "")
            parts.append(f"only at {name} {shown} of 0..{wrong.shape[k] - 1}")
    return parts


def compare(got, want, name, mistakes=(), shape_hints=(), axes=None, probe=None, tolerance=None):
    """Pass if got == want (within float32 tolerance); otherwise explain, in this order:

    shape_hints: (wrong_shape, message) pairs, checked when the shape differs; otherwise the axis
                 that differs is named (`axes` names want's axes);
    mistakes:    (wrong_value, message) pairs, checked in order when the values differ;
    probe:       a function that asks the learner's code further questions and returns a message
                 naming the part that is wrong, or None;
    and last the place where the values differ. `tolerance`: np.allclose's rtol and atol (TOLERANCE
    unless given; GRADIENT_TOLERANCE for gradients).
    """
    got = as_array(got, name)
    want = np.asarray(want, np.float64)
    if got.shape != want.shape:
        for wrong_shape, message in shape_hints:
            if got.shape == tuple(wrong_shape):
                fail(f"{name}: {message} (got shape {got.shape}, expected {want.shape})")
        fail(f"{name} returned shape {got.shape}, but TensorFlow gives {want.shape}: "
             + shape_difference(got.shape, want.shape, axes))
    if close(got, want, tolerance):
        return
    if not np.all(np.isfinite(got)):
        fail(f"{name} contains NaN or infinite values where TensorFlow's are finite "
             "(an overflow, a division by zero or uninitialised memory from np.empty?)")
    for wrong, message in mistakes:
        if close(got, wrong, tolerance):
            fail(f"{name}: {message}")
    if not np.any(got) and np.any(want):
        fail(f"{name} is all zeros, where TensorFlow's values are not: is part of it still a placeholder "
             "such as np.zeros?")
    varied = len(np.unique(np.round(want, 6))) > want.size / 2  # else a shuffle of values says little
    if got.size > 1 and varied and np.allclose(np.sort(got, axis=None), np.sort(want, axis=None),
                                                       **(tolerance or TOLERANCE)):
        fail(f"{name} holds TensorFlow's numbers, but in other places: an axis mix-up (a reshape where a transpose "
             "or a slice was needed, or a loop over the wrong axis?)")
    if probe is not None:
        message = probe()
        if message:
            fail(f"{name}: {message}")
    worst = tuple(int(k) for k in np.unravel_index(np.nanargmax(np.abs(got - want)), got.shape))
    where = where_values_differ(got, want, axes, tolerance)
    fail(f"{name} has the right shape {got.shape} but different values"
         + (f", {'; '.join(where)}" if where else "")
         + f": at index {worst} it gives {got[worst]:.6g} where TensorFlow gives {want[worst]:.6g}",
         named=False)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def fresh_seed(rng, case):
    """The same case with a new seed drawn from `rng`: new random inputs of the same shapes."""
    return {**case, "seed": rng.randrange(10**9)}


def fresh_sizes(*names, low=2, high=9):
    """A fresh-case rule for checks whose answer depends on sizes only (no random values decide it):
    the sizes `names` are drawn again from `rng`, keeping what makes the case a shape class (a size of 1
    stays 1, sizes that were equal stay equal, different ones stay different), and the seed too."""
    def fresh(rng, case):
        old = sorted({case[name] for name in names if name in case and case[name] != 1})
        relabel = dict(zip(old, rng.sample(range(low, high + 1), len(old))))
        case = fresh_seed(rng, case) if "seed" in case else dict(case)
        return case | {name: relabel.get(case[name], case[name]) for name in names if name in case}
    return fresh


def visible_cases(*cases, fresh=fresh_seed):
    """Give a check its visible cases: called with only the learner's function, the check runs every
    one of `cases` (keyword arguments), in order; called with arguments, it runs that one case (the
    hidden tests do, with fresh seeds and other shapes).

    `fresh(rng, case) -> case` makes a new case of the same kind whose inputs no notebook has seen: a
    new seed by default. The grader's re-check of a test cell runs every case through it
    (`run.run_fresh`), with `rng` a random source of the grader's own, so that what a learner's
    function sees there was drawn after the notebook ran, and its expected values exist only in the
    grader's process."""
    def decorate(check):
        signature = inspect.signature(check)

        @functools.wraps(check)
        def run(function, *args, **case):
            if args or case:
                return check(function, *args, **case)
            for visible in cases:
                check(function, **visible)

        def run_fresh(function, rng, args=(), case=None):
            """The check on fresh versions of its cases: of every visible case when no case is given,
            else of the one given (positional or keyword, defaults filled in)."""
            if args or case:
                bound = signature.bind(function, *args, **(case or {}))
                bound.apply_defaults()
                given = [dict(list(bound.arguments.items())[1:])]
            else:
                given = [dict(visible) for visible in cases]
            for each in given:
                full = {name: parameter.default for name, parameter in list(signature.parameters.items())[1:]
                        if parameter.default is not inspect.Parameter.empty} | each
                check(function, **fresh(rng, full))

        run.visible_cases = cases
        run.fresh = fresh
        run.run_fresh = run_fresh
        return run
    return decorate
