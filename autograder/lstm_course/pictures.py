"""Figures and widgets for the notebooks. Colours: the Okabe-Ito palette (colour-blind safe).

The explorers redraw their figure into an ipywidgets Image, not into an Output widget: a notebook
runner that imitates the Output widget's front end (nbclient, which nbgrader's Validate and the
grader use) can stall on it until the cell times out (jupyter/nbclient#312).
"""
import io

import numpy as np

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
DIVERGING = "PuOr"  # purple - white - orange: readable with every common colour-vision deficiency


def draw_unrolled_lstm(step_labels, num_units, input_dim):
    """Draw an LSTM layer unrolled over time, with its units made visible.

    Each grey box is what TensorFlow calls the cell: all `num_units` units at
    one time step. Inside it, each of the `num_units` circles is one unit in
    the literature's sense. x_t has `input_dim` squares; h_t and c_t have
    `num_units` each, whatever `input_dim` is.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

    steps = len(step_labels)
    slot = 0.28                       # size of one number on a line
    box_h = max(num_units, 2) * slot + 0.5
    fig_w = 1.9 * steps + 1.2
    fig, ax = plt.subplots(figsize=(fig_w, 2.2 + box_h + (input_dim + num_units) * slot * 0.9))
    ax.set_aspect("equal")
    ax.axis("off")

    def column(x0, y0, count, colour, shape="square"):
        for k in range(count):
            y = y0 + k * slot
            if shape == "circle":
                ax.add_patch(Circle((x0, y + slot / 2), slot * 0.38, color=colour, ec="black", lw=0.6))
            else:
                ax.add_patch(Rectangle((x0 - slot * 0.4, y + slot * 0.1), slot * 0.8, slot * 0.8,
                                       color=colour, ec="black", lw=0.6))

    input_top = input_dim * slot
    box_y = input_top + 0.8
    output_y = box_y + box_h + 0.7
    for t, label in enumerate(step_labels):
        cx = 1.0 + 1.9 * t
        column(cx, 0.0, input_dim, OKABE_ITO["sky"])                                   # x_t
        ax.text(cx, -0.35, f"x{t}: letter\n“{label}”", ha="center", va="top", fontsize=9)
        ax.add_patch(FancyBboxPatch((cx - 0.6, box_y), 1.2, box_h, boxstyle="round,pad=0.05",
                                    fc="#eeeeee", ec="black", lw=1.0))
        column(cx, box_y + 0.25, num_units, OKABE_ITO["orange"], shape="circle")       # units
        ax.annotate("", xy=(cx, box_y), xytext=(cx, input_top + 0.05),
                    arrowprops=dict(arrowstyle="->", lw=1.0))
        column(cx, output_y, num_units, OKABE_ITO["green"])                             # h_t out
        ax.annotate("", xy=(cx, output_y), xytext=(cx, box_y + box_h + 0.05),
                    arrowprops=dict(arrowstyle="->", lw=1.0))
        ax.text(cx, output_y + num_units * slot + 0.1, f"h{t}", ha="center", va="bottom", fontsize=9)
        if t < steps - 1:
            ax.annotate("", xy=(cx + 1.3, box_y + box_h * 0.65), xytext=(cx + 0.6, box_y + box_h * 0.65),
                        arrowprops=dict(arrowstyle="->", lw=1.2, color=OKABE_ITO["blue"]))
            ax.annotate("", xy=(cx + 1.3, box_y + box_h * 0.3), xytext=(cx + 0.6, box_y + box_h * 0.3),
                        arrowprops=dict(arrowstyle="->", lw=1.2, color=OKABE_ITO["vermillion"]))
            ax.text(cx + 0.95, box_y + box_h * 0.65 + 0.08, "state h", color=OKABE_ITO["blue"], ha="center",
                    fontsize=7, style="italic")
            ax.text(cx + 0.95, box_y + box_h * 0.3 + 0.08, "state c", color=OKABE_ITO["vermillion"], ha="center",
                    fontsize=7, style="italic")
    ax.set_xlim(0.0, 1.9 * steps + 0.2)
    ax.set_ylim(-1.2, output_y + num_units * slot + 0.6)
    ax.set_title(
        f"One LSTM layer unrolled over {steps} steps: grey box = TensorFlow's cell, "
        f"orange circles = its {num_units} units\n"
        f"blue squares: x_t ({input_dim} numbers); green squares: h_t ({num_units} numbers); "
        f"h and c carry {num_units} numbers to the next step",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def draw_lstm_cell(num_units=3, input_dim=5, max_strands=12):
    """One LSTM cell (TensorFlow's cell: one time step) drawn as Colah draws it, with every number visible.

    The c line (top) and the h line (bottom) are `num_units` strands each; x comes in as `input_dim`
    strands. h_prev and x are joined into [h, x]; each of the four yellow layers (forget gate sigma,
    input gate sigma, candidate tanh, output gate sigma) is a column of `num_units` neurons, and every
    neuron reads every number of [h, x]: that is what couples the units. Purple circles are the
    pointwise operations. At most `max_strands` strands of a bundle are drawn; the labels give the
    true widths.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Rectangle

    lines = []                                          # (segment, colour, width): drawn at once, fast
    u_drawn, d_drawn = min(num_units, max_strands), min(input_dim, max_strands)
    c_col, h_col, x_col = OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["sky"]
    gap = 0.07                                          # between two strands of one bundle
    fig, ax = plt.subplots(figsize=(10, 6.4))
    ax.set_xlim(-1.2, 11.2)
    ax.set_ylim(-1.5, 7.6)
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0.3, 0.0), 9.6, 6.4, boxstyle="round,pad=0.1", fc="#eeeeee", ec="black", lw=1))

    def strands(xs, ys, count, colour, axis="h", lw=1.0):
        """`count` parallel lines: along x (axis='h') or along y (axis='v'), centred on the given path."""
        for k in range(count):
            off = (k - (count - 1) / 2) * min(gap, 0.5 / count)
            if axis == "h":
                lines.append((list(zip(xs, [y + off for y in ys])), colour, lw))
            else:
                lines.append((list(zip([x + off for x in xs], ys)), colour, lw))

    def op(x, y, symbol):
        ax.add_patch(Circle((x, y), 0.28, fc=OKABE_ITO["purple"], ec="black", lw=0.8, zorder=5))
        ax.text(x, y, symbol, ha="center", va="center", fontsize=13, zorder=6)

    c_y, h_y = 5.7, 0.6
    # c line along the top: c_prev in, x forget, + candidate, c_t out
    strands([-1.0, 11.0], [c_y, c_y], u_drawn, c_col, lw=1.4)
    ax.text(-1.1, c_y + 0.35, f"c_(t-1): {num_units} numbers", color=c_col, fontsize=9, ha="left")
    ax.text(11.1, c_y + 0.35, f"c_t: {num_units}", color=c_col, fontsize=9, ha="right")
    # h_prev along the bottom, x from below; they meet in the column [h, x]
    bundle_x = 1.3
    strands([-1.0, bundle_x - 0.2], [h_y, h_y], u_drawn, h_col, lw=1.4)
    strands([bundle_x - 0.2, bundle_x - 0.2], [h_y, 1.1], u_drawn, h_col, axis="v", lw=1.4)
    ax.text(-1.1, h_y - 0.45, f"h_(t-1): {num_units} numbers", color=h_col, fontsize=9, ha="left")
    strands([bundle_x + 0.25, bundle_x + 0.25], [-1.0, 1.1], d_drawn, x_col, axis="v", lw=1.4)
    ax.text(bundle_x + 0.5, -1.25, f"x_t: input width {input_dim}", color=x_col, fontsize=9, ha="left")
    # the [h, x] column: one square per number
    n_drawn = u_drawn + d_drawn
    size = min(0.26, 3.6 / n_drawn)
    bundle_ys = [1.1 + size * (k + 0.5) for k in range(n_drawn)]
    for k, y in enumerate(bundle_ys):                  # read top down: h first, then x, as labelled
        colour = x_col if k < d_drawn else h_col
        ax.add_patch(Rectangle((bundle_x - size / 2, y - size * 0.42), size, size * 0.84, fc=colour, ec="black", lw=0.4))
    ax.text(bundle_x, bundle_ys[-1] + size, f"[h, x]\n{num_units} + {input_dim}", ha="center", va="bottom", fontsize=8)
    # the four yellow layers
    layers = [("forget\ngate σ", 3.0), ("input\ngate σ", 4.6), ("candidate\ntanh", 5.8), ("output\ngate σ", 7.6)]
    n_space = min(0.42, 1.5 / max(u_drawn - 1, 1))
    top_neuron = 2.2 + n_space * (u_drawn - 1)
    for name, lx in layers:
        neuron_ys = [2.2 + n_space * k for k in range(u_drawn)]
        for ny in neuron_ys:                           # every neuron reads every number of [h, x]
            for by in bundle_ys:
                lines.append(([(bundle_x + size / 2, by), (lx - 0.2, ny)], "#AAAAAA", 0.3))
        ax.add_patch(FancyBboxPatch((lx - 0.32, 1.95), 0.64, top_neuron - 1.95 + 0.25, boxstyle="round,pad=0.05",
                                    fc=OKABE_ITO["yellow"], ec="black", lw=0.8, zorder=3))
        for ny in neuron_ys:
            ax.add_patch(Circle((lx, ny), min(0.14, n_space * 0.4), fc="white", ec="black", lw=0.6, zorder=4))
        ax.text(lx, 1.75, name, ha="center", va="top", fontsize=8)
    layer_top = top_neuron + 0.3
    # forget gate: up to x on the c line
    strands([3.0, 3.0], [layer_top, c_y - 0.28], u_drawn, "black", axis="v", lw=0.6)
    op(3.0, c_y, "×")
    # input gate x candidate, then + on the c line
    strands([4.6, 4.6], [layer_top, 4.3], u_drawn, "black", axis="v", lw=0.6)
    strands([5.8, 5.8], [layer_top, 4.3], u_drawn, "black", axis="v", lw=0.6)
    strands([4.6, 5.2], [4.3, 4.3], u_drawn, "black", lw=0.6)
    strands([5.8, 5.2], [4.3, 4.3], u_drawn, "black", lw=0.6)
    op(5.2, 4.3, "×")
    strands([5.2, 5.2], [4.58, c_y - 0.28], u_drawn, "black", axis="v", lw=0.6)
    op(5.2, c_y, "+")
    # c_t -> tanh -> x output gate -> h_t
    strands([8.6, 8.6], [c_y, 4.55], u_drawn, c_col, axis="v", lw=1.0)
    ax.add_patch(Ellipse((8.6, 4.3), 0.8, 0.45, fc=OKABE_ITO["purple"], ec="black", lw=0.8, zorder=5))
    ax.text(8.6, 4.3, "tanh", ha="center", va="center", fontsize=8, zorder=6)
    strands([8.6, 8.6], [4.07, 3.2 + 0.28], u_drawn, "black", axis="v", lw=0.6)
    strands([7.6, 7.6], [layer_top, 3.2], u_drawn, "black", axis="v", lw=0.6)
    strands([7.6, 8.3], [3.2, 3.2], u_drawn, "black", lw=0.6)
    op(8.6, 3.2, "×")
    strands([8.6, 8.6], [2.92, h_y], u_drawn, h_col, axis="v", lw=1.4)
    strands([8.6, 11.0], [h_y, h_y], u_drawn, h_col, lw=1.4)
    strands([9.4, 9.4], [h_y, 7.3], u_drawn, h_col, axis="v", lw=1.4)
    ax.text(11.1, h_y - 0.45, f"h_t: {num_units} numbers", color=h_col, fontsize=9, ha="right")
    ax.text(9.1, 7.2, f"output h_t ({num_units})", color=h_col, fontsize=9, ha="right", va="top")
    ax.add_collection(LineCollection([s for s, _, _ in lines], colors=[c for _, c, _ in lines],
                                     linewidths=[w for _, _, w in lines], capstyle="butt"))
    drawn = "" if (u_drawn, d_drawn) == (num_units, input_dim) else f" (at most {max_strands} strands drawn per bundle)"
    ax.set_title(f"One LSTM cell at one time step: num_units = {num_units}, input width = {input_dim}{drawn}\n"
                 f"c and h are {num_units} strands each; each yellow layer is a column of {num_units} neurons, "
                 f"and every neuron reads all {num_units + input_dim} numbers of [h, x]", fontsize=10)
    fig.tight_layout()
    return fig


