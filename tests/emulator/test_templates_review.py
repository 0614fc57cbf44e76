"""The templates' review and lock, as the emulator's sends see them (``TemplateService.use``)."""

from __future__ import annotations

import pytest

from smscx.testing import Emulator
from smscx.testing.routes.templates import Template, render
from smscx.testing.wire.errors import ApiError


def _create(emulator: Emulator, **body: object) -> int:
    reply = emulator.templates.create({"text": "Hi {{name}}", "channel": "viber", **body})
    assert reply.status == 201
    return max(emulator.templates.by_id)


def _code(excinfo: pytest.ExceptionInfo[ApiError]) -> int:
    return excinfo.value.code


def test_a_new_viber_template_is_pending_and_a_send_refuses_it_with_1132() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    assert emulator.templates.by_id[template_id].pending
    with pytest.raises(ApiError) as excinfo:
        emulator.templates.use(template_id, "viber")
    assert _code(excinfo) == 1132


def test_an_approved_template_is_used_and_locked_by_its_first_send() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    approved = emulator.templates.approve(template_id)
    assert approved.approved
    assert not approved.locked
    used = emulator.templates.use(template_id, "viber")
    assert isinstance(used, Template)
    assert (used.id, used.channel, used.text, used.locked) == (
        template_id,
        "viber",
        "Hi {{name}}",
        True,
    )
    assert emulator.templates.by_id[template_id].locked


def test_a_rejected_template_is_refused_with_1132() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    emulator.templates.reject(template_id)
    with pytest.raises(ApiError) as excinfo:
        emulator.templates.use(template_id, "viber")
    assert _code(excinfo) == 1132


def test_a_template_of_another_channel_is_refused_with_1128() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    emulator.templates.approve(template_id)
    with pytest.raises(ApiError) as excinfo:
        emulator.templates.use(template_id, "whatsapp")
    assert _code(excinfo) == 1128
    assert not emulator.templates.by_id[template_id].locked


def test_an_unknown_template_is_refused_with_1128() -> None:
    with pytest.raises(ApiError) as excinfo:
        Emulator().templates.use(404, "viber")
    assert _code(excinfo) == 1128


def test_approving_an_unknown_template_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Emulator().templates.approve(404)


def test_render_fills_the_custom_fields_and_leaves_other_placeholders() -> None:
    emulator = Emulator()
    template_id = _create(emulator, text="Hi {{name}}, {{ order }} {{optoutLink}} {{numbers:4}}")
    template = emulator.templates.approve(template_id)
    text = render(template, {"name": "Ann", "order": "441"})
    assert text == "Hi Ann, 441 {{optoutLink}} {{numbers:4}}"


def test_reset_forgets_the_templates() -> None:
    emulator = Emulator()
    _create(emulator)
    emulator.reset()
    assert emulator.templates.by_id == {}


def test_a_locked_template_may_still_be_deleted() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    emulator.templates.approve(template_id)
    emulator.templates.use(template_id, "viber")
    assert emulator.templates.delete(str(template_id)).status == 200
    with pytest.raises(ApiError) as excinfo:
        emulator.templates.use(template_id, "viber")
    assert _code(excinfo) == 1128


def test_an_edit_of_a_rejected_template_sends_it_back_to_review() -> None:
    emulator = Emulator()
    template_id = _create(emulator)
    emulator.templates.reject(template_id)
    assert emulator.templates.update(str(template_id), {"text": "Better"}).status == 200
    assert emulator.templates.by_id[template_id].pending


def test_an_sms_template_is_approved_and_never_locked_by_use() -> None:
    emulator = Emulator()
    template_id = _create(emulator, channel="sms")
    used = emulator.templates.use(template_id, "sms")
    assert used.approved
    assert not used.locked
