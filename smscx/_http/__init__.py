"""smscx's own HTTP/1.1 transport, the default on asyncio and trio, by layer as httpcore's:

- :mod:`.pool`: :class:`Http11Transport`, idle connections per origin, errors mapped;
- :mod:`.connection`: one connection, one exchange on it, its deadlines and body framing;
- :mod:`.codec`: a request head written, a response head read (no I/O);
- :mod:`.streams`: byte streams, asyncio's own transports or anyio's;
- :mod:`.proxy`: ``CONNECT`` tunnels and proxy credentials.

It keeps the rules every transport of smscx keeps (``_transport``'s module docstring): no
retries of its own, bodies never decompressed and read up to the call's cap, httpx's errors
with the frames behind them dropped, and only a failure before a byte of the request was
written called ``ConnectError``/``ConnectTimeout`` ("never sent").
"""

from .pool import Http11Transport as Http11Transport
