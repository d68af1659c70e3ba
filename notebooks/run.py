#!/usr/bin/python3
"""Runs Entente's Java notebooks headlessly against a warehouse and fails on any cell error.

Each notebook gets its own Java kernel (rapaio-jupyter-kernel, installed for this run only in a
temporary JUPYTER_PATH) with Entente and Spark on its class path and ENTENTE_WAREHOUSE set. Cells
run in order with nbclient; the first cell that fails stops its notebook, and the run goes on to
the next notebook. Prints each notebook's wall time; exit status 0 when every cell of every
notebook ran, 1 when one failed, 2 on a bad argument.

Run it with Debian's /usr/bin/python3 (it needs python3-nbclient and python3-nbformat), usually
through bin/notebooks, which builds what it needs first:

    /usr/bin/python3 notebooks/run.py --warehouse ./warehouse [--out DIR] [NOTEBOOK.ipynb ...]

Two defects of the kernel are worked around (see STACK.md): a start-up race that sometimes
leaves it deaf (we ask for kernel_info ourselves and start a fresh kernel when it does not
answer), and java.util.logging at FINEST, which breaks Spark's code generation (each notebook's
first cell sets it back to INFO, and so does Entente.open).
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
import time
from queue import Empty
from datetime import datetime
from pathlib import Path

try:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write("notebooks: missing Python module (%s): apt-get install --no-install-recommends -y "
                     "jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core "
                     "python3-nbformat, and run with /usr/bin/python3\n" % e.name)
    sys.exit(2)

KERNEL_NAME = "entente-java"
REPO = Path(__file__).resolve().parent.parent

# The module options Spark's launcher passes on Java 17 (the same list as pom.xml and bin/entente).
SPARK_JAVA_FLAGS = [
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
]


def default_classpath():
    """Entente's classes (target/classes) and its compile + provided dependencies (Spark, Delta)."""
    listing = REPO / "target" / "notebooks" / "classpath.txt"
    if not listing.is_file():
        return None
    return os.pathsep.join([str(REPO / "target" / "classes"), listing.read_text().strip()])


def kernel_spec(args, warehouse):
    """The kernel.json of a Java kernel that can run Entente's notebooks."""
    argv = ([args.java] + SPARK_JAVA_FLAGS
            + ["-Xmx" + args.xmx, "-Djava.awt.headless=true", "-Dspark.ui.enabled=false",
               "-Dspark.master=" + args.master]
            # A notebook run is short: the quick JIT alone halves Spark's warm-up on 2 cores.
            + ([] if args.install else ["-XX:TieredStopAtLevel=1"])
            + args.java_opt
            + ["-jar", str(Path(args.kernel_jar).resolve()), "{connection_file}"])
    return {
        "argv": argv,
        "display_name": "Java (Entente)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            # The kernel splits RJK_CLASSPATH on ';' (not ':'), whatever the platform.
            "RJK_CLASSPATH": ";".join(e for e in args.classpath.split(os.pathsep) if e),
            "RJK_TIMEOUT_MILLIS": "-1",
            "ENTENTE_WAREHOUSE": warehouse,
            "SPARK_LOCAL_IP": "127.0.0.1",
        },
    }


# Two start-up races of the kernel (rapaio-jupyter-kernel 3.0.1) leave it deaf for good, in about
# one start in five on a loaded machine. (1) It binds its sockets, then sets up its message
# handlers: a shell message that arrives in between kills the thread that reads the shell socket
# (a NullPointerException in its log). (2) Sometimes it binds every socket and its shell thread
# goes on polling, but it never sees a message (whatever the client does: connecting later or
# asking later does not help). A healthy kernel answers within a second or two of binding. So we
# ask only once its sockets are bound plus a grace period, and start a fresh kernel at once when
# the log shows the dead thread, or when no answer has come within --answer-timeout seconds
# (40: on a 2-core machine busy with other JVMs, four healthy starts in a row took over 15 s).
CHANNELS = ("[ShellChannel]", "[IOPubChannel]", "[StdinChannel]", "[ControlChannel]", "[HeartbeatChannel]")
SHELL_THREAD_DIED = 'Exception in thread "Shell-'
GRACE_SECONDS = 1.0


ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Kernel log lines that never explain a failure: the class path, the connection file, message traffic.
NOISE = re.compile(r"^(Parsing classpath: |Add .* to classpath$|\s+\"\w+\": |\} ?$)|\[INFO +\]")


def log_text(log):
    log.flush()
    with open(log.name, errors="replace") as f:
        return f.read()