def plot_hidden_states(hidden, step_labels, title="Hidden state h_t at every step"):
    """Heatmap of a [time, num_units] array of hidden states, one row per step."""
    import matplotlib.pyplot as plt

    hidden = np.asarray(hidden)
    steps, units = hidden.shape
    fig, ax = plt.subplots(figsize=(1.0 + 0.8 * units, 0.9 + 0.45 * steps))
    image = ax.imshow(hidden, cmap=DIVERGING, vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(units), [f"unit {k}" for k in range(units)])
    ax.set_yticks(range(steps), [f"t={t}  '{c}'" for t, c in enumerate(step_labels)])
    ax.set_xlabel("unit (num_units columns)")
    ax.set_ylabel("time step (input letter)")
    for t in range(steps):
        for k in range(units):
            ax.text(k, t, f"{hidden[t, k]:+.2f}", ha="center", va="center", fontsize=8,
                    color=_text_colour(image, hidden[t, k]))
    fig.colorbar(image, ax=ax, label="value of h (between -1 and 1)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def shape_explorer(lstm_param_count=None):
    """Sliders for num_units and the input width; shows every shape and the parameter count.

    If the learner's `lstm_param_count` is given, its answer is shown beside
    Keras's `count_params()` for the same layer.
    """
    import ipywidgets as widgets
    import keras
    from IPython.display import display

    units_slider = widgets.IntSlider(value=5, min=1, max=64, description="num_units",
                                     continuous_update=False, style={"description_width": "initial"})
    input_slider = widgets.IntSlider(value=5, min=1, max=64, description="input width (d)",
                                     continuous_update=False, style={"description_width": "initial"})
    steps_slider = widgets.IntSlider(value=6, min=1, max=20, description="time steps",
                                     continuous_update=False, style={"description_width": "initial"})
    table = widgets.HTML(layout=widgets.Layout(margin="8px 0 0 0"))
    drawing = widgets.Image(format="png", layout=widgets.Layout(width="720px"))
    drawn = {}

    def update(_=None):
        u, d, t = units_slider.value, input_slider.value, steps_slider.value
        if drawn.get("sizes") != (u, d):  # the time-step slider does not change the cell
            drawing.value = _png(draw_lstm_cell(u, d))
            drawn["sizes"] = (u, d)
        layer = keras.layers.LSTM(u)
        layer.build((None, t, d))
        keras_count = layer.count_params()
        if lstm_param_count is None:
            yours = "(not given)"
        else:
            try:
                yours = str(lstm_param_count(d, u))
            except NotImplementedError:
                yours = "(write lstm_param_count first)"
            except Exception as error:  # show the learner's error instead of breaking the widget
                yours = f"(raised {type(error).__name__})"
        rows = [
            ("input x", f"[batch, {t}, {d}]", "d numbers per step"),
            ("kernel", f"[{d}, {4 * u}]", "input -> 4 gate blocks"),
            ("recurrent_kernel", f"[{u}, {4 * u}]", "h_prev -> 4 gate blocks"),
            ("bias", f"[{4 * u}]", "one per gate unit"),
            ("whole sequence", f"[batch, {t}, {u}]", "return_sequences=True"),
            ("last h", f"[batch, {u}]", "return_state=True, 2nd"),
            ("last c", f"[batch, {u}]", "return_state=True, 3rd"),
            ("parameters (Keras)", str(keras_count), f"4 * {u} * ({d} + {u} + 1)"),
            ("parameters (yours)", yours, "lstm_param_count(d, num_units)"),
        ]
        body = "".join(f"<tr><td><b>{a}</b></td><td><code>{b}</code></td><td>{c}</td></tr>" for a, b, c in rows)
        table.value = ("<table><caption>Shapes of keras.layers.LSTM for the chosen sizes</caption>"
                       "<tr><th>what</th><th>shape / value</th><th>why</th></tr>" + body + "</table>"
                       f"<p>The drawing: num_units = {u}, input width = {d}. The c and h lines are {u} strands "
                       f"each, x is {d} strands, and each of the 4 yellow layers is a column of {u} neurons "
                       f"that each read all {u + d} numbers of [h, x].</p>")

    for slider in (units_slider, input_slider, steps_slider):
        slider.observe(update, names="value")
    update()
    box = widgets.VBox([units_slider, input_slider, steps_slider, table, drawing])
    display(box)
    return box


def plot_input_product_timing(case_labels, per_step_ms, before_loop_ms):
    """Bars: time of x @ kernel computed step by step inside the loop, and for all steps at once before it."""
    import matplotlib.pyplot as plt

    positions = np.arange(len(case_labels))
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for offset, values, label, colour in ((-0.2, per_step_ms, "one product per step, inside the loop", OKABE_ITO["orange"]),
                                          (0.2, before_loop_ms, "one product for all steps, before the loop",
                                           OKABE_ITO["blue"])):
        bars = ax.bar(positions + offset, values, 0.4, label=label, color=colour, edgecolor="black")
        ax.bar_label(bars, fmt="%.3f", fontsize=9)
    ax.set_xticks(positions, case_labels, fontsize=9)
    ax.set_ylabel("milliseconds (best of several runs)")
    ax.set_title("x @ kernel for every time step, measured on this machine (NumPy)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_ylim(0, 1.3 * max(max(per_step_ms), max(before_loop_ms)))
    fig.tight_layout()
    return fig


def _png(fig):
    """The figure as PNG bytes, for an ipywidgets Image; the figure is closed (it is not shown twice)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


def gate_explorer():
    """Sliders for one unit's four gate pre-activations, c_prev and forget_bias; bars of the results."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    def slider(name, value, low=-6.0, high=6.0):
        return widgets.FloatSlider(value=value, min=low, max=high, step=0.1, description=name,
                                   continuous_update=False, style={"description_width": "initial"},
                                   layout=widgets.Layout(width="380px"))

    sliders = {
        "i": slider("i (input gate pre-activation)", 0.0),
        "j": slider("j (candidate pre-activation)", 1.0),
        "f": slider("f (forget gate pre-activation)", 0.0),
        "o": slider("o (output gate pre-activation)", 0.0),
        "c_prev": slider("previous c", 2.0, -5.0, 5.0),
        "forget_bias": slider("forget_bias", 1.0, 0.0, 3.0),
    }
    picture = widgets.Image(format="png", layout=widgets.Layout(width="630px"))
    readout = widgets.HTML()

    def update(_=None):
        v = {name: s.value for name, s in sliders.items()}
        sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
        values = {
            "sigmoid(i)": sig(v["i"]), "tanh(j)": np.tanh(v["j"]), "sigmoid(f + forget_bias)": sig(v["f"] + v["forget_bias"]),
            "sigmoid(o)": sig(v["o"]),
        }
        new_c = v["c_prev"] * values["sigmoid(f + forget_bias)"] + values["sigmoid(i)"] * values["tanh(j)"]
        values["new c"] = new_c
        values["new h"] = np.tanh(new_c) * values["sigmoid(o)"]
        fig, ax = plt.subplots(figsize=(7, 2.8))
        colours = [OKABE_ITO["sky"]] * 4 + [OKABE_ITO["vermillion"], OKABE_ITO["blue"]]
        bars = ax.barh(list(values), list(values.values()), color=colours, edgecolor="black")
        ax.bar_label(bars, fmt="%+.2f", fontsize=9)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlim(-5.5, 5.5)
        ax.invert_yaxis()
        ax.set_title(f"One unit of BasicLSTMCell: gates (light blue), new c = {new_c:+.2f}, "
                     f"new h = {values['new h']:+.2f}", fontsize=10)
        fig.tight_layout()
        picture.value = _png(fig)
        readout.value = ("<p>" + "; ".join(f"{name} = {value:+.2f}" for name, value in values.items()) + "</p>")

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HTML("<b>Move one unit's gate pre-activations</b>"), *sliders.values(),
                        picture, readout])
    display(box)
    return box


