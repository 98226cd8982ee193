"""The benchmark's own PostgreSQL database: created if needed, migrated, seeded at the chosen scale, analysed."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_NAME = "missions_locales_bench"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance_dsn(url: str) -> str:
    """The same server, the `postgres` database (to create or drop the benchmark's one)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, parts.path, "", ""))


def exists(url: str) -> bool:
    with psycopg.connect(_maintenance_dsn(url), autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]).fetchone()
    return row is not None


def create(url: str):
    with psycopg.connect(_maintenance_dsn(url), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url))))


def drop(url: str):
    with psycopg.connect(_maintenance_dsn(url), autocommit=True) as connection:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        connection.execute(statement.format(sql.Identifier(database_name(url))))


def youth_count(url: str) -> int | None:
    """Young people in the database, or None before the migrations."""
    with psycopg.connect(_dsn(url), autocommit=True) as connection:
        if connection.execute("SELECT to_regclass('youths_youth')").fetchone()[0] is None:
            return None
        return connection.execute("SELECT count(*) FROM youths_youth").fetchone()[0]


def analyse(url: str):
    """VACUUM ANALYZE after a bulk load, as autovacuum would do a little later: statistics for the planner and
    the visibility map for index-only scans."""
    with psycopg.connect(_dsn(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def manage(env: dict, *args: str) -> dict:
    """Run `manage.py args` with the benchmark's environment; its wall time and peak memory (resident set)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, cwd=BASE_DIR)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit code {process.returncode}).")
    return {"seconds": time.monotonic() - started, "peak_mb": usage.ru_maxrss / 1024}


def _check_ours(name, why):
    if not name.startswith(DEFAULT_NAME):
        raise SystemExit(
            f"The database {name} {why} the benchmark drops and recreates only databases named {DEFAULT_NAME}*: "
            "give another database, or --skip-seed."
        )


def prepare(url: str, env: dict, youths: int, seed: int, skip_seed: bool, reseed: bool, log) -> dict | None:
    """Make sure the database holds a seeded region of `youths` files; the seed's figures if it was run now."""
    name = database_name(url)
    if reseed and exists(url):
        _check_ours(name, "--reseed")
        log(f"Database {name}: dropped and created again (--reseed).")
        drop(url)
    if skip_seed:
        count = youth_count(url) if exists(url) else None
        if not count:
            raise SystemExit(f"--skip-seed: the database {name} holds no young people; run without --skip-seed.")
        log(f"Database {name}: {count} young people already there (--skip-seed).")
        analyse(url)
        return None
    if exists(url):
        count = youth_count(url)
        if count == youths:
            log(f"Database {name}: already seeded with {count} young people, reused (--reseed to start again).")
            manage(env, "migrate", "--noinput", "-v", "0")
            analyse(url)
            return None
        if count:
            _check_ours(name, f"holds {count} young people, not {youths}:")
            log(f"Database {name}: {count} young people, not {youths}: dropped and created again.")
            drop(url)
            create(url)
    else:
        log(f"Database {name}: created.")
        create(url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_reference")
    log(f"Seeding {youths} young people (seed_demo --youths {youths} --seed {seed})…")
    figures = manage(env, "seed_demo", "--youths", str(youths), "--seed", str(seed))
    started = time.monotonic()
    analyse(url)
    figures["analyse_seconds"] = time.monotonic() - started
    return figures
