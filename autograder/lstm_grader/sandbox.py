"""Every grading kernel runs in a bubblewrap sandbox (Debian's `bubblewrap`, the `bwrap` command).

What a sandboxed kernel sees and may do:

* no network: it has a network namespace of its own with nothing in it but a loopback; it talks
  to the grader over Unix (IPC) sockets in its scratch folder, not over TCP;
* read-only: the system's programs and libraries (/usr and the few files of /etc that programs
  need to start), the course's Python environment, the learner package `lstm_course` and `data/`;
* writable: only its scratch folder (a copy of its submission folder and its HOME), the folder of
  its sockets (until they are bound: `seal`) and a private /tmp of bounded size;
* read-only: its connection file, in a folder of the grader's that the kernel cannot change;
* nothing else: not the home folders, not the course's solutions or tests, not the grading folder
  or gradebook, not the other students' files, not the grader's environment variables (the kernel's
  environment is an explicit list, `kernel_environment`, and bwrap itself starts with an empty one);
* its own process namespace (it sees and can signal only its own processes), and limits on its
  memory (RLIMIT_DATA), its number of processes and threads (RLIMIT_NPROC) and the size of any file
  it writes (RLIMIT_FSIZE). The limits are hard: the kernel cannot raise them again.

The process limit needs a user of its own: as root, RLIMIT_NPROC does not apply, so when the grader
runs as root the kernel runs as a uid of its own (`uid_for_sandbox`); as any other user the kernel
gets a user namespace of its own, in which the limit counts only the sandbox's processes.

No call the grader makes with its privileges follows a path the kernel can change: the scratch folder
is handed over (`hand_over`) before the kernel starts, without following links; the connection file
lives outside every folder the kernel can write; the sockets' folder is the kernel's only while it
starts, and is taken back (`seal`) before the grader connects to a socket in it, each entry checked to
be a socket and not a link.

`command()` builds the command line; `problem()` says why bubblewrap cannot run here, or None.
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Started inside the sandbox in front of the kernel: become the sandbox's user (as root), set the
# limits, then exec the kernel, keeping its process id so that interrupts and kills reach it.
# It runs in the course's Python with -I -S, so nothing in the sandbox can change what it imports.
LAUNCHER = """\
import os, resource, sys
uid, nproc, data, fsize = (int(v) for v in sys.argv[1:5])
command = sys.argv[6:]
if uid >= 0:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
for limit, value in ((resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_DATA, data), (resource.RLIMIT_FSIZE, fsize)):
    if value > 0:
        resource.setrlimit(limit, (value, value))
os.execv(command[0], command)
"""

# Parts of the system a Python program needs; on Debian /bin, /lib ... are links into /usr.
SYSTEM_PATHS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
# Of /etc only what programs read to start: the dynamic linker's cache, users and groups (for
# getpass and `~`), the time zone, fontconfig.
ETC_PATHS = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime",
             "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/fonts"]
UID_BASE = 200_000  # sandbox users when the grader runs as root: UID_BASE + a number per worker process


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 3072      # RLIMIT_DATA of every process of the kernel (0: none)
    max_processes: int = 256   # processes and threads of the sandbox's user (0: none)
    tmp_mb: int = 256          # size of the private /tmp
    max_file_mb: int = 1024    # largest file the kernel may write (0: none)


def running_as_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def uid_for_sandbox():
    """A user id of its own for this worker process's kernels, when the grader runs as root (None
    otherwise). Its own, so that the process limit of one worker's kernel is not shared with another's."""
    return UID_BASE + os.getpid() % 100_000 if running_as_root() else None


def learner_paths():
    """The learner package and the course's data: what a notebook imports and reads."""
    import lstm_course
    import lstm_course.data

    return [Path(lstm_course.__file__).resolve().parent, Path(lstm_course.data.DATA).resolve()]


def python_paths():
    """The Python environment the kernel runs in (a virtual environment and the Python it was made from)."""
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    return sorted(p for p in prefixes if not any(p != q and q in p.parents for q in prefixes))


def read_only_paths():
    paths = [Path(p) for p in SYSTEM_PATHS + ETC_PATHS if os.path.lexists(p)]
    paths += python_paths() + learner_paths()
    return paths


def _parents(path):
    return [p for p in reversed(Path(path).parents) if str(p) != "/"]


