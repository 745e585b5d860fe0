"""Whether to offer a page's edit links: the same gate the views apply."""

from __future__ import annotations

from django import template

from sakip.accounts.access import can_edit_agency

register = template.Library()


@register.filter
def can_edit(user: object, agency: object) -> bool:
    return can_edit_agency(user, agency)  # type: ignore[arg-type]


@register.simple_tag(takes_context=True)
def plan_approval(
    context: dict[str, object], agency: object, plan: str, year: int
) -> dict[str, object]:
    """The plan's approval state and which steps the user is offered (one query)."""
    from sakip.setup import approval

    user = context["request"].user  # type: ignore[attr-defined]
    state = approval.state_of(agency, plan, year)  # type: ignore[arg-type]
    return {
        "plan": plan,
        "year": year,
        "label": approval.label(plan, year),
        "state": state,
        "state_label": approval.State(state).label,
        "locked": state == approval.State.APPROVED,
        "submit": state == approval.State.DRAFT and approval.may_submit(user, agency),  # type: ignore[arg-type]
        "approve": state != approval.State.APPROVED and approval.may_approve(user, agency),  # type: ignore[arg-type]
        "reopen": state != approval.State.DRAFT and approval.may_reopen(user, agency),  # type: ignore[arg-type]
    }
