"""A throwaway PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary folder, loopback only.

`start()` returns (base_url, stop) or raises Unavailable with the reason. As root, initdb and the server run as
the `postgres` user (initdb refuses root); otherwise as the current user. fsync is off: the cluster is thrown away.
`EVENTWIRE_TEST_PG=postgresql://...` uses a server you already run instead (it must let us CREATE DATABASE).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


class Unavailable(Exception):
    pass


def _bindir() -> str | None:
    for pattern in ("/usr/lib/postgresql/*/bin",):
        found = sorted(glob.glob(pattern), key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
        for d in reversed(found):
            if os.path.exists(os.path.join(d, "initdb")):
                return d
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> tuple[str, "callable"]:
    given = os.environ.get("EVENTWIRE_TEST_PG")
    if given:
        return given, lambda: None
    bindir = _bindir()
    if bindir is None:
        raise Unavailable("no PostgreSQL server binaries (Debian: apt-get install postgresql)")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root without runuser: cannot start PostgreSQL as another user")
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user to run the server") from None
        prefix = ["runuser", "-u", "postgres", "--"]
    root = tempfile.mkdtemp(prefix="eventwire-pg-")
    data = os.path.join(root, "data")
    if as_root:
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port = _free_port()

    def run(*args: str, timeout: float = 60) -> None:
        proc = subprocess.run(prefix + list(args), capture_output=True, text=True, timeout=timeout, cwd=root)
        if proc.returncode != 0:
            raise Unavailable(f"{os.path.basename(args[0])} failed: {(proc.stderr or proc.stdout).strip()[-400:]}")

    try:
        run(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8")
        run(os.path.join(bindir, "pg_ctl"), "-D", data, "-w", "-t", "30", "-l", os.path.join(root, "log"), "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200", "start")
    except (Unavailable, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(str(exc)) from None

    def stop() -> None:
        try:
            subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60, cwd=root)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    deadline = time.monotonic() + 30
    import psycopg

    while True:
        try:
            psycopg.connect(url, connect_timeout=3).close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                stop()
                raise Unavailable("PostgreSQL started but accepts no connection") from None
            time.sleep(0.2)
    return url, stop


def create_database(base_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name is made by the tests (letters, digits, _)
    return base_url.rsplit("/", 1)[0] + "/" + name


def drop_database(base_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
