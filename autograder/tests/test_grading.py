"""The nbgrader loop, end to end: made-up students graded by `course.py grade`'s code path."""
import csv
import json
import re
import subprocess

import pytest

import lstm_grader
from conftest import ASSIGNMENTS, grade, load
from lstm_grader import demo
from submissions import ALTERNATIVE_ANSWERS, WRONG_ANSWERS


def cells_of(graded, student, assignment):
    return graded["scores"][student, assignment]["cells"]


def executed(graded, student, assignment):
    return load(graded["course"] / "autograded" / student / assignment / f"{assignment}.ipynb")


def text_outputs(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append("".join(output["text"]))
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_get_full_marks(graded, assignment):
    entry = graded["scores"]["solutions", assignment]
    assert entry["max_score"] > 0
    for name, (score, max_score) in entry["cells"].items():
        assert score == max_score, f"{assignment}: the solution loses points in {name}"
    assert entry["score"] == entry["max_score"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_notebooks_get_zero_on_every_cell(graded, assignment):
    for name, (score, max_score) in cells_of(graded, "untouched", assignment).items():
        assert max_score > 0 and score == 0, f"{assignment}: an empty answer earns points in {name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stubs_fail_by_raising_not_implemented(graded, assignment):
    notebook = executed(graded, "untouched", assignment)
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            assert "NameError" in text_outputs(cell) or "NotImplementedError" in text_outputs(cell)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_half_done_gets_the_points_of_its_answered_cells(graded, assignment):
    _, deserved = demo.half_done(assignment)
    entry = graded["scores"]["half_done", assignment]
    assert 0 < deserved < entry["max_score"]
    assert entry["score"] == deserved


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answers_written_differently_get_full_marks(graded, assignment):
    for name, (score, max_score) in cells_of(graded, "written_differently", assignment).items():
        assert score == max_score, f"{assignment}: a right answer written differently loses points in {name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_wrong_answers_lose_points_with_a_message_naming_the_mistake(graded, assignment):
    notebook = executed(graded, "wrong_answers", assignment)
    feedback = (graded["course"] / "feedback" / "wrong_answers" / assignment / f"{assignment}.html").read_text()
    tests = {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in notebook["cells"]
             if cell.get("metadata", {}).get("nbgrader", {}).get("grade")}
    for name, (_, message) in WRONG_ANSWERS[assignment].items():
        score, _ = cells_of(graded, "wrong_answers", assignment)[f"test_{name}"]
        assert score == 0, f"{assignment}: the wrong {name} earns points"
        assert message in text_outputs(tests[f"test_{name}"]), f"{name}: message {message!r} not shown"
        assert message in feedback, f"{name}: message {message!r} missing from the feedback HTML"


# exercises whose expected value no frame of the check holds as such (the check compares what the
# fused op computes with the converted weights): the forger cannot even pass them in the kernel
NOT_IN_ANY_FRAME = {"test_keras_to_fused"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_code_that_only_copies_or_replays_scores_nothing(graded, assignment):
    """The forger passes the visible checks in its own kernel, by copying their expected values from
    their frames, and loses every point in the grader's re-check (hidden tests and fresh inputs, run
    where no frame of the kernel holds an expected value)."""
    entry = graded["scores"]["forged", assignment]
    assert entry["score"] == 0, f"{assignment}: forged answers earn {entry['cells']}"
    for cell in executed(graded, "forged", assignment)["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and grade_id not in NOT_IN_ANY_FRAME:
            errors = [o["ename"] for o in cell.get("outputs", []) if o["output_type"] == "error"]
            assert errors == ["GraderCheckFailed"], (
                f"{assignment} {grade_id}: the forger should pass in the kernel and fail in the re-check: {errors}")


def test_made_up_answers_cover_every_exercise():
    for assignment in ASSIGNMENTS:
        names = {name for name, _ in demo.exercises(load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb"))}
        assert set(ALTERNATIVE_ANSWERS[assignment]) == names
        assert set(WRONG_ANSWERS[assignment]) == names


def test_feedback_html_for_every_submission(graded):
    for student, assignment in graded["scores"]:
        html = graded["course"] / "feedback" / student / assignment / f"{assignment}.html"
        assert html.exists() and "<html" in html.read_text()[:2000].lower()


def test_feedback_contains_no_hidden_tests(graded):
    hidden_lines = []
    for assignment in ASSIGNMENTS:
        for cell in load(lstm_grader.SOLUTIONS / f"{assignment}.ipynb")["cells"]:
            source = "".join(cell["source"])
            for region in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", source, re.S):
                hidden_lines += [line.strip() for line in region.splitlines() if line.strip()]
    assert hidden_lines
    for html in (graded["course"] / "feedback").rglob("*.html"):
        text = html.read_text().replace("&#39;", "'").replace("&quot;", '"')
        assert "HIDDEN TESTS" not in text, html
        for line in hidden_lines:
            assert line not in text, f"{html.name} shows the hidden test line {line!r}"


def test_grades_csv_lists_every_student_and_notebook(graded):
    rows = list(csv.DictReader(open(graded["course"] / "grades.csv")))
    got = {(row["student_id"], row["assignment"]): float(row["score"]) for row in rows}
    expected = {key: entry["score"] for key, entry in graded["scores"].items()}
    expected.update({("nothing_handed_in", assignment): 0.0 for assignment in ASSIGNMENTS})
    assert got == expected
    assert {student for student, _ in got} == {"solutions", "untouched", "half_done", "written_differently",
                                                "wrong_answers", "forged", "nothing_handed_in"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_tensorflow_log_lines_in_the_notebooks(graded, assignment):
    for cell in executed(graded, "solutions", assignment)["cells"]:
        for output in cell.get("outputs", []):
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (
                f"{assignment}: stderr output in a cell: {''.join(output['text'])[:300]}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebooks_run_without_errors(graded, assignment):
    for cell in executed(graded, "solutions", assignment)["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{assignment}: {output['ename']}: {output['evalue']}"


def test_notebook_1_learns_hihell(graded):
    notebook = executed(graded, "solutions", "01_num_units")
    train = next(cell for cell in notebook["cells"] if cell["id"] == "train")
    assert "predicts 'ihello'" in text_outputs(train)


def test_regrading_gives_the_same_scores(graded, tmp_path):
    """Running the grading command again on the same course folder changes nothing."""
    submissions = tmp_path / "again"
    student = submissions / "half_done"
    student.mkdir(parents=True)
    notebook, deserved = demo.half_done(ASSIGNMENTS[0])
    (student / f"{ASSIGNMENTS[0]}.ipynb").write_text(json.dumps(notebook))
    course = tmp_path / "course"
    first = grade(submissions, course).scores
    second = grade(submissions, course).scores
    assert first == second
    assert first["half_done", ASSIGNMENTS[0]]["score"] == deserved


def test_notebook_5_translates_held_out_numbers(graded):
    """The translator's accuracy, as the notebook prints it from its own run: at least 95 % exact
    match with greedy decoding on the 200 held-out numbers, and far less from zeros."""
    notebook = executed(graded, "solutions", "06_encoder_decoder")
    text = "\n".join(text_outputs(cell) for cell in notebook["cells"])
    greedy = float(re.search(r"greedy decoding from the encoder's state: ([\d.]+)%", text).group(1))
    numpy = float(re.search(r"held-out exact match of your translator: ([\d.]+)%", text).group(1))
    zeros = float(re.search(r"decoder started from zeros: ([\d.]+)% exact", text).group(1))
    assert greedy >= 95 and numpy >= 95, (greedy, numpy)
    assert zeros < 10
    assert "agrees with Keras on 200 of 200" in text


def files_of(out):
    """{relative path: bytes} of every file in a grading folder."""
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_regrading_one_student_leaves_every_other_record_as_it_was_and_nothing_is_removed_unasked(tmp_path):
    """The second run's folder differs from the first's: bea's notebook is now broken, cid has left, eve
    withdrew her notebook, dan is new. Regrading only bea changes bea's record and nothing else, byte for
    byte; a whole run keeps cid and eve's notebook (and says so); only --remove-missing takes them out."""
    notebook = "01_num_units"
    first, second = tmp_path / "first", tmp_path / "second"
    for student in ("ann", "bea", "cid", "eve"):
        demo.write_demo_student(first / student, "solutions", [notebook])
    demo.write_demo_student(second / "ann", "solutions", [notebook])
    (second / "bea").mkdir(parents=True)
    (second / "bea" / f"{notebook}.ipynb").write_text('{"cells": "not a notebook any more"')
    (second / "eve").mkdir()
    (second / "dan").mkdir()
    out = tmp_path / "out"
    before = grade(first, out, workers=2, notebooks=[notebook])
    assert {student for student, _ in before.scores} == {"ann", "bea", "cid", "eve"}
    files = files_of(out)
    grades = (out / "grades.csv").read_text().splitlines()

    again = grade(second, out, workers=2, notebooks=[notebook], students=["bea"])
    assert {key: entry["score"] for key, entry in again.scores.items()} == {
        ("ann", notebook): 10.0, ("cid", notebook): 10.0, ("eve", notebook): 10.0}
    now = files_of(out)
    changed = {path for path in files.keys() | now.keys() if files.get(path) != now.get(path)}
    assert {path for path in changed if not path.startswith(("autograded/bea", "feedback/bea", "logs/bea"))} == {
        "gradebook.db", "grades.csv", "problems.csv"}, changed
    assert [row for row in (out / "grades.csv").read_text().splitlines() if ",bea," not in row] == [
        row for row in grades if ",bea," not in row], "another student's row of grades.csv changed"
    problems = list(csv.DictReader(open(out / "problems.csv")))
    assert [(p["student_id"], p["kind"]) for p in problems] == [("bea", "not_a_notebook")]

    whole = grade(second, out, workers=2, notebooks=[notebook])
    assert sorted(whole.kept) == ["cid", f"eve/{notebook}"] and whole.removed == []
    assert {key[0] for key in whole.scores} == {"ann", "cid", "eve"}, "a record was removed without being asked"
    rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(open(out / "grades.csv"))}
    assert rows == {"ann": 10.0, "bea": 0.0, "cid": 10.0, "dan": 0.0, "eve": 10.0}

    removed = grade(second, out, workers=2, notebooks=[notebook], remove_missing=True)
    assert sorted(removed.removed) == ["cid", f"eve/{notebook}"]
    assert {key: entry["score"] for key, entry in removed.scores.items()} == {("ann", notebook): 10.0}
    rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(open(out / "grades.csv"))}
    assert rows == {"ann": 10.0, "bea": 0.0, "dan": 0.0, "eve": 0.0}, "grades.csv holds other rows than the current ones"
    for kind in ("autograded", "feedback"):
        assert sorted(p.name for p in (out / kind).iterdir()) == ["ann"], f"{kind}/ keeps files of a removed record"
    problems = list(csv.DictReader(open(out / "problems.csv")))
    assert [(p["student_id"], p["kind"]) for p in problems if p["student_id"] == "bea"] == [("bea", "not_a_notebook")]
    assert ("eve", "nothing_handed_in") in {(p["student_id"], p["kind"]) for p in problems}
    with pytest.raises(SystemExit, match="no student folder 'zed'"):
        grade(second, out, notebooks=[notebook], students=["zed"])


def test_a_notebook_nbgrader_cannot_grade_costs_only_its_own_points_and_says_why(tmp_path):
    """A notebook whose nbgrader metadata comes from a newer nbgrader: nbgrader refuses it. The
    reason is nbgrader's own, taken from its exception, not from its log."""
    notebook = "01_num_units"
    demo.write_demo_student(tmp_path / "submissions" / "ann", "solutions", [notebook])
    newer = load(lstm_grader.SOLUTIONS / f"{notebook}.ipynb")
    for cell in newer["cells"]:
        if "nbgrader" in cell["metadata"]:
            cell["metadata"]["nbgrader"]["schema_version"] = 99
    (tmp_path / "submissions" / "zed").mkdir()
    (tmp_path / "submissions" / "zed" / f"{notebook}.ipynb").write_text(json.dumps(newer))
    run = grade(tmp_path / "submissions", tmp_path / "out", workers=2, notebooks=[notebook])
    assert run.scores["ann", notebook]["score"] == 10 and ("zed", notebook) not in run.scores
    [problem] = [p for student, _, p in run.problems if student == "zed"]
    assert problem.kind == "nbgrader_failed" and "Schema version is too new: 99" in problem.detail, problem


def test_the_grade_command_shows_progress_and_a_summary_that_fits_a_terminal(tmp_path):
    """`course.py grade` as an instructor runs it: a progress bar on stderr while it grades, then per
    notebook a line of figures and the paths of what it wrote."""
    import subprocess
    import sys

    (tmp_path / "submissions" / "ann").mkdir(parents=True)
    (tmp_path / "submissions" / "ann" / "01_num_units.ipynb").write_text("not a notebook")
    (tmp_path / "submissions" / "bob").mkdir()
    result = subprocess.run([sys.executable, "-m", "lstm_grader", "grade", str(tmp_path / "submissions"),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "grading: 100%" in result.stderr and "1/1" in result.stderr and "1 with problems" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["notebook", "students", "graded", "mean", "median", "full", "partial", "zero",
                                "problems"]
    assert lines[1].split()[:3] == ["01_num_units", "2", "0"] and lines[1].split()[-1] == "1"
    assert max(map(len, lines)) < 100
    assert f"grades.csv:   {tmp_path / 'out' / 'grades.csv'}" in result.stdout


def test_new_gradebooks_get_the_schema_version_nbgrader_s_alembic_command_gives():
    """The grader reads the version from nbgrader's migration scripts in its own process instead of
    starting the `alembic` command for every new gradebook, as nbgrader would; the two must agree."""
    import sys
    from pathlib import Path

    from nbgrader.dbutil import _temp_alembic_ini

    from lstm_grader.nbgrader_app import alembic_head

    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        heads = subprocess.check_output([str(Path(sys.executable).parent / "alembic"), "-c", ini, "heads"], text=True)
    assert alembic_head() == heads.split()[0]


def test_notebook_4_s_memory_task_says_only_what_it_printed_and_the_lstm_wins_at_the_longest_lag(graded):
    """The sentence under the adding-problem figure quotes numbers; every one must be among what the
    executed notebook printed, and the printed errors must bear out its claim: at the longest lag the
    LSTM's test error is under half the simple RNN's, and the simple RNN is no better than answering the
    mean (within 20 %)."""
    cells = {cell.get("id"): cell for cell in executed(graded, "solutions", "04_gradients_through_time")["cells"]}
    printed = text_outputs(cells["memory-train"]) + "\n" + text_outputs(cells["memory-figure"])
    last = re.findall(r"lag (\d+): test error of the simple RNN ([\d.]+), of the LSTM ([\d.]+); "
                      r"always answering the mean ([\d.]+)", printed)[-1]
    simple_rnn, lstm, mean = map(float, last[1:])
    assert int(last[0]) == 30 and lstm < 0.5 * simple_rnn and simple_rnn >= 0.8 * mean, printed
    sentence = "".join(cells["memory_after"]["source"])
    quoted = re.findall(r"\d+\.\d+(?:e[-+]\d+)?", sentence)
    assert len(quoted) >= 10 and all(number in printed for number in quoted), (
        f"numbers quoted but not printed: {[n for n in quoted if n not in printed]}")
