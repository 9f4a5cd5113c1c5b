"""The course's data sets, read from data/ (made by data/make_data.py; nothing is downloaded)."""
import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def counting_text():
    """English number words from zero to nine hundred ninety nine: notebook 5's training text."""
    return (DATA / "counting.txt").read_text(encoding="utf-8")


def number_pairs(split=None):
    """[(german, english)] number words for 0..999; split = 'train', 'held_out' or None for all."""
    with open(DATA / "numbers_de_en.tsv", encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    return [(row["german"], row["english"]) for row in rows if split in (None, row["split"])]


def adding_problem(rng, sequences, steps):
    """The adding problem (Hochreiter and Schmidhuber, 1997): `steps` inputs of two numbers each, a value
    drawn uniformly in [0, 1) and a marker; exactly two markers are 1, one in the first tenth of the
    sequence and one in its second half. The target is the sum of the two marked values, so the answer
    depends on an input up to `steps` steps before the last. Returns (inputs [sequences, steps, 2],
    targets [sequences]), float32."""
    import numpy as np

    values = rng.uniform(0, 1, size=(sequences, steps))
    markers = np.zeros((sequences, steps))
    rows = np.arange(sequences)
    markers[rows, rng.integers(0, steps // 10 + 1, size=sequences)] = 1
    markers[rows, rng.integers(steps // 2, steps, size=sequences)] = 1
    inputs = np.stack([values, markers], axis=-1).astype(np.float32)
    return inputs, (values * markers).sum(axis=1).astype(np.float32)
