"""Answers typed by made-up students, per notebook and exercise, for the grading tests.

ALTERNATIVE_ANSWERS: right, but written differently from the solutions.
WRONG_ANSWERS:       (source, words the failure message must contain).
Every exercise of every notebook appears in both (a test checks that).
"""

ALTERNATIVE_ANSWERS = {
    "01_num_units": {
        "one_hot": ("""
def one_hot(ids, depth):
    import tensorflow as tf
    return tf.one_hot(ids, depth, dtype=tf.float64)   # TensorFlow op, float64
""",),
        "simple_rnn_step": ("""
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    x, h_prev = np.float64(x), np.float64(h_prev)
    columns = []
    for unit in range(kernel.shape[1]):               # one unit at a time
        total = x @ kernel[:, unit] + h_prev @ recurrent_kernel[:, unit] + bias[unit]
        columns.append(np.tanh(total))
    return np.stack(columns, axis=1)
""",),
        "lstm_param_count": ("""
def lstm_param_count(input_dim, num_units):
    kernel = input_dim * 4 * num_units
    recurrent_kernel = num_units * 4 * num_units
    bias = 4 * num_units
    return float(kernel + recurrent_kernel + bias)
""",),
        "lstm_output_shapes": ("""
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return [[batch_size, time_steps, num_units], [batch_size, num_units], [batch_size, num_units]]
""",),
    },
}

WRONG_ANSWERS = {
    "01_num_units": {
        "one_hot": ("""
def one_hot(ids, depth):
    ids = np.asarray(ids)
    return np.eye(depth + 1)[ids + 1][..., :depth]    # ids counted from 1
""", "one place too far right"),
        "simple_rnn_step": ("""
def simple_rnn_step(x, h_prev, kernel, recurrent_kernel, bias):
    return 1 / (1 + np.exp(-(x @ kernel + h_prev @ recurrent_kernel + bias)))
""", "looks like sigmoid"),
        "lstm_param_count": ("""
def lstm_param_count(input_dim, num_units):
    return 4 * num_units * (input_dim + num_units + 2)  # PyTorch's two biases
""", "PyTorch"),
        "lstm_output_shapes": ("""
def lstm_output_shapes(batch_size, time_steps, input_dim, num_units):
    return (time_steps, batch_size, num_units), (batch_size, num_units), (batch_size, num_units)
""", "batch comes first"),
    },
}
