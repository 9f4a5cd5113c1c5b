"""The kernel manager of grading kernels: each kernel starts in a bubblewrap sandbox (sandbox.py)
and talks to the grader over Unix sockets in its scratch folder."""
import os
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, Unicode

from . import sandbox as bwrap


class SandboxedKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose kernel command runs inside `sandbox.command`."""

    sandbox = Bool(True, help="Start the kernel in a bubblewrap sandbox (no network, only its scratch "
                              "folder writable). False: only the memory and file-size caps.").tag(config=True)
    memory_limit_mb = Integer(bwrap.Limits.memory_mb, help="RLIMIT_DATA of the kernel's processes in MB "
                                                             "(0: none).").tag(config=True)
    max_processes = Integer(bwrap.Limits.max_processes, help="Processes and threads the kernel may run at "
                                                               "once (0: no limit).").tag(config=True)
    tmp_mb = Integer(bwrap.Limits.tmp_mb, help="Size of the kernel's private /tmp in MB.").tag(config=True)
    max_file_mb = Integer(bwrap.Limits.max_file_mb, help="Largest file the kernel may write, in MB "
                                                           "(0: no limit).").tag(config=True)
    scratch = Unicode(help="The folder the kernel may write to: its working folder, HOME and sockets.")
    workdir = Unicode(help="The kernel's working folder, inside `scratch`.")
    sandbox_uid = Integer(-1, help="The user the kernel runs as when the grader runs as root (-1: none).")

    def use_scratch(self, scratch, workdir, uid):
        """Sockets and the connection file go into `scratch`, which the sandbox shows the kernel."""
        self.scratch, self.workdir = str(scratch), str(workdir)
        self.sandbox_uid = -1 if uid is None else uid
        self.transport = "ipc"
        self.ip = str(Path(scratch) / "kernel")
        self.connection_file = str(Path(scratch) / "kernel.json")

    @property
    def limits(self):
        return bwrap.Limits(memory_mb=self.memory_limit_mb, max_processes=self.max_processes,
                              tmp_mb=self.tmp_mb, max_file_mb=self.max_file_mb)

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.sandbox and self.sandbox_uid >= 0:  # the kernel runs as its own user and must read it
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if not self.sandbox:
            return bwrap.unsandboxed_command(command, self.limits)
        home = Path(self.scratch) / "home"
        return bwrap.command(command, self.scratch, self.workdir, self.limits,
                               env=bwrap.kernel_environment(home),
                               uid=None if self.sandbox_uid < 0 else self.sandbox_uid)
