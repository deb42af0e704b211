"""A throwaway PostgreSQL server for the store tests: initdb and pg_ctl in a temporary folder, as an unprivileged user."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

UNPRIVILEGED = "nobody"  # PostgreSQL refuses to run as root


def postgres_bin() -> Path | None:
    """The folder of Debian's initdb and pg_ctl (the newest version installed), if any."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _run(command: list[str], as_user: bool) -> None:
    if as_user:
        command = ["runuser", "-u", UNPRIVILEGED, "--", *command]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server on a free loopback port with trust authentication; yield its URL; stop and remove it.

    Its folder is a fresh one in the system's temporary folder, which the unprivileged user can reach.
    """
    binaries = postgres_bin()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (.ci/run installs Debian's postgresql package)")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql)")
    as_user = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="bot-postgres-"))
    if as_user:
        shutil.chown(folder, UNPRIVILEGED)
    data = folder / "data"
    port = _free_port()
    _run([str(binaries / "initdb"), "-D", str(data), "--auth=trust", "-U", "bot", "-E", "UTF8", "--no-sync"], as_user)
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=100"
    _run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start"], as_user)
    try:
        yield f"postgresql://bot@127.0.0.1:{port}/postgres"
    finally:
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_user)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}"
