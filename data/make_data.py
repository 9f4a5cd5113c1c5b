"""Make the course's data sets. Deterministic: the same files every run, no downloads.

    python data/make_data.py          (re)write the files below, next to this script

counting.txt       English number words from zero to nine hundred ninety nine, ten to a line:
                   a text with clear structure for the character-level model of notebook 5.
numbers_de_en.tsv  German -> English number words for 0..999, word by word, with a fixed
                   train (800) / held-out (200) split: the translator of notebook 6. German
                   says the ones before the tens ("zwei und vierzig" -> "forty two").
"""
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
DE_ONES = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
           "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"]
DE_TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"]


def english(n):
    """'forty two', 'three hundred seven', 'zero'."""
    hundreds, rest = divmod(n, 100)
    words = [EN_ONES[hundreds], "hundred"] if hundreds else []
    if rest or not hundreds:
        if rest < 20:
            words.append(EN_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            words += [EN_TENS[tens]] + ([EN_ONES[ones]] if ones else [])
    return " ".join(words)


def german(n):
    """The German number word split into its parts: 'drei hundert zwei und vierzig'.
    'ein' replaces 'eins' inside a compound (ein hundert, ein und zwanzig)."""
    hundreds, rest = divmod(n, 100)
    words = (["ein" if hundreds == 1 else DE_ONES[hundreds], "hundert"]) if hundreds else []
    if rest or not hundreds:
        if rest < 20:
            words.append(DE_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            if ones:
                words += ["ein" if ones == 1 else DE_ONES[ones], "und"]
            words.append(DE_TENS[tens])
    return " ".join(words)


def write_counting(path=HERE / "counting.txt"):
    lines = [", ".join(english(n) for n in range(start, start + 10)) for start in range(0, 1000, 10)]
    path.write_text(",\n".join(lines) + ".\n", encoding="utf-8")


def write_numbers(path=HERE / "numbers_de_en.tsv", held_out=200, seed=0):
    numbers = list(range(1000))
    random.Random(seed).shuffle(numbers)
    test = set(numbers[:held_out])
    rows = ["number\tgerman\tenglish\tsplit"]
    rows += [f"{n}\t{german(n)}\t{english(n)}\t{'held_out' if n in test else 'train'}" for n in range(1000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_counting()
    write_numbers()
    print("wrote", HERE / "counting.txt", "and", HERE / "numbers_de_en.tsv")
