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
