"""notebooks/ is generated from solutions/ and stays in sync; both are clean to commit."""
import re

import pytest

import lstm_grader
from conftest import ASSIGNMENTS, ROOT, load
from lstm_grader import demo, release


def nbgrader_cells(notebook):
    return [c for c in notebook["cells"] if "nbgrader" in c.get("metadata", {})]


def test_there_is_a_student_notebook_for_every_solution_and_no_other():
    assert ASSIGNMENTS, "solutions/ holds no notebooks"
    assert sorted(p.stem for p in lstm_grader.NOTEBOOKS.glob("*.ipynb")) == ASSIGNMENTS


def test_notebooks_are_exactly_a_fresh_release(tmp_path):
    release.release(out=tmp_path)
    for assignment in ASSIGNMENTS:
        fresh = load(tmp_path / f"{assignment}.ipynb")
        committed = load(lstm_grader.NOTEBOOKS / f"{assignment}.ipynb")
        assert committed == fresh, (f"notebooks/{assignment}.ipynb differs from what solutions/ generates: "
                                    "run `python3 course.py release` and commit the result")


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_notebooks_are_committed_without_outputs(folder):
    for path in (ROOT / folder).glob("*.ipynb"):
        for cell in load(path)["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, f"{path.name}: {cell['id']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_notebooks_hold_no_solutions_or_hidden_tests(assignment):
    text = (lstm_grader.NOTEBOOKS / f"{assignment}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_an_answer_cell_a_visible_check_and_hidden_checks(assignment):
    notebook = load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")
    ids = {c["metadata"]["nbgrader"]["grade_id"] for c in nbgrader_cells(notebook)}
    exercises = demo.exercises(notebook)
    assert exercises
    for name, points in exercises:
        assert f"answer_{name}" in ids, f"test_{name} has no answer_{name} cell"
        assert points > 0
        source = "".join(next(c for c in notebook["cells"]
                              if c["metadata"].get("nbgrader", {}).get("grade_id") == f"test_{name}")["source"])
        visible, _, hidden = source.partition("### BEGIN HIDDEN TESTS")
        assert f"checks.check_{name}({name}" in visible, f"test_{name}: no visible check"
        assert f"checks.check_{name}({name}" in hidden, f"test_{name}: no hidden checks"
    answers = [c for c in nbgrader_cells(notebook) if c["metadata"]["nbgrader"].get("solution")]
    assert len(answers) == len(exercises), "every answer cell is graded by exactly one test cell"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_are_stated_in_the_text_and_add_up(assignment):
    notebook = load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    for name, points in demo.exercises(notebook):
        stated = re.search(rf"### Exercise \d+: `{name}` \((\d+) points?\)", text)
        assert stated and int(stated.group(1)) == points, f"{name}: heading and metadata disagree on points"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_lstm_course_is_imported_before_tensorflow(assignment):
    for cell in load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "import" in source:
            assert source.lstrip().startswith("import lstm_course"), "the first import must be lstm_course"
            assert cell["metadata"]["nbgrader"]["locked"], "the set-up cell is read-only"
            break


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_headings_go_in_order(assignment):
    notebook = load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")
    levels = [len(m.group(1)) for c in notebook["cells"] if c["cell_type"] == "markdown"
              for m in re.finditer(r"^(#+) ", "".join(c["source"]), re.M)]
    assert levels[0] == 1 and levels.count(1) == 1, "one title"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), "no heading level is skipped"


FIGURE_CALL = re.compile(r"plt\.show\(\)|pictures\.(\w+)\(")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebook_opens_with_title_summary_and_contents_that_match_its_headings(assignment):
    notebook = load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")
    top = "".join(notebook["cells"][0]["source"])
    assert top.startswith("# "), "the first cell starts with the notebook's title"
    assert "**Summary.**" in top and "**Contents**" in top, "a summary and contents under the title"
    contents = re.findall(r"^\d+\. (.+?)(?: \(exercises?: .*\))?$", top.split("**Contents**")[1], re.M)
    headings = [re.sub(r"^\d+\. ", "", m) for c in notebook["cells"][1:] if c["cell_type"] == "markdown"
                for m in re.findall(r"^## (.+)$", "".join(c["source"]), re.M)]
    assert contents == headings, f"the contents list {contents} but the headings are {headings}"
    assert headings[-1] == "What you learned", "the last section says what the learner learned"
    assert notebook["cells"][-1]["cell_type"] == "markdown" and "## " in "".join(notebook["cells"][-1]["source"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_figure_and_widget_comes_after_a_sentence_that_says_what_it_shows(assignment):
    cells = load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")["cells"]
    shown = 0
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or source.startswith("import lstm_course") or not FIGURE_CALL.search(source):
            continue
        shown += 1
        before = "".join(cells[index - 1]["source"]) if cells[index - 1]["cell_type"] == "markdown" else ""
        sentences = [s for s in re.split(r"(?<=[.:!?])\s", before) if len(s.split()) >= 6]
        assert sentences, f"cell {index} shows a figure or widget; the markdown cell right above it should describe it"
    assert shown >= 2, "every notebook ends its sections with a figure or a widget to explore"
    for cell in cells:
        if cell["cell_type"] == "markdown":
            assert not re.search(r"!\[\s*\]\(", "".join(cell["source"])), "every image needs alt text"


def small_recurrent_layers(units=3, steps=20, input_dim=2, seed=0):
    """(lstm, simple_rnn, inputs [1, steps, input_dim]): small Keras layers for the gradient explorer."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    inputs = np.random.default_rng(seed).normal(size=(1, steps, input_dim)).astype(np.float32)
    lstm = keras.layers.LSTM(units, return_sequences=True)
    simple_rnn = keras.layers.SimpleRNN(units, return_sequences=True)
    for layer in (lstm, simple_rnn):
        layer.build(inputs.shape)
    return lstm, simple_rnn, inputs


def test_every_widget_control_has_a_label():
    import ipywidgets as widgets
    import numpy as np

    from lstm_course import pictures

    def controls(widget):
        children = getattr(widget, "children", ())
        yield widget
        for child in children:
            yield from controls(child)

    rng = np.random.default_rng(0)
    explorers = [pictures.shape_explorer(), pictures.gate_explorer(),
                 pictures.state_stepper(rng.normal(size=(5, 3)), rng.normal(size=(5, 3))),
                 pictures.forget_bias_explorer(*small_recurrent_layers())]
    checked = 0
    for explorer in explorers:
        for widget in controls(explorer):
            if isinstance(widget, (widgets.ValueWidget)) and not isinstance(widget, (widgets.HTML, widgets.Label,
                                                                                     widgets.Image)):
                assert widget.description.strip(), f"{type(widget).__name__} has no label"
                checked += 1
    assert checked >= 5


def test_explorers_draw_without_an_output_widget_and_read_out_their_values_as_text():
    """An Output widget makes nbclient (nbgrader's Validate, and graders) imitate its front end, which
    can stall a cell until its timeout (jupyter/nbclient#312); the explorers draw into an Image."""
    import ipywidgets as widgets
    import numpy as np

    from lstm_course import pictures

    def tree(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from tree(child)

    rng = np.random.default_rng(0)
    for explorer in (pictures.gate_explorer(), pictures.state_stepper(rng.normal(size=(5, 3)), rng.normal(size=(5, 3))),
                     pictures.forget_bias_explorer(*small_recurrent_layers())):
        parts = list(tree(explorer))
        assert not any(isinstance(w, widgets.Output) for w in parts)
        images = [w for w in parts if isinstance(w, widgets.Image)]
        assert images and bytes(images[0].value).startswith(b"\x89PNG")
        readouts = [w.value for w in parts if isinstance(w, widgets.HTML) and "=" in w.value]
        assert readouts, "the explorer shows its values as text too"
        before = bytes(images[0].value)
        slider = next(w for w in parts if isinstance(w, (widgets.FloatSlider, widgets.IntSlider)))
        slider.value = slider.max
        assert bytes(images[0].value) != before, "moving a slider redraws the figure"


def test_last_step_gradient_norms_count_steps_back_from_the_last_input():
    """On a linear RNN, h_t = x_t K + h_(t-1) U, the gradient of sum(h_T) with respect to the input s steps
    before the last is K U^s 1: exact, and it tells the steps' order apart."""
    import keras
    import numpy as np

    from lstm_course import pictures

    rng = np.random.default_rng(1)
    kernel, recurrent_kernel = rng.normal(size=(2, 3)), rng.normal(0, 0.6, size=(3, 3))
    layer = keras.layers.SimpleRNN(3, activation=None, use_bias=False, return_sequences=True)
    layer.build((1, 6, 2))
    layer.set_weights([kernel.astype(np.float32), recurrent_kernel.astype(np.float32)])
    norms, whole_sequence = pictures.last_step_gradient_norms(layer, rng.normal(size=(1, 6, 2)))
    want = [np.linalg.norm(kernel @ np.linalg.matrix_power(recurrent_kernel, s) @ np.ones(3)) for s in range(6)]
    np.testing.assert_allclose(norms, want, rtol=1e-4)
    assert whole_sequence.shape == (1, 6, 3)


def test_lstm_forget_gates_are_those_of_a_step_by_step_run():
    import numpy as np

    from lstm_course import pictures

    lstm, _, inputs = small_recurrent_layers(units=4, steps=7, input_dim=3, seed=2)
    kernel, recurrent_kernel, bias = (w.astype(np.float64) for w in lstm.get_weights())
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    h = c = np.zeros((1, 4))
    want = []
    for t in range(7):
        i, f, g, o = np.split(inputs[:, t] @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        want.append(sigmoid(f))
    got = pictures.lstm_forget_gates(inputs, np.asarray(lstm(inputs)), kernel, recurrent_kernel, bias)
    np.testing.assert_allclose(got, np.stack(want, axis=1), atol=1e-5)


def test_the_gradient_figure_draws_values_that_underflowed_to_zero_as_gaps():
    import matplotlib.pyplot as plt
    import numpy as np

    from lstm_course import pictures

    norms = {"simple RNN": np.geomspace(1, 1e-20, 30),
             "LSTM": np.concatenate([np.geomspace(1, 1e-40, 25), np.zeros(5)])}   # the last five underflowed
    products = {"LSTM": np.cumprod(np.full((30, 4), 0.5), axis=0)}
    figure = pictures.plot_gradients_through_time(norms, products)
    left, right = figure.axes
    assert left.get_yscale() == right.get_yscale() == "log"
    assert len(left.get_lines()) == 2 and np.isnan(left.get_lines()[1].get_ydata()[-5:]).all()
    assert right.get_lines()[0].get_xdata()[0] == 1, "the product of the last s gates is drawn at s steps back"
    plt.close(figure)


def test_pictures_use_only_the_colour_blind_safe_palette():
    from lstm_course import pictures

    source = (ROOT / "autograder" / "lstm_course" / "pictures.py").read_text()
    palette = {value.upper() for value in pictures.OKABE_ITO.values()}
    for literal in set(re.findall(r"#[0-9A-Fa-f]{6}\b", source)):
        neutral_grey = literal[1:3] == literal[3:5] == literal[5:7]
        assert literal.upper() in palette or neutral_grey, f"{literal} is neither Okabe-Ito nor a grey"
    named = set(re.findall(r"color=\"(\w+)\"", source)) | set(re.findall(r"cmap=\"(\w+)\"", source))
    assert named <= {"black", "white", "grey"}, f"colours outside the palette: {named - {'black', 'white', 'grey'}}"
    assert set(re.findall(r"cmap=(\w+)", source)) <= {"DIVERGING"}
