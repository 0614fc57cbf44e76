"""OpenTelemetry spans and metrics for every call, when ``opentelemetry-api`` is installed;
and ``SMSCX_LOG``, which prints the ``smscx`` logger's records without any code.

With the API installed (``pip install "smscx-async[otel]"``), the client is built on
:class:`TracedPipeline`: each call is a span of kind CLIENT named after the method
(``smscx.send_sms``, ``smscx.reports.get_single_report``), with each retry and each wait at
the rate-limit gate as an event, and the metrics of :class:`_Instruments`. Spans and metrics
go wherever the application's OpenTelemetry SDK sends them, nowhere without one. Without the
API, nothing here imports it and the client is built on the plain ``Pipeline``: not one
instruction more per call (``benchmarks/instructions.py``).

Attributes follow OpenTelemetry's semantic conventions for HTTP clients where they apply
(``http.request.method``, ``server.address``, ``server.port``, ``url.template``,
``http.response.status_code``, ``error.type``, ``http.request.resend_count``); the rest are
smscx's own, under ``smscx.``. No attribute holds a credential, a text or a request body.
"""

from __future__ import annotations

import contextvars
import inspect
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import httpx

from ._pipeline import Endpoint, Pipeline, _Exchange
from ._ratelimit import RateLimitGate
from ._version import __version__
from .errors import APIStatusError, SmscxError

try:
    from opentelemetry import metrics as otel_metrics
    from opentelemetry import trace as otel_trace
except ImportError:  # pragma: no cover - exercised in tests/unit/test_telemetry.py
    AVAILABLE = False
else:
    AVAILABLE = True

__all__ = ["AVAILABLE", "LOG_ENV", "TracedPipeline", "log_from_env", "pipeline_type"]

ResponseT = TypeVar("ResponseT")

#: The environment variable that turns the ``smscx`` logger's output on (``debug``, ``info``).
LOG_ENV = "SMSCX_LOG"
INSTRUMENTATION = "smscx"


