"""Progress over the parts: one line per event, with elapsed and estimated remaining time.

The estimate uses each part's last render time at this quality when known (stats.json
in the cache), otherwise the rate of the parts rendered so far in this build, in
proportion to the size of the part's scene file.
"""

from __future__ import annotations

import sys
import time


def clock(seconds: float) -> str:
    seconds = int(round(max(seconds, 0)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(self, names: list[str], expected: dict[str, float | None], jobs: int,
                 stream=None, heartbeat_every: float = 60.0,
                 weights: dict[str, float] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = len(names)
        self.expected = dict(expected)
        self.jobs = max(1, jobs)
        self.start = time.monotonic()
        self.running: dict[str, float] = {}
        self.pending = list(names)
        self.done: dict[str, float] = {}
        self.heartbeat_every = heartbeat_every
        self.last_line = self.start
        # For parts never rendered at this quality: time in proportion to their weight
        # (the scene file's size), at the rate of the parts done so far.
        self.weights = weights or {}

    def say(self, text: str) -> None:
        print(f"[build] {text}", file=self.stream, flush=True)
        self.last_line = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def _guess(self, name: str) -> float | None:
        if self.expected.get(name) is not None:
            return self.expected[name]
        if self.done:
            weighed = [n for n in self.done if self.weights.get(n)]
            if self.weights.get(name) and weighed:
                rate = sum(self.done[n] for n in weighed) / sum(self.weights[n] for n in weighed)
                return rate * self.weights[name]
            return sum(self.done.values()) / len(self.done)
        known = [v for v in self.expected.values() if v is not None]
        return sum(known) / len(known) if known else None

    def remaining(self) -> float | None:
        now = time.monotonic()
        work = 0.0
        for name in self.pending:
            guess = self._guess(name)
            if guess is None:
                return None
            work += guess
        longest_running = 0.0
        for name, started in self.running.items():
            guess = self._guess(name)
            if guess is None:
                return None
            # A part past its estimate is not done: count a tenth of the estimate more.
            left = max(guess - (now - started), 0.1 * guess)
            work += left
            longest_running = max(longest_running, left)
        return max(work / self.jobs, longest_running)

    def _status(self) -> str:
        left = self.remaining()
        tail = f", about {clock(left)} left" if left is not None else ""
        return f"elapsed {clock(self.elapsed())}{tail}"

    def started(self, name: str) -> None:
        self.pending.remove(name)
        self.running[name] = time.monotonic()
        guess = self._guess(name)
        hint = f" (last time {clock(guess)})" if self.expected.get(name) else ""
        self.say(f"rendering {name}{hint}")

    def finished(self, name: str, seconds: float, video_seconds: float) -> None:
        self.running.pop(name, None)
        self.done[name] = seconds
        self.say(f"done {name}: {clock(video_seconds)} of video in {clock(seconds)} "
                 f"[{len(self.done)}/{self.total}; {self._status()}]")

    def failed(self, name: str) -> None:
        self.running.pop(name, None)

    def skipped(self, name: str) -> None:
        if name in self.pending:
            self.pending.remove(name)

    def tick(self) -> None:
        """Print a status line when nothing was said for a while."""
        if self.running and time.monotonic() - self.last_line >= self.heartbeat_every:
            self.say(f"still rendering {', '.join(self.running)} "
                     f"[{len(self.done)}/{self.total}; {self._status()}]")
