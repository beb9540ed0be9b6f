"""The template gallery: at least six starters, each compiles and round-trips."""

from __future__ import annotations

import pytest

from slipway.spec import compile_spec, render_spec
from slipway.templates import get_template, list_templates


def test_gallery_has_the_six_starters() -> None:
    ids = {t.id for t in list_templates()}
    assert {"task-manager", "crm", "blog", "ecommerce", "saas", "booking"} <= ids
    assert get_template("nope") is None


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.id)
def test_template_compiles_and_round_trips(template) -> None:  # type: ignore[no-untyped-def]
    result = compile_spec(template.spec)
    assert result.ok, [str(e) for e in result.errors]
    assert result.blueprint is not None
    assert compile_spec(render_spec(result.blueprint)).blueprint == result.blueprint
    assert template.name and template.description and template.to_dict()["spec"] == template.spec


def test_saas_template_is_multi_tenant() -> None:
    template = get_template("saas")
    assert template is not None
    bp = compile_spec(template.spec).blueprint
    assert bp is not None and bp.tenancy.mode == "multi"
