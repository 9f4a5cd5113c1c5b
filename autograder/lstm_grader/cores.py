"""How much two gradings at once slow each other on this machine's cores: `python3 course.py stress --cores`.

Grading with 2 workers on 2 cores can only be 2x faster than with one if each core does its work as
fast with the other core busy as with the other core idle. This runs three kinds of work that make
up a grading, each in its own process with one thread (the grading kernels' settings), first alone
and then two copies at once, and prints how much longer a copy takes when two run together, and the
speed-up that kind of work allows on two cores (2 x alone / together):

    python        a pure Python loop (the notebook's own Python, nbclient, nbconvert)
    tensorflow    a small Keras LSTM trained for a few epochs (the checks' references, the figures)
    start-up      importing TensorFlow and Keras (every grading kernel does it once)

These are measurements, not tests. They depend on the machine (on a virtual machine, two virtual
cores may be two threads of one physical core).
"""
import os
import statistics
import subprocess
import sys

from . import GRADING_THREADS_ENV

WORK = {
    "python": ("import time\nstart = time.perf_counter()\ntotal = 0\n"
               "for i in range(15_000_000):\n    total += i * i % 7\n"
               "print(time.perf_counter() - start)"),
    "tensorflow": ("import time\nimport numpy as np\nimport keras\nkeras.utils.set_random_seed(0)\n"
                   "model = keras.Sequential([keras.Input((20, 16)), keras.layers.LSTM(64), keras.layers.Dense(10)])\n"
                   "model.compile('adam', 'mse')\n"
                   "rng = np.random.default_rng(0)\n"
                   "x = rng.normal(size=(512, 20, 16)).astype('float32')\ny = np.zeros((512, 10), 'float32')\n"
                   "model.fit(x, y, epochs=1, verbose=0)\n"
                   "start = time.perf_counter()\nmodel.fit(x, y, epochs=15, batch_size=32, verbose=0)\n"
                   "print(time.perf_counter() - start)"),
    "start-up": ("import time\nstart = time.perf_counter()\nimport tensorflow, keras\n"
                 "print(time.perf_counter() - start)"),
}


def _environment():
    from lstm_course import TF_QUIET_ENV

    return {**os.environ, **TF_QUIET_ENV, **GRADING_THREADS_ENV}


def timed(kind, copies):
    """Seconds each of `copies` processes running WORK[kind] at the same time took for its work."""
    processes = [subprocess.Popen([sys.executable, "-c", WORK[kind]], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=_environment())
                 for _ in range(copies)]
    seconds = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            said = err.strip().splitlines()[-1:] or ["(nothing)"]
            raise SystemExit(f"the {kind} measurement failed (exit code {process.returncode}): {said[0]}")
        seconds.append(float(out.strip().splitlines()[-1]))
    return seconds


def measure(kind, repeats=3, copies=2):
    """(median seconds alone, median seconds with `copies` at once) over `repeats` rounds, alternating."""
    alone, together = [], []
    for _ in range(repeats):
        alone += timed(kind, 1)
        together += timed(kind, copies)
    return statistics.median(alone), statistics.median(together)


def report(repeats=3, kinds=tuple(WORK), copies=2):
    """Print one line per kind of work; return {kind: (alone, together)}."""
    print(f"{os.cpu_count()} cores; each kind of work alone and {copies} copies at once, median of {repeats} rounds "
          f"(one thread per process)", flush=True)
    figures = {}
    for kind in kinds:
        alone, together = figures[kind] = measure(kind, repeats, copies)
        print(f"  {kind:<11} alone {alone:5.2f} s   {copies} at once {together:5.2f} s each   "
              f"{together / alone - 1:+4.0%}   speed-up it allows with {copies} at once: "
              f"{copies * alone / together:.2f}x", flush=True)
    return figures


def ceiling(figures, copies=2):
    """The speed-up `copies` gradings at once can reach here at best: the median over the kinds of work of
    what each allows (copies x alone / together)."""
    return statistics.median(copies * alone / together for alone, together in figures.values())
