"""A light open-loop HTTP/1.1 load generator for the benches (asyncio, keep-alive sockets).

The server and the load generator share the machine's two cores, so the generator's own CPU
is taken from the server: http.client in threads cost ~0.45 ms per request, this ~0.25 ms.
Requests are encoded before the clock starts; a response is read by its Content-Length. Open loop: request
i is due at t0 + i/rate whether or not earlier ones were answered, and its latency counts from
that due time (a server that falls behind cannot hide behind a waiting generator).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)  # answered 2xx, from due time
    due_s: list[float] = field(default_factory=list)  # each answered request's due time from t0
    ok_tags: list[str] = field(default_factory=list)  # the tag of each 2xx request
    failed: int = 0
    elapsed_s: float = 0.0


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> int:
        """Send one request; return the response status (body read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def post(path: str, host: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _open_loop(
    host: str, port: int, rate: float, total: int, make: Callable[[int], tuple[bytes, str]], connections: int
) -> Result:
    result = Result()
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(Connection(host, port))
    requests = [make(i) for i in range(total)]  # built before the clock starts
    loop = asyncio.get_running_loop()
    t0 = loop.time() + 0.2
    start = time.perf_counter() + 0.2

    async def one(i: int, due: float) -> None:
        raw, tag = requests[i]
        conn = await idle.get()  # none free: the wait counts, latency is from the due time
        try:
            status = await conn.request(raw)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            conn.close()
            status = 0
        idle.put_nowait(conn)
        if 200 <= status < 300:
            result.latencies_ms.append((loop.time() - due) * 1000)
            result.due_s.append(due - t0)
            result.ok_tags.append(tag)
        else:
            result.failed += 1

    tasks = []
    for i in range(total):
        due = t0 + i / rate
        if (wait := due - loop.time()) > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    result.elapsed_s = time.perf_counter() - start
    while not idle.empty():
        idle.get_nowait().close()
    return result


def open_loop(
    host: str,
    port: int,
    rate: float,
    seconds: float,
    make: Callable[[int], tuple[bytes, str]],
    connections: int = 64,
) -> Result:
    """Offer `rate` requests/s for `seconds`; `make(i)` gives request i's bytes and a tag."""
    return asyncio.run(_open_loop(host, port, rate, int(rate * seconds), make, connections))
