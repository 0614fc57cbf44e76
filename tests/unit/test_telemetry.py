"""OpenTelemetry: a span per call, its events, and the metrics (docs/telemetry.md).

The SDK's in-memory span exporter and metric reader read what a call made; the providers are
the test's own (``smscx._telemetry._instruments``), not the process's global ones. The calls
go to the emulator in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from smscx import InvalidRequestError, RetryPolicy
from smscx import _telemetry as telemetry
from smscx._pipeline import Pipeline
from smscx.testing import Emulator

pytestmark = pytest.mark.anyio

NUMBER = "+33612345678"


class Recorded:
    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.reader = InMemoryMetricReader()
        self.instruments = telemetry._Instruments(
            tracer_provider, MeterProvider(metric_readers=[self.reader])
        )

    def span(self, name: str) -> ReadableSpan:
        found = [s for s in self.spans.get_finished_spans() if s.name == name]
        assert len(found) == 1, [s.name for s in self.spans.get_finished_spans()]
        return found[0]

    def points(self, metric: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        if data is None:
            return []
        return [
            point
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for m in scope.metrics
            if m.name == metric
            for point in m.data.data_points
        ]

    def total(self, metric: str, **attributes: object) -> float:
        wanted = {key.replace("_", "."): value for key, value in attributes.items()}
        return sum(
            point.value
            for point in self.points(metric)
            if all(point.attributes.get(k) == v for k, v in wanted.items())
        )


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    record = Recorded()
    monkeypatch.setattr(telemetry, "_instruments", record.instruments)
    return record


def _events(span: ReadableSpan, name: str) -> list[dict[str, Any]]:
    return [dict(event.attributes or {}) for event in span.events if event.name == name]


async def test_a_send_is_a_client_span_named_for_its_method_with_what_it_sent(
    recorded: Recorded,
) -> None:
    emulator = Emulator(dlr=False)
    async with emulator.client() as client:
        assert isinstance(client._pipeline, telemetry.TracedPipeline)
        result = await client.send_sms(to=[NUMBER], from_="Shop", text="Hello")
    span = recorded.span("smscx.send_sms")
    assert span.kind is SpanKind.CLIENT
    attributes = dict(span.attributes or {})
    assert attributes["http.request.method"] == "POST"
    assert attributes["url.template"] == "/sms"
    assert attributes["smscx.route"] == "POST /sms"
    assert attributes["http.response.status_code"] == 200
    assert attributes["smscx.attempts"] == 1
    assert attributes["smscx.request_id"] == result.meta.request_id
    assert attributes["smscx.idempotency_id"] == result.meta.idempotency_id
    assert attributes["smscx.maybe_sent"] is False
    assert attributes["smscx.messages"] == result.info.total_valid == 1
    assert attributes["smscx.parts"] == result.info.total_parts
    assert attributes["smscx.cost"] == pytest.approx(result.info.total_cost)
    assert emulator.api_key not in str(attributes)
    assert recorded.total("smscx.calls", smscx_method="send_sms", smscx_outcome="ok") == 1
    assert recorded.total("smscx.messages", smscx_method="send_sms") == 1
    assert recorded.total("smscx.parts", smscx_method="send_sms") == result.info.total_parts
    assert recorded.total("smscx.cost") == pytest.approx(result.info.total_cost)
    assert recorded.total("smscx.attempts") == 1
    assert recorded.total("smscx.retries") == 0
    (duration,) = recorded.points("http.client.request.duration")
    assert duration.count == 1
    assert duration.attributes["http.response.status_code"] == 200


async def test_an_estimate_is_not_counted_as_sent(recorded: Recorded) -> None:
    async with Emulator(dlr=False).client() as client:
        await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hello")
    attributes = dict(recorded.span("smscx.estimate_sms").attributes or {})
    assert "smscx.messages" not in attributes
    assert recorded.points("smscx.messages") == []


async def test_a_retried_send_has_a_retry_event_and_counts_its_attempts(
    recorded: Recorded,
) -> None:
    emulator = Emulator(dlr=False)
    emulator.faults.add("status", route="POST /sms", status=503, times=1)
    async with emulator.client(retry_policy=RetryPolicy(wait=False)) as client:
        await client.send_sms(to=[NUMBER], from_="Shop", text="Hello")
    span = recorded.span("smscx.send_sms")
    attributes = dict(span.attributes or {})
    assert attributes["smscx.attempts"] == 2
    assert attributes["http.request.resend_count"] == 1
    assert attributes["http.response.status_code"] == 200
    assert _events(span, "smscx.retry") == [{"smscx.attempt": 2, "error.type": "503"}]
    assert recorded.total("smscx.retries", smscx_method="send_sms") == 1
    assert recorded.total("smscx.attempts", smscx_method="send_sms") == 2
    statuses = sorted(
        p.attributes.get("http.response.status_code")
        for p in recorded.points("http.client.request.duration")
    )
    assert statuses == [200, 503]


async def test_a_rate_limit_wait_is_a_span_event_and_the_gates_time_a_histogram(
    recorded: Recorded,
) -> None:
    # One request a second: the second call's first attempt is answered 429 with the reset,
    # and its retry waits at the gate until then (under a second of real time).
    emulator = Emulator(dlr=False, rate_limit=1, rate_limit_window=1.0)
    async with emulator.client(retry_policy=RetryPolicy(wait=False)) as client:
        await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hello")
        await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hello")
    first, second = sorted(
        recorded.spans.get_finished_spans(), key=lambda span: span.start_time or 0
    )
    assert _events(first, "smscx.rate_limit_wait") == []
    waits = _events(second, "smscx.rate_limit_wait")
    assert len(waits) == 1
    assert 0 < waits[0]["smscx.wait_seconds"] <= 1.5
    assert [e["error.type"] for e in _events(second, "smscx.retry")] == ["429"]
    (held,) = recorded.points("smscx.rate_limit.wait")
    assert held.count == 3  # every attempt passed the gate: 1 + 2
    assert held.sum == pytest.approx(waits[0]["smscx.wait_seconds"], abs=0.05)


async def test_a_failed_call_is_an_error_span_with_its_error_type(recorded: Recorded) -> None:
    emulator = Emulator(dlr=False)
    emulator.faults.add("status", route="POST /sms", status=400, times=1)
    async with emulator.client() as client:
        with pytest.raises(InvalidRequestError) as raised:
            await client.send_sms(to=[NUMBER], from_="Shop", text="Hello")
    span = recorded.span("smscx.send_sms")
    assert span.status.status_code is StatusCode.ERROR
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == "400"
    assert attributes["http.response.status_code"] == 400
    assert attributes["smscx.attempts"] == 1
    assert attributes["smscx.maybe_sent"] is False
    assert attributes["smscx.idempotency_id"] == raised.value.idempotency_id
    assert [e.name for e in span.events] == ["exception"]
    assert (
        recorded.total("smscx.calls", smscx_method="send_sms", smscx_outcome="InvalidRequestError")
        == 1
    )


async def test_a_namespaces_call_is_named_after_its_namespace(recorded: Recorded) -> None:
    async with Emulator(dlr=False).client() as client:
        sent = await client.send_sms(to=[NUMBER], from_="Shop", text="Hello")
        await client.reports.get_single_report(sent.data[0].msg_id)
    span = recorded.span("smscx.reports.get_single_report")
    assert dict(span.attributes or {})["url.template"].startswith("/reports/")


def test_without_opentelemetry_the_package_imports_and_sends_on_the_plain_pipeline(
    tmp_path: Path,
) -> None:
    shadow = tmp_path / "shadow" / "opentelemetry"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'opentelemetry'\")\n")
    script = (
        "import sys, anyio\n"
        "import smscx\n"
        "from smscx import _telemetry\n"
        "from smscx._pipeline import Pipeline\n"
        "from smscx.testing import Emulator\n"
        "assert not _telemetry.AVAILABLE\n"
        "async def main():\n"
        "    async with Emulator(dlr=False).client() as client:\n"
        "        assert type(client._pipeline) is Pipeline, type(client._pipeline)\n"
        "        await client.send_sms(to=['+33612345678'], from_='Shop', text='Hi')\n"
        "anyio.run(main)\n"
        "assert not [m for m in sys.modules if m.startswith('opentelemetry.')], 'imported'\n"
        "print('sent')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow.parent), os.getcwd()])}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sent"


def test_with_opentelemetry_installed_the_client_is_traced() -> None:
    assert telemetry.AVAILABLE
    assert telemetry.pipeline_type() is telemetry.TracedPipeline
    assert issubclass(telemetry.TracedPipeline, Pipeline)


def test_otel_sdk_disabled_builds_the_plain_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    # An application with the API installed but tracing off pays nothing per call.
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert telemetry.pipeline_type() is Pipeline
    monkeypatch.setenv("OTEL_SDK_DISABLED", "false")
    assert telemetry.pipeline_type() is telemetry.TracedPipeline
