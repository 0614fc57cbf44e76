"""The Python samples of README.md and docs/: where they are, and how each one is run.

A sample is a fenced ``python`` block (indented ones too, as in tabs). Each runs as a whole
program in a fresh interpreter, against the emulator on a loopback socket:
``SMSCX_BASE_URL`` points there and ``SMSCX_API_KEY`` is ``YOUR_API_KEY``, the key the docs
write, which the emulator accepts, as it accepts the docs' OAuth application
(``YOUR_APPLICATION_ID``/``YOUR_APPLICATION_SECRET``).

A block that is a fragment of a larger program says what it needs in an HTML comment on the
line before it, which the page does not show::

    <!-- sample: setup=client -->      run inside ``async def main()`` with ``client`` (an
                                        AsyncSmsClient) and the names below already defined
    <!-- sample: setup=sync -->        the same with ``client`` a blocking SmsClient
    <!-- sample: setup=batch -->       batch.md's: its ``numbers()`` and a first ``report``
    <!-- sample: setup=vendor -->      migrating.md's vendor tabs: ``api_instance``
    <!-- sample: skip=REASON -->       not run, for the reason given (the live API, ...)

Names a fragment may use, defined by its setup: ``numbers`` (three valid numbers),
``number``, ``text`` (and ``TEXT``), ``sender``, ``budget``, ``order`` (``.id``, ``.phone``),
``result`` (a send scheduled for tomorrow to two numbers) and ``msg_id`` (its first message),
and the application's own functions the fragments call (``top_up()``, ``record_status()``,
...), which do nothing here. ``setup=vendor`` gives ``api_instance``, the vendor client's
``SmsApi``, instead.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?:python|py)\s*$")
_DIRECTIVE = re.compile(r"<!--\s*sample:\s*(?P<words>.*?)\s*-->")


@attrs.frozen
class Sample:
    """One fenced block: where it is, its code, and what its directive says."""

    page: Path
    line: int
    code: str
    setup: str | None = None
    skip: str | None = None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def samples() -> list[Sample]:
    found: list[Sample] = []
    for page in PAGES:
        lines = page.read_text().splitlines()
        i = 0
        while i < len(lines):
            fence = _FENCE.match(lines[i])
            if fence is None:
                i += 1
                continue
            indent = fence.group("indent")
            start = i
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
                i += 1
            i += 1
            options: dict[str, str] = {}
            before = lines[start - 1] if start > 0 else ""
            directive = _DIRECTIVE.search(before)
            if directive is not None:
                for word in directive.group("words").split(";"):
                    key, _, value = word.strip().partition("=")
                    options[key.strip()] = value.strip()
            found.append(
                Sample(
                    page,
                    start + 1,
                    textwrap.dedent("\n".join(body)) + "\n",
                    setup=options.get("setup"),
                    skip=options.get("skip"),
                )
            )
    return found


PRELUDE = """
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import anyio
from smscx import AsyncSmsClient as _AsyncSmsClient
from smscx import SendSmsMessageRequest as _SendSmsMessageRequest
from smscx import SmsClient as _SmsClient

# The setup below uses only these underscored names: a fragment that imports SmsClient or
# datetime itself makes them local to main(), where the setup would not find them.
numbers = ["+33612345678", "+447400123456", "+34612345678"]
number = numbers[0]
text = TEXT = "Your code is 1234"
sender = "InfoText"
budget = 10.0
order = SimpleNamespace(id=1042, phone="+33612345678")
_tomorrow = datetime.now(timezone.utc) + timedelta(days=1)


def _anything(*args, **kwargs):
    return None


# What a fragment's application would do with an outcome: nothing, here.
notify_account_manager = top_up = reject_input = alert_billing = _anything
mark_undeliverable = log_bug = schedule_retry = record_status = _anything
"""

#: A scheduled send to two numbers, as ``result``: its first message's id as ``msg_id``,
#: its campaign's as ``campaign_id`` (of a second such send); and a ``request`` to send.
_SCHEDULED = """
result = {wait}client.send_sms(
    to=numbers[:2], from_=sender, text=text, scheduled_date=_tomorrow
)
msg_id = result.data[0].msg_id
campaign_id = ({wait}client.send_sms(
    to=numbers[:2], from_=sender, text=text, scheduled_date=_tomorrow
)).info.campaign_id
request = _SendSmsMessageRequest(to=numbers[:1], from_=sender, text=text)
"""

SETUPS = {
    "client": PRELUDE
    + """
async def main() -> None:
    async with _AsyncSmsClient() as client:
{scheduled}
{body}

anyio.run(main)
""",
    "sync": PRELUDE
    + """
def main() -> None:
    with _SmsClient() as client:
{scheduled}
{body}

main()
""",
    # batch.md's fragments: its first sample's numbers() and a first run's report.
    "batch": PRELUDE
    + """
import csv


def numbers(path):
    with open(path, newline="") as f:
        for row in csv.reader(f):
            yield row[0]


async def main() -> None:
    async with _AsyncSmsClient() as client:
        report = await client.send_bulk(
            numbers("subscribers.csv"), text=TEXT, from_="Shop", batch_id="summer-sale-2026"
        )
{body}

anyio.run(main)
""",
    # migrating.md's vendor tabs: the client its "Creating the client" tab makes, pointed
    # at the emulator (the vendor's Configuration reads no environment variable).
    "vendor": PRELUDE
    + """
import os

import smscx_client
from smscx_client.api import sms_api

from smscx_client.model.send_sms_message_request import SendSmsMessageRequest

configuration = smscx_client.Configuration(
    host=os.environ["SMSCX_BASE_URL"], api_key="YOUR_API_KEY"
)
api_instance = sms_api.SmsApi(smscx_client.ApiClient(configuration))
with _SmsClient() as _client:
    _scheduled = _client.send_sms(to=numbers[:2], from_=sender, text=text, scheduled_date=_tomorrow)
    msg_id = _scheduled.data[0].msg_id
    campaign_id = _client.send_sms(
        to=numbers[:2], from_=sender, text=text, scheduled_date=_tomorrow
    ).info.campaign_id
request = SendSmsMessageRequest(to=numbers[:1], _from=sender, text=text)
{body}
""",
}


def program(sample: Sample) -> str:
    """The whole program a sample runs as."""
    if sample.setup is None:
        return sample.code
    template = SETUPS[sample.setup]
    if sample.setup == "vendor":
        return template.format(body=sample.code)
    if sample.setup == "batch":
        return template.format(body=textwrap.indent(sample.code, " " * 8))
    indent = " " * 8
    wait = "await " if sample.setup == "client" else ""
    return template.format(
        scheduled=textwrap.indent(_SCHEDULED.format(wait=wait), indent),
        body=textwrap.indent(sample.code, indent),
    )
