"""The notebooks' text, read from solutions/*.ipynb as JSON (fast, no kernel): every figure is followed by
a sentence that says what it shows, the explorer widgets read out their values as text, the notebooks that
use several libraries' names link the reference page, and headings go in order (issue 14, section 6)."""
import ast
import re

import pytest

from conftest import ASSIGNMENTS, ROOT, load

SOLUTIONS = ROOT / "solutions"
PICTURES = ROOT / "autograder" / "lstm_course" / "pictures.py"
# a code cell draws a figure when it shows one with matplotlib or calls a drawing helper of pictures.py
FIGURE_CALL = re.compile(r"plt\.(show|subplots|figure|imshow|plot)\(|pictures\.(plot_\w+|draw_\w+|\w+_explorer|"
                         r"\w+_stepper)\(")
NUMBER = re.compile(r"\d")


def text(cell):
    return "".join(cell["source"])


def sentences(markdown):
    """Sentences of prose (code spans and formulas kept, headings and code blocks dropped)."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    prose = " ".join(line for line in markdown.splitlines() if not line.lstrip().startswith("#"))
    return [s for s in re.split(r"(?<=[.!?])\s+", prose) if len(s.split()) >= 6]


def figure_cells(cells):
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and FIGURE_CALL.search(text(cell)):
            yield index, cell


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_figure_is_followed_by_a_sentence_with_its_key_numbers(assignment):
    """A text equivalent for a reader who cannot see the figure: the next cell is markdown, and one of its
    sentences gives a number (a size, a value, a count)."""
    cells = load(SOLUTIONS / f"{assignment}.ipynb")["cells"]
    figures = list(figure_cells(cells))
    assert figures, "every notebook has at least one figure or widget"
    problems = []
    for index, cell in figures:
        after = cells[index + 1] if index + 1 < len(cells) else None
        if after is None or after["cell_type"] != "markdown":
            problems.append(f"cell {index} ({cell.get('id')}) draws a figure but no markdown cell follows it")
        elif not any(NUMBER.search(s) for s in sentences(text(after))):
            problems.append(f"cell {index} ({cell.get('id')}): the markdown after it has no sentence with a number")
    assert not problems, "\n".join(problems)


def widget_functions():
    """The functions of pictures.py that build ipywidgets, with their source."""
    source = PICTURES.read_text()
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            body = ast.get_source_segment(source, node)
            if "widgets." in body and "Slider" in body:
                yield node.name, body


def test_there_are_widget_explorers():
    names = [name for name, _ in widget_functions()]
    assert {"shape_explorer", "gate_explorer"} <= set(names), names


@pytest.mark.parametrize("name,body", list(widget_functions()), ids=lambda v: v if "\n" not in str(v) else "")
def test_every_widget_explorer_has_a_text_readout_that_it_updates(name, body):
    """A text widget (HTML or Label) whose value the update function writes, so that the values can be
    read (and read aloud) without the picture."""
    readouts = re.findall(r"(\w+) = widgets\.(?:HTML|Label)\(", body)
    assert readouts, f"{name} creates no widgets.HTML or widgets.Label for a text readout"
    assert any(re.search(rf"\b{r}\.value = ", body) for r in readouts), f"{name} never writes its readout's value"
    assert not re.search(r"widgets\.Output\(", body), f"{name}: an Output widget can stall nbclient (#312)"


@pytest.mark.parametrize("assignment", ["02_fused_kernel", "03_h_versus_c", "06_encoder_decoder"])
def test_notebooks_that_compare_libraries_link_the_reference_page(assignment):
    markdown = " ".join(text(c) for c in load(SOLUTIONS / f"{assignment}.ipynb")["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"\]\((\.\./)?reference/lstm_names\.md(#[\w-]*)?\)", markdown), (
        f"{assignment} has no markdown link to reference/lstm_names.md")
    assert (ROOT / "reference" / "lstm_names.md").exists()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_headings_go_in_order_and_sections_are_numbered_in_sequence(assignment):
    cells = load(SOLUTIONS / f"{assignment}.ipynb")["cells"]
    headings = [(len(m.group(1)), m.group(2)) for c in cells if c["cell_type"] == "markdown"
                for m in re.finditer(r"^(#+) (.+)$", re.sub(r"```.*?```", "", text(c), flags=re.S), re.M)]
    levels = [level for level, _ in headings]
    assert levels and levels[0] == 1 and levels.count(1) == 1, "one title, first"
    skipped = [(a, b, title) for (a, _), (b, title) in zip(headings, headings[1:]) if b > a + 1]
    assert not skipped, f"heading levels skipped: {skipped}"
    numbers = [int(m.group(1)) for level, title in headings if level == 2 for m in [re.match(r"(\d+)\. ", title)] if m]
    assert numbers == list(range(1, len(numbers) + 1)), f"sections numbered {numbers}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_last_section_says_the_kernel_is_freed_when_the_notebook_closes(assignment):
    last = text(load(SOLUTIONS / f"{assignment}.ipynb")["cells"][-1]).lower()
    assert "kernel" in last and "close" in last, "the last section says that closing the notebook frees its kernel"