def _text_colour(image, value):
    """Black or white, whichever reads better on the heatmap cell that shows `value`."""
    red, green, blue, _ = image.cmap(image.norm(value))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


UNIT_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]


def plot_h_and_c(h_sequence, c_sequence):
    """Two panels over time: h_t per unit (top), c_t per unit (bottom); h's bounds dashed."""
    import matplotlib.pyplot as plt

    h_sequence, c_sequence = np.asarray(h_sequence), np.asarray(c_sequence)
    steps, units = h_sequence.shape
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5), sharex=True)
    for k in range(units):
        style = dict(color=UNIT_COLOURS[k % 8], ls=["-", "--", "-.", ":"][k % 4], lw=1.6, label=f"unit {k}")
        top.plot(h_sequence[:, k], **style)
        bottom.plot(c_sequence[:, k], **style)
    for ax in (top, bottom):
        ax.axhline(1, color="grey", ls="--", lw=0.8)
        ax.axhline(-1, color="grey", ls="--", lw=0.8)
    top.set_ylabel("h_t")
    bottom.set_ylabel("c_t")
    bottom.set_xlabel("time step")
    top.set_title("h stays between -1 and 1 (dashed); c is not squashed, but |c_t| ≤ |c_(t-1)| + 1")
    top.legend(ncol=min(units, 4), fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def state_stepper(h_sequence, c_sequence):
    """A slider over time; bars of h_t and c_t for every unit at the chosen step."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    h_sequence, c_sequence = np.asarray(h_sequence), np.asarray(c_sequence)
    steps, units = h_sequence.shape
    step = widgets.IntSlider(value=0, min=0, max=steps - 1, description="time step t",
                             continuous_update=False, style={"description_width": "initial"})
    picture = widgets.Image(format="png", layout=widgets.Layout(width="585px"))
    readout = widgets.HTML()
    low = min(-1.2, c_sequence.min() - 0.2)
    high = max(1.2, c_sequence.max() + 0.2)

    def update(_=None):
        t = step.value
        fig, ax = plt.subplots(figsize=(6.5, 3))
        positions = np.arange(units)
        ax.bar(positions - 0.2, h_sequence[t], 0.4, label="h_t", color=OKABE_ITO["blue"], edgecolor="black")
        ax.bar(positions + 0.2, c_sequence[t], 0.4, label="c_t", color=OKABE_ITO["vermillion"],
               edgecolor="black", hatch="//")
        for bound in (-1, 1):
            ax.axhline(bound, color="grey", ls="--", lw=0.8)
        ax.set_xticks(positions, [f"unit {k}" for k in range(units)])
        ax.set_ylim(low, high)
        ax.set_title(f"h and c of every unit at step {t}")
        ax.legend(loc="upper left")
        fig.tight_layout()
        picture.value = _png(fig)
        readout.value = (f"<p>step {t}: h = [" + ", ".join(f"{v:+.2f}" for v in h_sequence[t]) + "], c = ["
                         + ", ".join(f"{v:+.2f}" for v in c_sequence[t]) + "]</p>")

    step.observe(update, names="value")
    update()
    box = widgets.VBox([step, picture, readout])
    display(box)
    return box


def plot_three_results(whole_sequence, last_h, last_c, example=0):
    """The three results of LSTM(return_sequences=True, return_state=True) for one example, as
    heatmaps on one colour scale: every h (one row per step), then the last h, then the last c."""
    import matplotlib.pyplot as plt

    sequence = np.asarray(whole_sequence)[example]
    rows = [sequence, np.asarray(last_h)[example][None], np.asarray(last_c)[example][None]]
    limit = max(1.0, max(np.abs(r).max() for r in rows))
    fig, axes = plt.subplots(3, 1, figsize=(2.4 + 0.9 * sequence.shape[1], 2.4 + 0.5 * (len(sequence) + 2)),
                             gridspec_kw={"height_ratios": [len(sequence), 1, 1]}, layout="constrained")
    titles = ["1st result: whole_sequence (every h_t)", "2nd result: last h", "3rd result: last c"]
    for ax, row, title in zip(axes, rows, titles):
        image = ax.imshow(row, cmap=DIVERGING, vmin=-limit, vmax=limit, aspect="auto")
        for (t, k), value in np.ndenumerate(row):
            ax.text(k, t, f"{value:+.2f}", ha="center", va="center", fontsize=8,
                    color=_text_colour(image, value))
        ax.set_title(title, fontsize=9)
        ax.set_xticks(range(row.shape[1]), [f"unit {k}" for k in range(row.shape[1])], fontsize=8)
        ax.set_yticks(range(len(row)), [f"t={t}" for t in range(len(row))] if len(row) > 1 else [""])
    last = len(sequence) - 1
    axes[0].add_patch(plt.Rectangle((-0.5, last - 0.5), sequence.shape[1], 1, fill=False, lw=2.5,
                                    ec=OKABE_ITO["black"]))
    fig.colorbar(image, ax=list(axes), label="value")
    return fig


def progress_bar(epochs, what="training"):
    """A Keras callback that shows a labelled ipywidgets progress bar with the latest loss."""
    import ipywidgets as widgets
    import keras
    from IPython.display import display

    class ProgressBar(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.bar = widgets.IntProgress(value=0, min=0, max=epochs, description=what,
                                           style={"description_width": "initial"})
            self.label = widgets.Label(f"epoch 0 of {epochs}")
            display(widgets.HBox([self.bar, self.label]))

        def on_epoch_end(self, epoch, logs=None):
            self.bar.value = epoch + 1
            details = ", ".join(f"{name} {value:.3f}" for name, value in (logs or {}).items())
            self.label.value = f"epoch {epoch + 1} of {epochs}: {details}"

    return ProgressBar()


def plot_embeddings_2d(embeddings, vocabulary, title="Learned character embeddings"):
    """The rows of an embedding matrix projected on their two main directions (PCA), one label per row."""
    import matplotlib.pyplot as plt

    embeddings = np.asarray(embeddings, dtype=np.float64)
    centred = embeddings - embeddings.mean(axis=0)
    _, singular_values, directions = np.linalg.svd(centred, full_matrices=False)
    points = centred @ directions[:2].T
    shown = {" ": "space", "\n": "newline", ",": "comma", ".": "period"}
    kinds = {"vowel": (OKABE_ITO["orange"], "o"), "consonant": (OKABE_ITO["blue"], "s"),
             "punctuation or space": (OKABE_ITO["green"], "^")}
    fig, ax = plt.subplots(figsize=(7, 5.5))
    for kind, (colour, marker) in kinds.items():
        chosen = [k for k, ch in enumerate(vocabulary)
                  if (kind == "vowel" and ch in "aeiou") or (kind == "consonant" and ch.isalpha() and ch not in "aeiou")
                  or (kind == "punctuation or space" and not ch.isalpha())]
        ax.scatter(points[chosen, 0], points[chosen, 1], c=colour, marker=marker, s=60, edgecolors="black", label=kind)
        for k in chosen:
            ax.annotate(shown.get(vocabulary[k], vocabulary[k]), points[k], textcoords="offset points",
                        xytext=(6, 4), fontsize=10)
    share = (singular_values[:2] ** 2).sum() / (singular_values ** 2).sum()
    ax.set_xlabel("first principal direction")
    ax.set_ylabel("second principal direction")
    ax.set_title(f"{title}\n(each point is one row of the embedding matrix; "
                 f"these two directions hold {share:.0%} of the spread)", fontsize=10)
    ax.legend(loc="best", fontsize=9)
    fig.tight_layout()
    return fig


def plot_accuracies(rates, title):
    """Side-by-side bars of measured rates (0..1), labelled with their percentages."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2))
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]]
    bars = ax.bar(list(rates), [100 * r for r in rates.values()], color=colours[:len(rates)], edgecolor="black")
    ax.bar_label(bars, fmt="%.1f%%")
    ax.set_ylim(0, 110)
    ax.set_ylabel("exact match (%)")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_states(labels, states, title):
    """Heatmap of states [examples, units], one labelled row per example."""
    import matplotlib.pyplot as plt

    states = np.asarray(states)
    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.45 * len(states)))
    image = ax.imshow(states, cmap=DIVERGING, vmin=-1, vmax=1, aspect="auto")
    ax.set_yticks(range(len(labels)), labels)
    units = states.shape[1]
    step = 8 if units > 16 else 1
    ax.set_xticks(range(0, units, step))
    ax.set_xticks(range(units), minor=True)
    ax.set_xlabel(f"unit (0 to {units - 1}), one column each")
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, label="value of h (between -1 and 1)")
    fig.tight_layout()
    return fig