def command(kernel_command, scratch, workdir, limits=Limits(), env=None, uid=None, writable=(), read_only=()):
    """The command line that runs `kernel_command` in a sandbox whose only writable folders are
    `scratch` and `writable`, starting in `workdir` (inside `scratch`), with the folders `read_only`
    shown read-only. As root, `uid` is the user it runs as."""
    scratch, workdir = Path(scratch), Path(workdir)
    as_root = running_as_root()
    # bwrap starts with an empty environment too (its process in the sandbox could show its own);
    # an interrupt is for the kernel, not for bwrap (it would die)
    args = ["env", "-i", "--ignore-signal=INT",
            shutil.which("bwrap") or "/usr/bin/bwrap", "--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "grading", "--clearenv"]
    if as_root:  # the launcher needs these two to become `uid`, which then drops every capability
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--disable-userns"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(limits.tmp_mb * 2**20), "--tmpfs", "/tmp"]
    made = {"/proc", "/dev", "/tmp"}

    def folders_for(path):
        for parent in _parents(path):
            if str(parent) not in made:
                args.extend(["--perms", "0755", "--dir", str(parent)])
                made.add(str(parent))

    for path in read_only_paths():
        if path.is_symlink() and str(path) in SYSTEM_PATHS:
            args.extend(["--symlink", os.readlink(path), str(path)])
        else:
            folders_for(path)
            args.extend(["--ro-bind", str(path), str(path)])
        made.add(str(path))
    for path in read_only:
        folders_for(path)
        args.extend(["--ro-bind", str(path), str(path)])
    for path in [scratch, *writable]:
        folders_for(path)
        args.extend(["--bind", str(path), str(path)])
    args += ["--remount-ro", "/", "--remount-ro", "/dev", "--chdir", str(workdir)]
    for name, value in (env or {}).items():
        args.extend(["--setenv", name, str(value)])
    mb = 2**20
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(uid if as_root and uid is not None else -1),
                str(limits.max_processes), str(limits.memory_mb * mb), str(limits.max_file_mb * mb), "--"]
    return args + ["--"] + launcher + list(kernel_command)


def unsandboxed_command(kernel_command, limits=Limits()):
    """`--no-sandbox`: only the memory and file-size caps (the process limit needs the sandbox's user)."""
    mb = 2**20
    return [sys.executable, "-I", "-S", "-c", LAUNCHER, "-1", "0", str(limits.memory_mb * mb),
            str(limits.max_file_mb * mb), "--"] + list(kernel_command)


def hand_over(scratch, uid):
    """Make the folder `scratch` (and all in it) the sandbox user's, when the grader runs as root, before
    any kernel runs in it; links are changed themselves, never followed. Folders get mode 0711: bwrap
    enters them as root but without the capability to ignore permissions."""
    if uid is None:
        return
    for folder, folders, files in os.walk(scratch):  # os.walk does not descend into links to folders
        os.chown(folder, uid, uid, follow_symlinks=False)
        os.chmod(folder, 0o711)
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)


def _set_owner(folder, uid, mode):
    """chown and chmod of `folder` through a descriptor opened without following a link."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchown(descriptor, uid, uid)
        os.fchmod(descriptor, mode)
    finally:
        os.close(descriptor)


def unseal(sockets, uid):
    """Lend the sockets' folder to the sandbox user, so that a starting kernel can bind its sockets in it.
    `sockets` lies in a folder of the grader's, so the name itself cannot be a link the kernel made."""
    if uid is not None:
        _set_owner(sockets, uid, 0o711)


def seal(sockets, uid, names):
    """Take the sockets' folder back from a kernel that has bound its sockets (`names`), then check that
    each entry is a socket of its own and not a link: only then may the grader connect to them. Raises
    PermissionError otherwise. Without root (uid None) the folder cannot be taken back; the entries are
    still checked."""
    if uid is not None:
        _set_owner(sockets, 0, 0o711)
    for name in names:
        info = os.lstat(os.path.join(sockets, name))
        if not stat.S_ISSOCK(info.st_mode) or (uid is not None and info.st_uid != uid):
            raise PermissionError(f"{name} in the kernel's socket folder is not a socket of the kernel's own")


def kernel_environment(home):
    """The kernel's whole environment, an explicit list: nothing of the grader's own (which may hold
    tokens, passwords or nbgrader's settings)."""
    from lstm_course import TF_QUIET_ENV

    from . import GRADING_THREADS_ENV

    return {"PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(home), "USER": "student", "LOGNAME": "student", "LANG": "C.UTF-8", "TMPDIR": "/tmp",
            "MPLCONFIGDIR": str(Path(home) / ".config" / "matplotlib"), "IPYTHONDIR": str(Path(home) / ".ipython"),
            "PYTHONNOUSERSITE": "1", "NBGRADER_EXECUTION": "autograde",  # nbgrader's documented flag, a constant
            **TF_QUIET_ENV, **GRADING_THREADS_ENV}


def problem():
    """Why a sandboxed kernel cannot start on this machine, in words; None when it can."""
    if not shutil.which("bwrap"):
        return ("bubblewrap is not installed (the `bwrap` command); on Debian or Ubuntu: "
                "sudo apt-get install bubblewrap")
    with tempfile.TemporaryDirectory(prefix="lstm-sandbox-check-") as scratch:
        uid = uid_for_sandbox()
        hand_over(scratch, uid)
        probe = [sys.executable, "-I", "-c", "import lstm_course, numpy; print('sandbox ok')"]
        try:
            result = subprocess.run(command(probe, scratch, scratch, env=kernel_environment(scratch), uid=uid),
                                    capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as error:
            return f"bubblewrap could not be started: {error}"
    if result.returncode != 0 or "sandbox ok" not in result.stdout:
        said = (result.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        return (f"bubblewrap cannot start a sandbox here: {said}. It needs user namespaces "
                "(sysctl kernel.unprivileged_userns_clone=1 or user.max_user_namespaces > 0), or grading as root")
    return None
