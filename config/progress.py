"""A progress bar on stderr for long commands (seed_demo at a region's scale), without a dependency.

On a terminal the bar redraws itself in place, at most five times a second. Elsewhere (a log file, CI) it writes
one line per tenth of the way, and only for runs of at least `quiet_below` units, so a quick demo stays silent.
"""

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, *, stream=None, quiet_below: int = 20_000, width: int = 30):
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = self.total > 0 and (self.tty or self.total >= quiet_below)
        self._drawn_at = 0.0
        self._tenth = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def update(self, count: int = 1):
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._drawn_at >= 0.2 or self.done == self.total:
                self._drawn_at = now
                self.stream.write("\r" + self.line())
                self.stream.flush()
        elif self.done * 10 // self.total > self._tenth:
            self._tenth = self.done * 10 // self.total
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.width)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "." * (self.width - filled)
        done, total = (f"{number:,}".replace(",", "\u202f") for number in (self.done, self.total))
        return f"{self.label} [{bar}] {share:4.0%} {done}/{total} {elapsed:5.0f} s"

    def close(self):
        if self.enabled and self.tty:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
        self.enabled = False
