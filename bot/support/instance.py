"""This process as an owner of shared work (a lease, a broadcast, outbox rows): its name,
and whether an owner named so is a process of this machine that no longer runs.

A name is ``host:pid:pid-namespace:boot:random``. The pid means something only with its
namespace (two containers may run the same pid) and its boot (cloned machines share a
host name and the first namespace's number); a long host name is shortened with a hash
rather than cut, so two pods whose names differ only at the end stay apart.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from functools import cache


def _pid_namespace() -> int:
    """The process's pid namespace (0 where it cannot be read)."""
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return 0


def _boot() -> str:
    """This boot of the machine ("0" where it cannot be read)."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            return f.read().strip().replace("-", "")[:8] or "0"
    except OSError:
        return "0"


def _host() -> str:
    name = socket.gethostname().replace(":", "-")
    if len(name) <= 24:
        return name
    return f"{name[:15]}~{hashlib.blake2b(name.encode(), digest_size=4).hexdigest()[:8]}"


@cache
def _here(pid: int) -> tuple[str, str, str, str]:
    """host, pid, namespace and boot of this process (cached per pid: a fork is another)."""
    return _host(), str(pid), str(_pid_namespace()), _boot()


def worker_id_here() -> str:
    """This process as an owner: host, pid, pid namespace, boot, a random tail."""
    return ":".join([*_here(os.getpid()), uuid.uuid4().hex[:8]])


def _parts(owner: str) -> list[str]:
    return [*owner.split(":"), "", "", "", ""][:4]


def same_process(owner: str) -> bool:
    """Whether ``owner`` names this very process (another of its owners, not necessarily
    still in use)."""
    return _parts(owner) == list(_here(os.getpid()))


def gone(owner: str) -> bool:
    """Whether ``owner`` is a process of this machine and boot (same host name and pid
    namespace) that no longer runs: a restart after a kill -9 then carries on at once
    rather than after the dead one's lease. Any other owner is never known gone."""
    host, pid, space, boot = _parts(owner)
    here = _here(os.getpid())
    if [host, space, boot] != [here[0], here[2], here[3]] or "0" in (here[2], here[3]):
        return False
    if not pid.isdigit() or pid == here[1]:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, or not ours to ask about
        return False
    return False
