"""data/ is what data/make_data.py makes, and its translations are right."""
import importlib.util

from conftest import ROOT
from lstm_course import data


def load_script():
    spec = importlib.util.spec_from_file_location("make_data", ROOT / "data" / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_data_is_what_the_script_makes(tmp_path):
    script = load_script()
    script.write_counting(tmp_path / "counting.txt")
    script.write_numbers(tmp_path / "numbers_de_en.tsv")
    for name in ("counting.txt", "numbers_de_en.tsv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), f"run data/make_data.py: {name}"


def test_number_words():
    script = load_script()
    expected = {0: ("null", "zero"), 1: ("eins", "one"), 16: ("sechzehn", "sixteen"), 21: ("ein und zwanzig", "twenty one"),
                42: ("zwei und vierzig", "forty two"), 100: ("ein hundert", "one hundred"),
                101: ("ein hundert eins", "one hundred one"), 317: ("drei hundert siebzehn", "three hundred seventeen"),
                730: ("sieben hundert dreißig", "seven hundred thirty"), 999: ("neun hundert neun und neunzig", "nine hundred ninety nine")}
    for n, (de, en) in expected.items():
        assert (script.german(n), script.english(n)) == (de, en)


def test_split_is_fixed_and_disjoint():
    train, held_out = data.number_pairs("train"), data.number_pairs("held_out")
    assert (len(train), len(held_out)) == (800, 200)
    assert not set(train) & set(held_out)
    assert len(data.number_pairs()) == 1000


def test_counting_text_is_small():
    text = data.counting_text()
    assert 5_000 < len(text.encode()) < 300_000 and text.startswith("zero, one, two")
