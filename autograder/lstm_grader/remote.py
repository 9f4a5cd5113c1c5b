"""Calling a learner's function from outside their kernel, for the grader's re-check of test cells.

A test cell runs in the learner's kernel, next to their code, which can replace anything there:
`np.allclose`, `lstm_course.checks.check_one_hot`, builtins, IPython's own hooks. So the grader runs
every test cell a second time in its own process, with the course's own `checks`
(preprocessors.grading_execute). Only the learner's function still runs in the kernel: each call is
sent there as a small cell, `SERVE` with the call's name and arguments, and the result comes back as
data (numbers, arrays, lists, tuples, strings), never as code or as an object whose methods could
lie (an answer `x` with `x == anything` true comes back as the plain number it holds).

The kernel's half travels as source code in that cell (`serve_source`), so the kernel needs nothing
of the grader's package, which its sandbox does not show it. `decode` and `parse_reply` run in the grader.
"""
import base64
import json
import pickle

MIME = "text/x-lstm-grader-result"  # the display_data type that carries a reply
MAX_REPLY = 20_000_000              # characters; a larger reply is refused
_SCALARS = (bool, int, float, str, type(None))

# Runs in the learner's kernel, in a namespace of its own (nothing is added to the learner's).
_SERVE = '''
def _encode(value, depth=0):
    import base64, itertools
    import numpy as np
    if depth > 32:
        raise ValueError("the result is nested too deeply")
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    if value is None:
        return None
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return {"list": [_encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]}
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # TensorFlow tensors
        value = value.numpy()
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__array__"):
        array = np.asarray(value)
        if array.dtype.kind in "biufc":  # tobytes() is in C order whatever the layout
            return {"array": {"dtype": array.dtype.str, "shape": list(array.shape),
                              "data": base64.b64encode(array.tobytes()).decode("ascii")}}
        return {"list": [_encode(v, depth + 1) for v in array.tolist()]}
    if hasattr(value, "__iter__"):  # generators, maps, TensorShape ...
        return {"list": [_encode(v, depth + 1) for v in itertools.islice(value, 1_000_000)]}
    return {"other": [type(value).__name__, repr(value)[:200]]}


def _serve(name, request):
    import base64, json, pickle
    from IPython import get_ipython
    from IPython.display import display
    args, kwargs = pickle.loads(base64.b64decode(request))  # written by the grader
    try:
        reply = {"value": _encode(get_ipython().user_ns[name](*args, **kwargs))}
    except Exception as error:
        reply = {"error": [type(error).__name__, str(error)[:2000]]}
    display({MIME: json.dumps(reply)}, raw=True)
'''


def serve_source(name, args, kwargs):
    """The source of the cell that calls the kernel's `name(*args, **kwargs)` and displays the result."""
    request = base64.b64encode(pickle.dumps((args, kwargs))).decode("ascii")
    program = _SERVE + f"\n_serve({name!r}, {request!r})\n"
    return f"exec({program!r}, {{'MIME': {MIME!r}, '__name__': '__lstm_grader__'}})"


# ----------------------------------------------------------------- in the grader
class Opaque:
    """A result the grader cannot read as data (a class instance, a function ...)."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return f"<{self.type_name}: {self.text}>"


def decode(data):
    """The value the kernel described, rebuilt from plain data only; ValueError if it is malformed."""
    import numpy as np

    if isinstance(data, _SCALARS):
        return data
    if not (isinstance(data, dict) and len(data) == 1):
        raise ValueError("malformed result")
    (tag, body), = data.items()
    if tag == "list":
        return [decode(v) for v in body]
    if tag == "tuple":
        return tuple(decode(v) for v in body)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in body}
    if tag == "array":
        dtype = np.dtype(str(body["dtype"]))
        if dtype.kind not in "biufc" or dtype.hasobject:
            raise ValueError(f"refused array type {dtype}")
        shape = tuple(int(n) for n in body["shape"])
        raw = base64.b64decode(body["data"])
        if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
            raise ValueError("array data does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "other":
        return Opaque(str(body[0])[:100], str(body[1])[:200])
    raise ValueError(f"malformed result: {tag!r}")


def parse_reply(outputs):
    """('value', v) or ('error', (type name, message)) from a serve cell's outputs; ValueError if none."""
    replies = [o for o in outputs if o.get("output_type") == "display_data" and MIME in o.get("data", {})]
    if not replies:
        raise ValueError("the kernel sent no result")
    text = replies[-1]["data"][MIME]
    if not isinstance(text, str) or len(text) > MAX_REPLY:
        raise ValueError("the result is too large")
    reply = json.loads(text)
    if "error" in reply:
        name, message = reply["error"]
        return "error", (str(name)[:100], str(message)[:2000])
    return "value", decode(reply["value"])
