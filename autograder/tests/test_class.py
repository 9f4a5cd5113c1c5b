"""A whole class: the stress command's own path (`course.py stress`), on a small batch. The
documented run grades 10 students of every notebook; here 4 students of notebook 2 (each kind of
made-up student: the solutions, untouched, half done) are graded with 2 workers and again with one,
and the two gradebooks must agree cell by cell. How `--rounds` takes turns is tested with stand-ins
for the gradings."""
import contextlib
import csv
import types

from lstm_grader import pipeline, stress


def test_a_small_class_graded_in_parallel_gets_the_grades_of_one_worker(capsys):
    status = stress.main(["--students", "4", "--workers", "2", "--notebooks", "02_fused_kernel", "--compare",
                          "--quiet", "--no-ceiling"])
    printed = capsys.readouterr().out
    assert "grades.csv has 4 rows for 4 students; every student present: True" in printed, printed
    assert "same grades, cell by cell: True" in printed, (
        f"the parallel run's grades differ from the one-worker run's:\n{printed}")
    assert status == 0, printed


def stand_in_grading(calls, parallel_seconds):
    """A stand-in for stress.timed_grade that writes grades.csv and takes 10 s with one local worker and
    the next of `parallel_seconds` with more (or on a Dask cluster); it notes each call in `calls`."""
    parallel_seconds = iter(parallel_seconds)

    def stand_in(submissions, out, workers, notebooks, progress, scheduler=None):
        calls.append("dask" if scheduler else workers)
        students = sorted(p.name for p in submissions.iterdir())
        out.mkdir(parents=True)
        with open(out / "grades.csv", "w", newline="") as table:
            writer = csv.writer(table)
            writer.writerow(["student_id", "assignment", "score"])
            writer.writerows([student, notebook, 1] for student in students for notebook in notebooks)
        scores = {(student, notebook): {"score": 1} for student in students for notebook in notebooks}
        seconds = 10.0 if workers == 1 and not scheduler else next(parallel_seconds)
        run = pipeline.Run(out, scores, [], students, notebooks, seconds, task_seconds={key: 1.0 for key in scores})
        return seconds, scores, run

    return stand_in


def stand_in_cores(monkeypatch, alone, together):
    """cores.timed measured nothing: every kind of work takes `alone` s alone and `together` s beside others."""
    from lstm_grader import cores

    monkeypatch.setattr(cores, "timed", lambda kind, copies: [alone] if copies == 1 else [together] * copies)


def test_rounds_alternate_which_run_goes_first_and_print_the_median_speed_up(monkeypatch, capsys):
    """Round 1 grades with 2 workers first, round 2 with one first, and so on; each round's speed-up is
    printed, then their median, then what the cores allow and the efficiency (the median over it)."""
    calls = []
    monkeypatch.setattr(stress, "timed_grade", stand_in_grading(calls, [5.0, 4.0, 8.0]))
    stand_in_cores(monkeypatch, 1.0, 1.05)   # two at once allow 2 / 1.05 = 1.90x
    status = stress.main(["--students", "3", "--workers", "2", "--notebooks", "02_fused_kernel", "--compare",
                          "--rounds", "3", "--quiet"])
    printed = capsys.readouterr().out
    assert calls == [2, 1, 1, 2, 2, 1], calls
    for number, speed_up in [(1, "2.00x"), (2, "2.50x"), (3, "1.25x")]:
        assert f"round {number}: 1 worker: 10 s" in printed and f"speed-up with 2 workers: {speed_up}" in printed
    assert "speed-up over 3 rounds: median 2.00x, lowest 1.25x, highest 2.50x" in printed, printed
    assert "efficiency (local workers): speed-up 2.00x / ceiling 1.90x = 1.05 (target at least 0.95: met)" in printed
    assert status == 0, printed


def test_dask_rounds_alternate_too(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(stress, "timed_grade", stand_in_grading(calls, [5.0, 4.0]))
    monkeypatch.setattr(stress, "local_dask_cluster", lambda workers: contextlib.nullcontext(
        types.SimpleNamespace(scheduler_address="tcp://stand-in:8786")))
    stand_in_cores(monkeypatch, 1.0, 1.25)   # two at once allow 2 / 1.25 = 1.60x
    status = stress.main(["--students", "3", "--scheduler-workers", "2", "--notebooks", "02_fused_kernel",
                          "--rounds", "2", "--quiet"])
    printed = capsys.readouterr().out
    assert calls == ["dask", 1, 1, "dask"], calls
    assert "round 1: 1 local worker: 10 s; speed-up on the Dask cluster: 2.00x; same grades, cell by cell: True" in printed
    assert "round 2: 1 local worker: 10 s; speed-up on the Dask cluster: 2.50x" in printed, printed
    assert "speed-up over 2 rounds: median 2.25x, lowest 2.00x, highest 2.50x" in printed, printed
    assert "efficiency (Dask workers): speed-up 2.25x / ceiling 1.60x = 1.41 (target at least 0.95: met)" in printed
    assert status == 0, printed