# --- SMSCX_LOG --------------------------------------------------------------------------------


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``SMSCX_LOG`` adds (to stderr), once, whatever imports smscx again."""


def log_from_env() -> None:
    """``SMSCX_LOG=debug`` or ``info``: the ``smscx`` logger prints to stderr at that level,
    as ``OPENAI_LOG`` does for openai-python. Any other value, or none, changes nothing (a
    library adds no handler of its own unless asked)."""
    wanted = os.environ.get(LOG_ENV, "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(wanted)
    if level is None:
        return
    logger = logging.getLogger("smscx")
    if not any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        handler = _EnvHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter(
                "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s",
                "%Y-%m-%d %H:%M:%S",
            )
        )
        logger.addHandler(handler)
    logger.setLevel(level)


# --- telemetry --------------------------------------------------------------------------------


#: OpenTelemetry's own switch (its SDK's environment variables): ``true`` turns it off, and
#: then smscx too builds its clients on the plain pipeline, at no cost per call.
DISABLED_ENV = "OTEL_SDK_DISABLED"


def pipeline_type() -> type[Pipeline]:
    """The pipeline a client is built on: traced when the OpenTelemetry API is installed,
    unless ``OTEL_SDK_DISABLED=true`` (read when the client is built)."""
    disabled = os.environ.get(DISABLED_ENV, "").strip().lower() == "true"
    return TracedPipeline if AVAILABLE and not disabled else Pipeline


@attrs.define
class _Call:
    """What the span of one call learns as it goes (the current call of a task)."""

    span: Any
    attributes: dict[str, Any]
    #: Whether the span records (an SDK is configured): attributes and events are built only
    #: then; the metrics are recorded either way.
    recording: bool = True
    attempts: int = 0
    last_error: str | None = None
    exchange: _Exchange | None = None


_CURRENT: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("smscx_call", default=None)


class _Instruments:
    """The tracer and the metric instruments, made once per process (the API's providers
    hand out proxies that follow the SDK configured later, if it is)."""

    def __init__(self, tracer_provider: Any = None, meter_provider: Any = None) -> None:
        self.tracer = otel_trace.get_tracer(
            INSTRUMENTATION, __version__, tracer_provider=tracer_provider
        )
        meter = otel_metrics.get_meter(INSTRUMENTATION, __version__, meter_provider=meter_provider)
        self.calls = meter.create_counter(
            "smscx.calls", unit="{call}", description="Calls, by method and outcome"
        )
        self.attempts = meter.create_counter(
            "smscx.attempts", unit="{attempt}", description="HTTP attempts made by calls"
        )
        self.retries = meter.create_counter(
            "smscx.retries", unit="{retry}", description="Attempts after a call's first"
        )
        self.gate = meter.create_histogram(
            "smscx.rate_limit.wait",
            unit="s",
            description="Time an attempt was held at the rate-limit gate",
        )
        self.duration = meter.create_histogram(
            "http.client.request.duration", unit="s", description="Duration of HTTP attempts"
        )
        self.messages = meter.create_counter(
            "smscx.messages", unit="{message}", description="Messages sent"
        )
        self.parts = meter.create_counter("smscx.parts", unit="{part}", description="Parts sent")
        self.cost = meter.create_counter(
            "smscx.cost",
            unit="{credit}",
            description="What the sends cost, in the account's currency",
        )


_instruments: _Instruments | None = None


def instruments() -> _Instruments:
    global _instruments
    if _instruments is None:
        _instruments = _Instruments()
    return _instruments


_NAMES: dict[int, str] = {}


def span_name(endpoint: Endpoint[Any]) -> str:
    """``smscx.<method>`` for the SMS namespace (the client's own methods), else
    ``smscx.<namespace>.<method>``: the method whose body names ``endpoint``."""
    if not _NAMES:
        _NAMES.update(_method_names())
    return _NAMES.get(id(endpoint)) or f"smscx.{endpoint.method} {endpoint.path}"


def _method_names() -> dict[int, str]:
    import smscx.api as api

    from .api._registry import NAMESPACES

    names: dict[int, str] = {}
    for entry in NAMESPACES:
        cls = getattr(api, entry.vendor, None)
        module = sys.modules.get(cls.__module__) if cls is not None else None
        if module is None:
            continue
        prefix = "smscx." if entry.attribute == "sms" else f"smscx.{entry.attribute}."
        for name, function in vars(cls).items():
            # The method's own body, under the decorators that check its arguments.
            code = getattr(inspect.unwrap(function), "__code__", None)
            if name.startswith("_") or code is None:
                continue
            for global_name in code.co_names:
                endpoint = vars(module).get(global_name)
                if isinstance(endpoint, Endpoint):
                    names.setdefault(id(endpoint), prefix + name)
    return names


def _error_type(exc: BaseException) -> str:
    if isinstance(exc, APIStatusError):
        return str(exc.status_code)
    return type(exc).__name__


class TracedPipeline(Pipeline):
    """The pipeline, with a span per call and the metrics (see the module docstring)."""

    def __init__(self, **arguments: Any) -> None:
        super().__init__(**arguments)
        self._instruments = instruments()
        url = httpx.URL(self.base_url)
        self._server_attributes: dict[str, Any] = {
            "server.address": url.host,
            "server.port": url.port or (443 if url.scheme == "https" else 80),
        }
        _time_the_gate(self.gate)

    async def call(
        self,
        endpoint: Endpoint[ResponseT],
        options: Any,
        *,
        body: object = None,
        path_id: object = None,
        query: Mapping[str, object] | None = None,
        keep_body: list[bytes] | None = None,
    ) -> ResponseT:
        async def run() -> ResponseT:
            return await super(TracedPipeline, self).call(
                endpoint, options, body=body, path_id=path_id, query=query, keep_body=keep_body
            )

        return await self._traced(endpoint, run)  # type: ignore[no-any-return]

    async def download(
        self,
        endpoint: Endpoint[Any],
        options: Any,
        sink: Any,
        *,
        path_id: object = None,
        query: Mapping[str, object] | None = None,
    ) -> None:
        async def run() -> None:
            await super(TracedPipeline, self).download(
                endpoint, options, sink, path_id=path_id, query=query
            )

        await self._traced(endpoint, run)

    async def _traced(self, endpoint: Endpoint[Any], run: Any) -> Any:
        tools = self._instruments
        name = span_name(endpoint)
        metric = {"smscx.method": name.removeprefix("smscx.")}
        attributes: dict[str, Any] = {
            "http.request.method": endpoint.method,
            "url.template": endpoint.path,
            **self._server_attributes,
            "smscx.route": f"{endpoint.method} {endpoint.path}",
        }
        with tools.tracer.start_as_current_span(
            name,
            kind=otel_trace.SpanKind.CLIENT,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            call = _Call(span, metric, recording=span.is_recording())
            token = _CURRENT.set(call)
            try:
                result = await run()
            except BaseException as exc:
                outcome = type(exc).__name__
                self._ended(call, exc)
                raise
            else:
                outcome = "ok"
                self._succeeded(call, endpoint, result)
            finally:
                _CURRENT.reset(token)
                tools.calls.add(1, {**metric, "smscx.outcome": outcome})
                if call.attempts:
                    tools.attempts.add(call.attempts, metric)
            return result

    def _common(self, call: _Call) -> dict[str, Any]:
        exchange = call.exchange
        found: dict[str, Any] = {"smscx.attempts": call.attempts}
        if call.attempts > 1:
            found["http.request.resend_count"] = call.attempts - 1
        if exchange is not None:
            found["smscx.maybe_sent"] = exchange.maybe_sent
            if exchange.idempotency_id is not None:
                found["smscx.idempotency_id"] = exchange.idempotency_id
        return found

    def _succeeded(self, call: _Call, endpoint: Endpoint[Any], result: object) -> None:
        span = call.span
        found = self._common(call) if call.recording else {}
        meta = getattr(result, "meta", None)
        if meta is not None:
            found["http.response.status_code"] = meta.status_code
            if meta.request_id is not None:
                found["smscx.request_id"] = meta.request_id
        info = getattr(result, "info", None)
        if endpoint.sends and info is not None:
            given = {
                "smscx.messages": getattr(info, "total_valid", None),
                "smscx.parts": getattr(info, "total_parts", None),
                "smscx.cost": getattr(info, "total_cost", None),
            }
            sent: dict[str, float] = {
                key: value for key, value in given.items() if isinstance(value, (int, float))
            }
            found.update(sent)
            tools = self._instruments
            for key, counter in (
                ("smscx.messages", tools.messages),
                ("smscx.parts", tools.parts),
                ("smscx.cost", tools.cost),
            ):
                if key in sent:
                    counter.add(sent[key], call.attributes)
        if call.recording:
            span.set_attributes(found)

    def _ended(self, call: _Call, exc: BaseException) -> None:
        span = call.span
        if not call.recording:
            return
        found = self._common(call)
        found["error.type"] = _error_type(exc)
        if isinstance(exc, SmscxError):
            found["smscx.maybe_sent"] = bool(getattr(exc, "maybe_sent", False))
            if exc.idempotency_id is not None:
                found["smscx.idempotency_id"] = exc.idempotency_id
        if isinstance(exc, APIStatusError):
            found["http.response.status_code"] = exc.status_code
            if exc.request_id is not None:
                found["smscx.request_id"] = exc.request_id
        span.set_attributes(found)
        # The message: what the error says is what it says to the caller (never a secret).
        span.set_status(otel_trace.Status(otel_trace.StatusCode.ERROR, str(exc)[:200]))
        span.record_exception(exc)

    async def _attempt(self, exchange: _Exchange) -> Any:
        call = _CURRENT.get()
        if call is None:
            return await super()._attempt(exchange)
        call.exchange = exchange
        if exchange.attempts:
            if call.recording:
                call.span.add_event(
                    "smscx.retry",
                    {"smscx.attempt": exchange.attempts + 1, "error.type": call.last_error or ""},
                )
            self._instruments.retries.add(1, call.attributes)
        call.attempts = exchange.attempts + 1
        started = time.perf_counter()
        status: dict[str, Any] = {}
        try:
            reply = await super()._attempt(exchange)
        except BaseException as exc:
            call.last_error = _error_type(exc)
            status = {"error.type": call.last_error}
            if isinstance(exc, APIStatusError):
                status["http.response.status_code"] = exc.status_code
            raise
        else:
            status = {"http.response.status_code": reply.status_code}
            return reply
        finally:
            self._instruments.duration.record(
                time.perf_counter() - started,
                {
                    "http.request.method": exchange.method,
                    **self._server_attributes,
                    **status,
                },
            )


# --- the rate-limit gate, timed --------------------------------------------------------------


class _TimedGate(RateLimitGate):
    """A gate that reports how long each attempt was held (mixed into the gate's own class)."""

    async def wait_turn(self, max_wait: float | None = None) -> Any:
        waits = self.waits
        started = time.perf_counter()
        try:
            return await super().wait_turn(max_wait)
        finally:
            held = time.perf_counter() - started
            call = _CURRENT.get()
            attributes = call.attributes if call is not None else {}
            instruments().gate.record(held, attributes)
            if call is not None and call.recording and self.waits != waits:
                call.span.add_event("smscx.rate_limit_wait", {"smscx.wait_seconds": held})


_TIMED: dict[type[RateLimitGate], type[RateLimitGate]] = {}


def _time_the_gate(gate: RateLimitGate) -> None:
    """Give ``gate`` the timing of :class:`_TimedGate` over its own class (local or shared)."""
    cls = type(gate)
    if issubclass(cls, _TimedGate):
        return
    timed = _TIMED.get(cls)
    if timed is None:
        timed = _TIMED[cls] = type(f"Timed{cls.__name__}", (_TimedGate, cls), {})
    gate.__class__ = timed
