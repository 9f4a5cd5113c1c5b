"""The kernel manager of grading kernels: each kernel starts in a bubblewrap sandbox (sandbox.py)
and talks to the grader over Unix sockets.

Three folders of a grading's own, none of them a path the kernel can change while the grader acts on it
with its privileges:

    connection/   the connection file (with the key that signs messages): written by the grader, shown
                  to the kernel read-only; the folder is the grader's, so the file cannot be swapped
    sockets/      where the kernel binds its sockets: lent to the kernel while it starts (sandbox.unseal),
                  taken back and checked once every socket is there (sandbox.seal), and only then does
                  the grader connect to them (the control socket here, the client's in GradingExecute)
    scratch       the kernel's working folder and HOME (sandbox.hand_over), which the grader only deletes
"""
import asyncio
import os
import time
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
    scratch = Unicode(help="The folder the kernel may write to: its working folder and HOME.")
    workdir = Unicode(help="The kernel's working folder, inside `scratch`.")
    sockets = Unicode(help="The folder of the kernel's sockets, the kernel's only while it starts.")
    sandbox_uid = Integer(-1, help="The user the kernel runs as when the grader runs as root (-1: none).")
    sealed = Bool(False, help="Whether the sockets' folder has been taken back and checked since the kernel "
                              "last started: only then does the grader connect to a socket in it.")

    def use_scratch(self, scratch, workdir, uid, connection, sockets):
        """The kernel works in `scratch`; its connection file goes into `connection` (a folder of the
        grader's) and its sockets into `sockets`."""
        self.scratch, self.workdir, self.sockets = str(scratch), str(workdir), str(sockets)
        self.sandbox_uid = -1 if uid is None else uid
        self.transport = "ipc"
        self.ip = str(Path(sockets) / "kernel")
        self.connection_file = str(Path(connection) / "kernel.json")

    @property
    def _uid(self):
        return self.sandbox_uid if self.sandbox and self.sandbox_uid >= 0 else None

    @property
    def limits(self):
        return bwrap.Limits(memory_mb=self.memory_limit_mb, max_processes=self.max_processes,
                              tmp_mb=self.tmp_mb, max_file_mb=self.max_file_mb)

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self._uid is not None:  # the kernel runs as its own user and must read it: its group may
            descriptor = os.open(self.connection_file, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fchown(descriptor, 0, self._uid)
                os.fchmod(descriptor, 0o640)
            finally:
                os.close(descriptor)

    def socket_names(self):
        ports = (self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port)
        return [f"{Path(self.ip).name}-{port}" for port in ports]

    async def _async_pre_start_kernel(self, **kw):
        self.sealed = False
        if self.sockets:
            bwrap.unseal(self.sockets, self._uid)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_post_start_kernel(self, **kw):
        if self.sockets:
            await self._seal_when_bound()
        self.sealed = True
        await super()._async_post_start_kernel(**kw)  # connects the control socket

    async def _seal_when_bound(self, timeout=60.0):
        """Wait until the kernel has bound every socket, then take the folder back and check it."""
        deadline = time.monotonic() + timeout
        names = self.socket_names()
        while not all(os.path.lexists(os.path.join(self.sockets, name)) for name in names):
            process = getattr(self.provisioner, "process", None)
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                break  # the kernel did not start: the client's wait_for_ready says so, on no socket of ours
            await asyncio.sleep(0.02)
        bwrap.seal(self.sockets, self._uid, [n for n in names if os.path.lexists(os.path.join(self.sockets, n))])

    def _connect_control_socket(self):
        if self.sealed or not self.sockets:  # never to a socket path the kernel can still change
            super()._connect_control_socket()

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if not self.sandbox:
            return bwrap.unsandboxed_command(command, self.limits)
        home = Path(self.scratch) / "home"
        return bwrap.command(command, self.scratch, self.workdir, self.limits,
                               env=bwrap.kernel_environment(home),
                               uid=None if self.sandbox_uid < 0 else self.sandbox_uid,
                               writable=[self.sockets], read_only=[str(Path(self.connection_file).parent)])
