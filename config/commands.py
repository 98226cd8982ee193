"""Base class of the project's management commands: timing, counts and French summaries."""

import logging
import time
from collections import Counter

from django.core.management.base import BaseCommand as DjangoBaseCommand

logger = logging.getLogger("commands")


class BaseCommand(DjangoBaseCommand):
    """Subclasses implement `handle()` as usual and count what they do in `self.counts`."""

    def execute(self, *args, **options):
        self.counts = Counter()
        started = time.monotonic()
        try:
            return super().execute(*args, **options)
        finally:
            elapsed = time.monotonic() - started
            logger.info(
                "command=%s duration=%.2fs %s",
                self.__module__.rsplit(".", 1)[-1],
                elapsed,
                " ".join(f"{key}={value}" for key, value in sorted(self.counts.items())),
            )

    def say(self, message, style=None):
        self.stdout.write(style(message) if style else message)
