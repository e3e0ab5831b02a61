"""Run the whole service for development: web server, Celery worker and beat.

`make run` calls this after migrating and loading demo data. Ctrl-C (or
SIGTERM) stops every process; if one of them dies, the others are stopped too,
so nothing is left running half-alive.
"""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from hub.services import broker_folders_ensure


def processes_to_run(addrport: str) -> dict[str, list[str]]:
    """The web server (runweb: Django's, without Nagle's delay), a Celery worker and Celery beat."""
    python = sys.executable
    return {
        "web": [python, "manage.py", "runweb", addrport, "--noreload"],
        "worker": [python, "-m", "celery", "-A", "hub", "worker", "--pool=solo", "--loglevel=INFO"],
        "beat": [python, "-m", "celery", "-A", "hub", "beat", "--loglevel=INFO"],
    }


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together until Ctrl-C."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options) -> None:
        broker_folders_ensure()
        processes = {name: subprocess.Popen(command) for name, command in processes_to_run(addrport).items()}
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Support Hub is running at http://{addrport}/ (Ctrl-C stops everything)")
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} stopped with exit code {process.returncode}; stopping the rest.")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        self.stdout.write("Stopped.")
        sys.exit(exit_code)