def _last_step_gradient(layer, x):
    """(d loss / d x, whole sequence) as tensors, for loss = the sum of the layer's last h."""
    import tensorflow as tf

    with tf.GradientTape() as tape:
        tape.watch(x)
        whole_sequence = layer(x)
        loss = tf.reduce_sum(whole_sequence[:, -1])
    return tape.gradient(loss, x), whole_sequence


def _norms_by_steps_back(gradient, whole_sequence):
    gradient = np.asarray(gradient, np.float64)[0]
    return np.linalg.norm(gradient[::-1], axis=-1), np.asarray(whole_sequence)


def last_step_gradient_norms(layer, inputs):
    """How much of the last step's gradient reaches each input of a recurrent Keras layer.

    `layer` returns its whole sequence (`return_sequences=True`); the loss is the sum of its last h.
    One tf.GradientTape gives d loss / d x_t for every t at once. Returns (norms, whole_sequence):
    norms[s] = ||d loss / d x_(T-1-s)||, the input s steps before the last (float64, so that tiny
    values do not underflow when squared), and the layer's output as a NumPy array.
    """
    import tensorflow as tf

    return _norms_by_steps_back(*_last_step_gradient(layer, tf.constant(np.asarray(inputs, np.float32))))


def _traced_last_step_gradient_norms(layer, input_dim):
    """last_step_gradient_norms for one layer as a tf.function traced once, with the time axis left open:
    the first call takes about as long as one eager call, later ones (any length, the layer's current
    weights) a few milliseconds."""
    import tensorflow as tf

    traced = tf.function(lambda x: _last_step_gradient(layer, x),
                         input_signature=[tf.TensorSpec([None, None, input_dim], tf.float32)])
    return lambda inputs: _norms_by_steps_back(*traced(tf.constant(np.asarray(inputs, np.float32))))


