"""The checks against the corpus of wrong and right answers written as learners write them
(autograder/tests/corpus): every wrong answer loses its points in the graded cell, every right one
keeps them, and the figures that `python3 course.py corpus` prints meet the course's targets.
In this process, without nbgrader: about half a minute."""
import pytest

from corpus import measure

# every exercise of every notebook in solutions/: a new one must come with its answers
EXERCISES = {path.stem: set(measure.test_cells(path.stem)) for path in sorted((measure.ROOT / "solutions").glob("*.ipynb"))}


@pytest.fixture(scope="module", params=sorted(measure.SETS))
def results(request):
    return request.param, measure.measure(request.param)


def test_every_exercise_has_its_share_of_answers():
    for which, least_wrong, least_right in (("main", 10, 3), ("heldout", 6, 2)):
        found = measure.corpus(which)
        assert set(found) == set(EXERCISES), f"{which}: notebooks {sorted(found)}"
        for notebook, exercises in found.items():
            assert set(exercises) == EXERCISES[notebook], f"{which} {notebook}: exercises {sorted(exercises)}"
            for name, answers in exercises.items():
                assert len(answers["wrong"]) >= least_wrong and len(answers["right"]) >= least_right, \
                    f"{which} {name}: {len(answers['wrong'])} wrong and {len(answers['right'])} right answers"


def test_every_wrong_answer_loses_its_points(results):
    which, found = results
    missed = [(r.name, what) for r in found for what, kind, _ in r.misses if kind == "graded cell passes it"]
    assert not missed, f"{which}: wrong answers that the graded cells pass: {missed}"


def test_every_right_answer_keeps_its_points(results):
    which, found = results
    rejected = [(r.name, how, message) for r in found for how, kind, message in r.misses
                if kind == "right answer rejected"]
    assert not rejected, f"{which}: right answers that fail: {rejected}"


def test_the_visible_checks_and_the_messages_meet_their_targets(results):
    which, found = results
    figures = measure.totals(found)
    short = {k: f"{figures[k]:.1%}" for k, target in measure.TARGETS.items() if figures[k] < target}
    assert not short, f"{which}: below target: {short}\n{measure.table(found)}"
