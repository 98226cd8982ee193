"""Load test: gunicorn on the loopback, logged-in counsellors hammering the caseload page for a bounded time.

The load comes from wrk (Debian package, installed with apt-get when missing and allowed), each request carrying
one of several session cookies of the same counsellor, as several browsers would; without wrk, a bounded Python
generator (threads with keep-alive connections) does the same, less efficiently (it competes for the CPU).
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, cookie, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


def cpu_seconds(pid):
    """CPU time (user + system) used so far by a process and its children (gunicorn's master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            pids += [int(child) for child in children.read().split()]
    except OSError:
        return None
    for process in pids:
        try:
            with open(f"/proc/{process}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def find_wrk(log, install: bool):
    wrk = shutil.which("wrk")
    if wrk or not install:
        return wrk
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        return None
    log("wrk is missing: installing the Debian package (apt-get install wrk)…")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": environment}
    if subprocess.run([apt, "install", "-y", "-q", "wrk"], **quiet).returncode != 0:
        subprocess.run([apt, "update", "-q"], **quiet)
        subprocess.run([apt, "install", "-y", "-q", "wrk"], **quiet)
    return shutil.which("wrk")


def start_gunicorn(env, port, workers):
    command = [
        str(Path(os.sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "/connexion/", "", timeout=2)
            if status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn did not start.")
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 30 s.")


WRK_SCRIPT = """
cookies = {%s}
counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Cookie"] = cookies[(counter %% #cookies) + 1]
  return wrk.format("GET", "%s")
end
"""


def run_wrk(wrk, port, path, cookies, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (", ".join(f'"{cookie}"' for cookie in cookies), path))
    try:
        output = subprocess.run(
            [
                wrk,
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    latency = {}
    for share, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE):
        latency[share] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return {
        "tool": "wrk",
        "requests": total,
        "req_per_s": rate,
        "errors": int(errors.group(1)) if errors else 0,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
    }


def run_python(port, path, cookies, seconds, connections):
    """A bounded load generator: `connections` threads with keep-alive connections, for `seconds`."""
    deadline = time.monotonic() + seconds
    counts, errors, durations = [0] * connections, [0] * connections, [[] for _ in range(connections)]

    def worker(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        cookie = cookies[index % len(cookies)]
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            durations[index].append((time.perf_counter() - started) * 1000)
            counts[index] += ok
            errors[index] += not ok
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(index,)) for index in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    flat = sorted(value for values in durations for value in values)
    return {
        "tool": "python threads",
        "requests": sum(counts),
        "req_per_s": sum(counts) / elapsed,
        "errors": sum(errors),
        "p50_ms": flat[len(flat) // 2] if flat else None,
        "p99_ms": flat[int(len(flat) * 0.99)] if flat else None,
    }


def load_test(env, cookies, *, path, seconds, workers, connections, install_wrk, log):
    port = free_port()
    log(f"Load test: gunicorn, {workers} workers on 127.0.0.1:{port}, {connections} connections, {seconds} s, {path}")
    server = start_gunicorn(env, port, workers)
    try:
        for cookie in cookies:
            status, body = get(port, path, cookie)
            if status != 200:
                raise SystemExit(f"Load test: {path} answered HTTP {status} to a logged-in counsellor.")
        # Warm every worker: first requests import templates and open the database connection.
        run_python(port, path, cookies, 2, connections)
        wrk = find_wrk(log, install_wrk)
        before = cpu_seconds(server.pid)
        if wrk:
            result = run_wrk(wrk, port, path, cookies, seconds, connections)
        else:
            log("wrk not available: the Python load generator is used instead.")
            result = run_python(port, path, cookies, seconds, connections)
        after = cpu_seconds(server.pid)
        # The application's own CPU per request (gunicorn workers; PostgreSQL's is not counted).
        result["cpu_ms"] = (
            (after - before) * 1000 / result["requests"] if before is not None and result["requests"] else None
        )
        status, _ = get(port, path, cookies[0])
        if status != 200:
            raise SystemExit(f"Load test: after the load, {path} answered HTTP {status} (session lost?).")
        result["workers"] = workers
        result["connections"] = connections
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