def lstm_forget_gates(inputs, whole_sequence, kernel, recurrent_kernel, bias):
    """The forget gates f_t [batch, time, units] of a Keras-layout LSTM (gates i, f, c, o) that started
    from zero states, recomputed from its inputs and its own h sequence, every step at once."""
    inputs, whole_sequence = np.asarray(inputs, np.float64), np.asarray(whole_sequence, np.float64)
    units = np.shape(recurrent_kernel)[0]
    h_before = np.concatenate([np.zeros_like(whole_sequence[:, :1]), whole_sequence[:, :-1]], axis=1)
    pre_activation = (inputs @ np.asarray(kernel)[:, units:2 * units]
                      + h_before @ np.asarray(recurrent_kernel)[:, units:2 * units] + np.asarray(bias)[units:2 * units])
    return 1 / (1 + np.exp(-pre_activation))


def _positive(values):
    """Values to draw on a log scale: zeros (float underflow) become gaps instead of errors."""
    values = np.asarray(values, np.float64)
    return np.where(values > 0, values, np.nan)


GRADIENT_STYLES = [dict(color=OKABE_ITO["black"], ls=":", lw=2.0), dict(color=OKABE_ITO["blue"], ls="-", lw=2.0),
                   dict(color=OKABE_ITO["vermillion"], ls="--", lw=2.0),
                   dict(color=OKABE_ITO["green"], ls="-.", lw=2.0)]