async def await_kernel_info(km, kc, log, offset, timeout, answer_timeout):
    """Returns None when the kernel answered kernel_info (and IOPub is connected), else why not."""
    deadline = time.monotonic() + timeout
    bound_at = None
    while time.monotonic() < deadline:
        text = log_text(log)[offset:]
        if SHELL_THREAD_DIED in text:
            return "its shell thread died on a message that came before it was ready"
        if not await km.is_alive():
            return "it exited"
        if bound_at is None:
            if all(c + ": Binding" in text for c in CHANNELS):
                bound_at = time.monotonic()
            await asyncio.sleep(0.2)
            continue
        if time.monotonic() - bound_at < GRACE_SECONDS:
            await asyncio.sleep(0.2)
            continue
        if time.monotonic() - bound_at > GRACE_SECONDS + answer_timeout:
            return "sockets bound, but no answer to kernel_info in %d s" % answer_timeout
        msg_id = kc.kernel_info()
        try:
            reply = await kc.get_shell_msg(timeout=1)
        except Empty:
            continue
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        try:  # IOPub must be connected too: the reply comes with a status message there
            await kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        while True:  # drain the rest of IOPub and of the shell replies to earlier requests
            try:
                await kc.get_iopub_msg(timeout=0.2)
            except Empty:
                break
        return None
    return "no answer to kernel_info in %d s" % timeout


