"""A whole class: the stress command's own path (`course.py stress`), on a small batch. The
documented run grades 10 students of every notebook; here 6 students of notebook 1 are graded with
2 workers and again with one, and the two gradebooks must agree cell by cell."""
from lstm_grader import stress


def test_a_small_class_graded_in_parallel_gets_the_grades_of_one_worker(capsys):
    status = stress.main(["--students", "6", "--workers", "2", "--notebooks", "01_num_units", "--compare",
                          "--quiet"])
    printed = capsys.readouterr().out
    assert "grades.csv has 6 rows for 6 students; every student present: True" in printed, printed
    assert "same grades, cell by cell: True" in printed, (
        f"the parallel run's grades differ from the one-worker run's:\n{printed}")
    assert status == 0, printed
