"""JupyterLab as a learner sees it: nbgrader's Validate button on, instructor tools off, and
kernels that do not pile up.

Run once per environment, by `binder/postBuild` on Binder and by `course.py setup` locally:

    python -m lstm_course.student_jupyter

Formgrader and "create assignment" are for instructors. The assignment and course lists need
an nbgrader exchange, which a learner studying alone does not have, so they are off too.
Instructors grade from the command line (`course.py grade`), which needs none of them.

Each notebook's kernel holds 0.6 GB once TensorFlow is loaded, and Binder gives 2 GB in all. So
closing a notebook shuts its kernel down (JupyterLab's `kernelShutdown` setting), and a kernel that
no open notebook uses and that has been idle for KERNEL_IDLE_MINUTES is shut down by the Jupyter
server (its kernel culling). The Validate button's kernel is nbgrader's own and ends with the
validation.
"""
import json
import subprocess
import sys
from pathlib import Path

from jupyter_core.paths import jupyter_config_dir

from lstm_course import CELL_TIMEOUT_SECONDS, KERNEL_STARTUP_SECONDS

SERVER_OFF = [
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
]
SERVER_ON = ["nbgrader.server_extensions.validate_assignment"]
LAB_OFF = [
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
]
LAB_ON = ["@jupyter/nbgrader:validate-assignment"]
KERNEL_IDLE_MINUTES = 5
# JupyterLab's defaults for every user of this environment (`overrides.json`).
LAB_OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"kernelShutdown": True}}
# The Jupyter server's kernel culling: idle kernels that no notebook is connected to.
SERVER_CONFIG = {"MappingKernelManager": {"cull_idle_timeout": KERNEL_IDLE_MINUTES * 60, "cull_interval": 60,
                                          "cull_connected": False, "cull_busy": False}}


def configure(level="sys-prefix"):
    """Write the choice into this environment's Jupyter config (or the user's: level='user')."""
    jupyter = [sys.executable, "-m", "jupyter"]
    lab_level = "sys_prefix" if level == "sys-prefix" else level
    steps = ([jupyter + ["server", "extension", "disable", f"--{level}", name] for name in SERVER_OFF]
             + [jupyter + ["server", "extension", "enable", f"--{level}", name] for name in SERVER_ON]
             + [jupyter + ["labextension", "disable", f"--level={lab_level}", name] for name in LAB_OFF]
             + [jupyter + ["labextension", "enable", f"--level={lab_level}", name] for name in LAB_ON])
    for step in steps:
        subprocess.run(step, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Validate runs the whole notebook; give its cells the grader's time, not nbgrader's 30 s.
    config_dir = Path(sys.prefix, "etc", "jupyter") if level == "sys-prefix" else Path(jupyter_config_dir())
    config_dir.mkdir(parents=True, exist_ok=True)
    validate_settings = {"Execute": {"timeout": CELL_TIMEOUT_SECONDS,
                                     "startup_timeout": KERNEL_STARTUP_SECONDS}}
    (config_dir / "nbgrader_config.json").write_text(json.dumps(validate_settings, indent=2) + "\n")
    server_dir = config_dir / "jupyter_server_config.d"
    server_dir.mkdir(parents=True, exist_ok=True)
    (server_dir / "lstm-course.json").write_text(json.dumps(SERVER_CONFIG, indent=2) + "\n")
    if level == "sys-prefix":  # JupyterLab's defaults for this environment (a user's own settings still win)
        lab_settings = Path(sys.prefix, "share", "jupyter", "lab", "settings")
        lab_settings.mkdir(parents=True, exist_ok=True)
        overrides = lab_settings / "overrides.json"
        merged = json.loads(overrides.read_text()) if overrides.exists() else {}
        for plugin, settings in LAB_OVERRIDES.items():
            merged.setdefault(plugin, {}).update(settings)
        overrides.write_text(json.dumps(merged, indent=2) + "\n")


if __name__ == "__main__":
    configure(*sys.argv[1:])