async def start_kernel(ksm, cwd, args, log):
    """Starts a kernel that answers kernel_info, starting a fresh one when it stays deaf."""
    attempts = args.attempts
    for attempt in range(1, attempts + 1):
        offset = len(log_text(log))
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)
        await km.start_kernel(cwd=cwd, stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        why = await await_kernel_info(km, kc, log, offset, args.startup_timeout, args.answer_timeout)
        if why is None:
            kc.allow_stdin = False
            return km, kc, attempt
        print("  the kernel did not start (%s): attempt %d of %d" % (why, attempt, attempts), flush=True)
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    raise RuntimeError("no kernel answered in %d start(s)" % attempts)


def parse_time(value):
    """A timestamp nbclient recorded (ISO 8601 text)."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


async def run_notebook(path, ksm, args, log):
    """Executes one notebook: (ok, seconds, the executed notebook, message, detail, show the kernel log)."""
    nb = nbformat.read(str(path), as_version=4)
    t0 = time.monotonic()
    try:
        km, kc, starts = await start_kernel(ksm, str(path.parent), args, log)
    except RuntimeError as e:
        return False, time.monotonic() - t0, nb, str(e), "no kernel", True
    started = time.monotonic() - t0
    client = NotebookClient(nb, km=km, kernel_name=KERNEL_NAME, timeout=args.timeout,
                            allow_errors=False, record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.kc = kc
    ok, message, show_log = True, "", False
    try:
        await client.async_execute()
    except CellExecutionError as e:  # the cell's own error: its traceback says it all
        ok, message = False, ANSI.sub("", str(e).strip())
    except CellTimeoutError as e:
        ok, message, show_log = False, "a cell ran over %d s: %s" % (args.timeout, str(e).strip()), True
    except DeadKernelError as e:
        ok, message, show_log = False, "the kernel died: %s" % e, True
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    seconds = time.monotonic() - t0
    cells = []
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if cell.cell_type == "code" and start and end:
            cells.append("%.1f" % (parse_time(end) - parse_time(start)).total_seconds())
    detail = "kernel start %.1f s%s; cells %s" % (started, "" if starts == 1 else " (%d starts)" % starts,
                                                   " ".join(cells) or "-")
    return ok, seconds, nb, message, detail, show_log


async def main_async(args, notebooks, warehouse):
    work = Path(tempfile.mkdtemp(prefix="entente-notebooks-"))
    try:
        kernel_dir = work / "kernels" / KERNEL_NAME
        kernel_dir.mkdir(parents=True)
        (kernel_dir / "kernel.json").write_text(json.dumps(kernel_spec(args, warehouse), indent=2))
        os.environ["JUPYTER_RUNTIME_DIR"] = str(work / "runtime")
        ksm = KernelSpecManager(kernel_dirs=[str(work / "kernels")])
        failed = 0
        total = 0.0
        for path in notebooks:
            print("notebook %s ..." % path.name, flush=True)
            log_path = work / (path.stem + ".log")
            with open(log_path, "w") as log:
                ok, seconds, nb, message, detail, show_log = await run_notebook(path, ksm, args, log)
            total += seconds
            if args.out:
                out = Path(args.out)
                out.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, str(out / path.name))
            if ok:
                print("notebook %s: ok in %.1f s (%s)" % (path.name, seconds, detail), flush=True)
            else:
                failed += 1
                print("notebook %s: FAILED after %.1f s (%s)\n%s" % (path.name, seconds, detail, message),
                      flush=True)
                tail = [line for line in log_path.read_text(errors="replace").splitlines()
                        if not NOISE.search(line)][-args.log_lines:]
                if show_log and tail:
                    print("  the kernel's last %d log lines:\n    %s" % (len(tail), "\n    ".join(tail)), flush=True)
        print("notebooks: %d run, %d failed, %.1f s in all" % (len(notebooks), failed, total), flush=True)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def install(args, warehouse):
    """Writes the kernel into a Jupyter kernels folder (the jar copied beside its kernel.json)."""
    target = Path(args.install).expanduser().resolve()
    target.mkdir(parents=True, exist_ok=True)
    jar = target / "rapaio-jupyter-kernel.jar"
    shutil.copyfile(args.kernel_jar, jar)
    args.kernel_jar = str(jar)
    args.master = args.master or "local[*]"
    spec = kernel_spec(args, warehouse)
    # Interactive use: Spark's UI on, the machine's cores.
    spec["argv"] = [a for a in spec["argv"] if a != "-Dspark.ui.enabled=false"]
    (target / "kernel.json").write_text(json.dumps(spec, indent=2))
    print("notebooks: kernel '%s' (Java (Entente)) installed in %s, reading the warehouse %s"
          % (KERNEL_NAME, target, warehouse))


def main():
    p = argparse.ArgumentParser(description="Run Entente's notebooks headlessly; fail on any cell error.")
    p.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    p.add_argument("--warehouse", default=os.environ.get("ENTENTE_WAREHOUSE", "warehouse"),
                   help="the warehouse the notebooks read (default: $ENTENTE_WAREHOUSE, else ./warehouse)")
    p.add_argument("--kernel-jar", default=str(REPO / "target" / "notebooks" / "rapaio-jupyter-kernel.jar"),
                   help="the rapaio-jupyter-kernel jar (default: target/notebooks/, put there by mvn)")
    p.add_argument("--classpath", default=None,
                   help="the kernel's class path for Entente and Spark (default: target/classes and "
                        "target/notebooks/classpath.txt)")
    p.add_argument("--java", default=shutil.which("java") or "java", help="the java command (Java 17+)")
    p.add_argument("--xmx", default="2g", help="the kernel JVM's heap (default 2g)")
    p.add_argument("--master", default=None,
                   help="the notebooks' Spark master (default local[2]; with --install local[*])")
    p.add_argument("--java-opt", action="append", default=[], help="an extra JVM option for the kernel")
    p.add_argument("--timeout", type=int, default=300, help="seconds a cell may run (default 300)")
    p.add_argument("--startup-timeout", type=int, default=120,
                   help="seconds a new kernel may take to answer before another is started (default 120)")
    p.add_argument("--answer-timeout", type=int, default=40,
                   help="seconds a new kernel may take to answer once its sockets are bound (default 40)")
    p.add_argument("--attempts", type=int, default=4, help="kernel starts to try per notebook (default 4)")
    p.add_argument("--log-lines", type=int, default=40,
                   help="lines of a failed notebook's kernel log to print (default 40)")
    p.add_argument("--install", metavar="DIR",
                   help="instead of running: write the kernel (kernel.json and the kernel jar) into DIR, "
                        "e.g. ~/.local/share/jupyter/kernels/entente-java, for Jupyter to offer")
    p.add_argument("--out", help="write the executed notebooks (with outputs) to this folder")
    args = p.parse_args()

    def fail(msg):
        sys.stderr.write("notebooks: error: %s\n" % msg)
        sys.exit(2)

    if args.classpath is None:
        args.classpath = default_classpath()
        if args.classpath is None:
            fail("no class path: build first (mvn -DskipTests package writes target/notebooks/classpath.txt)"
                 " or give --classpath")
    if not Path(args.kernel_jar).is_file():
        fail("no kernel jar at %s: build first (mvn -DskipTests package) or give --kernel-jar" % args.kernel_jar)
    warehouse = args.warehouse
    if "://" not in warehouse:
        local = Path(warehouse).resolve()
        if not local.is_dir():
            fail("no warehouse at %s: run bin/entente run first, or give --warehouse" % local)
        warehouse = str(local)
    if args.install:
        install(args, warehouse)
        return
    args.master = args.master or "local[2]"
    notebooks = [Path(n).resolve() for n in args.notebooks] or sorted(Path(__file__).resolve().parent.glob("*.ipynb"))
    if not notebooks:
        fail("no notebooks to run")
    for n in notebooks:
        if not n.is_file():
            fail("no notebook at %s" % n)
    sys.exit(asyncio.run(main_async(args, notebooks, warehouse)))


if __name__ == "__main__":
    main()