def plot_gradients_through_time(gradient_norms, forget_products):
    """Two panels on log scales, over the number of steps back from the last step.

    Left: `gradient_norms`, {label: norms}, norms[s] = ||d loss / d x|| for the input s steps before the
    last (the loss is at the last step). Right: `forget_products`, {label: products [steps, units]},
    products[s - 1] = the product of the last s forget gates of each unit: the factor by which the cell
    path alone carries the gradient of the last c back s steps; the line is the largest product at each
    step back (the top of the band, whichever unit holds it), the band spans all units.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import LogFormatter, NullLocator

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for k, (label, norms) in enumerate(gradient_norms.items()):
        left.plot(np.arange(len(norms)), _positive(norms), label=label, **GRADIENT_STYLES[k % 4])
    left.set_yscale("log")
    left.set_xlabel("steps back from the last step (s)")
    left.set_ylabel("||d loss / d x||, the input s steps back")
    left.set_title("The whole gradient (tf.GradientTape)", fontsize=10)
    left.legend(fontsize=8, loc="lower left")
    for k, (label, products) in enumerate(forget_products.items()):
        products = np.asarray(products, np.float64)
        steps_back = np.arange(1, len(products) + 1)
        same = list(gradient_norms).index(label) if label in gradient_norms else 1 + k
        style = GRADIENT_STYLES[same % 4]           # a layer drawn in both panels keeps its style
        right.fill_between(steps_back, _positive(products.min(axis=1)), _positive(products.max(axis=1)),
                           color=style["color"], alpha=0.2, lw=0)
        right.plot(steps_back, _positive(products.max(axis=1)), label=f"{label}: largest unit; band: all units",
                   **style)
    right.set_xlabel("steps back from the last step (s)")
    right.set_ylabel("product of the last s forget gates")
    right.set_title("Along the cell path alone: the product of the forget gates", fontsize=10)
    right.legend(fontsize=8, loc="lower left")
    right.yaxis.set_tick_params(labelleft=True)
    for ax in (left, right):
        ax.grid(True, which="major", color="#DDDDDD", lw=0.6)
        ax.yaxis.set_minor_locator(NullLocator())   # a tick per decade would crowd the axis
        ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))   # 1e-10, as the notebooks write it
    fig.subplots_adjust(left=0.075, right=0.99, bottom=0.12, top=0.93, wspace=0.2)   # fixed: tight_layout is slow here
    return fig


def forget_bias_explorer(lstm, simple_rnn, inputs, start=None):
    """Sliders for the bias of the LSTM's forget gates (its f block) and the number of steps; one plot of
    how much of the last step's gradient reaches each earlier input, for the LSTM and the simple RNN,
    with the LSTM's product of forget gates (the cell path alone). Computed with tf.GradientTape on
    Keras layers: a copy of `lstm` whose f-block bias the slider sets, and `simple_rnn` as it is. The
    first slider move traces both gradients once as tf.functions; later moves take milliseconds.

    `start`, optional: (lstm_norms, lstm_sequence, simple_rnn_norms) already computed for the whole of
    `inputs` with the layers as they are (see `last_step_gradient_norms`), so that the first picture
    needs no new gradient. The bias slider starts at the mean of the LSTM's f block.
    """
    import ipywidgets as widgets
    import keras
    import matplotlib.pyplot as plt
    from IPython.display import display
    from matplotlib.ticker import LogFormatter, NullLocator

    inputs = np.asarray(inputs, np.float32)
    kernel, recurrent_kernel, bias = (np.asarray(w) for w in lstm.get_weights())
    units, full_steps = recurrent_kernel.shape[0], inputs.shape[1]
    own_bias = float(np.round(bias[units:2 * units].mean() * 2) / 2)        # on the slider's steps of 0.5
    lstm_cache, simple_rnn_cache = {}, {}                                   # (bias, steps) -> ..., steps -> ...
    traced = {}                                                            # made at the first slider move
    if start is not None and np.all(bias[units:2 * units] == own_bias):
        lstm_cache[own_bias, full_steps] = (np.asarray(start[0]), np.asarray(start[1]))
        simple_rnn_cache[full_steps] = np.asarray(start[2])
    bias_slider = widgets.FloatSlider(value=own_bias, min=-2.0, max=6.0, step=0.5, description="forget-gate bias",
                                      continuous_update=False, style={"description_width": "initial"})
    steps_slider = widgets.IntSlider(value=full_steps, min=10, max=full_steps, step=10, description="time steps",
                                     continuous_update=False, style={"description_width": "initial"})
    picture = widgets.Image(format="png", layout=widgets.Layout(width="630px"))
    readout = widgets.HTML()

    def size(value):
        return f"{value:.2g}" if value > 0 else "0 (below what float32 can hold)"

    def update(_=None):
        forget_bias, steps = bias_slider.value, steps_slider.value
        shown = inputs[:, :steps]
        new_bias = bias.copy()
        new_bias[units:2 * units] = forget_bias
        if not traced and ((forget_bias, steps) not in lstm_cache or steps not in simple_rnn_cache):
            probe = keras.layers.LSTM(units, return_sequences=True)             # a copy: `lstm` stays as it is
            probe.build((None, None, inputs.shape[-1]))
            traced.update(probe=probe, lstm=_traced_last_step_gradient_norms(probe, inputs.shape[-1]),
                          simple_rnn=_traced_last_step_gradient_norms(simple_rnn, inputs.shape[-1]))
        if (forget_bias, steps) not in lstm_cache:
            traced["probe"].set_weights([kernel, recurrent_kernel, new_bias])
            lstm_cache[forget_bias, steps] = traced["lstm"](shown)
        if steps not in simple_rnn_cache:
            simple_rnn_cache[steps] = traced["simple_rnn"](shown)[0]
        lstm_norms, whole_sequence = lstm_cache[forget_bias, steps]
        simple_rnn_norms = simple_rnn_cache[steps]
        forget = lstm_forget_gates(shown, whole_sequence, kernel, recurrent_kernel, new_bias)[0]
        largest_product = np.cumprod(forget[::-1], axis=0).max(axis=1)   # the cell path: the largest unit's, per step
        fig, ax = plt.subplots(figsize=(7, 4.0))
        ax.plot(np.arange(steps), _positive(simple_rnn_norms), label="simple RNN: gradient", **GRADIENT_STYLES[0])
        ax.plot(np.arange(steps), _positive(lstm_norms), label="LSTM: gradient", **GRADIENT_STYLES[1])
        ax.plot(np.arange(1, steps + 1), _positive(largest_product), label="LSTM: forget gates' product "
                "(largest unit)", color=OKABE_ITO["orange"], ls="--", lw=2.0)
        ax.set_yscale("log")
        ax.set_ylim(1e-35, 1e3)
        ax.set_xlim(0, full_steps)
        ax.set_xlabel("steps back from the last step")
        ax.set_ylabel("size (log scale)")
        ax.set_title(f"forget-gate bias {forget_bias:+.1f}: forget gates {forget.min():.2f} to {forget.max():.2f} "
                     f"(mean {forget.mean():.2f})", fontsize=10)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3)   # below: never on a curve
        ax.grid(True, which="major", color="#DDDDDD", lw=0.6)
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        fig.subplots_adjust(left=0.12, right=0.98, bottom=0.24, top=0.92)
        picture.value = _png(fig)
        readout.value = (f"<p>forget-gate bias = {forget_bias:+.1f}, {steps} steps: forget gates between "
                         f"{forget.min():.2f} and {forget.max():.2f}, mean {forget.mean():.2f}. At the last input: "
                         f"LSTM gradient = {size(lstm_norms[0])}, simple RNN gradient = {size(simple_rnn_norms[0])}. "
                         f"{steps - 1} steps back, at the first input: LSTM gradient = {size(lstm_norms[-1])}, "
                         f"product of forget gates (largest unit) = {size(largest_product[-2])}, simple RNN "
                         f"gradient = {size(simple_rnn_norms[-1])}.</p>")

    bias_slider.observe(update, names="value")
    steps_slider.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HTML("<b>Move the forget gates' bias and the number of steps</b>"), bias_slider,
                        steps_slider, picture, readout])
    display(box)
    return box


def plot_memory_task(lags, errors, baselines, input_gradients):
    """Two panels. Left: test error (mean squared error) of each trained model against the lag, with the
    error of always answering the mean (`baselines`, one per lag) dashed. Right, on a log scale: for the
    longest lag, |d prediction / d x_t| averaged over test sequences, for every step t counted back from
    the last; `errors` and `input_gradients` are {model name: values}."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.0))
    for k, (name, values) in enumerate(errors.items()):
        left.plot(lags, values, marker="o", label=name, **GRADIENT_STYLES[k % 4])
    left.plot(lags, baselines, color="grey", ls="--", label="always answering the mean")
    left.set_xlabel("steps between the first marked value and the last step (the lag)")
    left.set_ylabel("test error (mean squared error)")
    left.set_title("The adding problem, after training", fontsize=10)
    left.set_xticks(lags)
    left.legend(fontsize=8, loc="upper left")
    for k, (name, values) in enumerate(input_gradients.items()):
        values = np.asarray(values, np.float64)
        right.plot(np.arange(len(values)), _positive(values[::-1]), label=name, **GRADIENT_STYLES[k % 4])
    right.set_yscale("log")
    right.set_xlabel(f"steps back from the last step (lag {lags[-1]})")
    right.set_ylabel("|d prediction / d input|, averaged")
    right.set_title("What reaches each input, after training (tf.GradientTape)", fontsize=10)
    right.legend(fontsize=8, loc="lower left")
    right.grid(True, which="major", color="#DDDDDD", lw=0.6)
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.13, top=0.92, wspace=0.25)
    return fig
