"""The users list imported from Excel keeps the screen's rules: an admin cannot
deactivate their own account or take away their own admin role through a file, and no
file leaves the Pemda without an active admin. Each is refused with its row and column,
in Indonesian, and nothing of the file is saved."""

from __future__ import annotations

import pytest

from sakip.accounts.models import Role, User
from sakip.setup.models import SetupEvent
from sakip.setup.tests.helpers import filled, upload

pytestmark = pytest.mark.django_db


def _template(client) -> bytes:
    response = client.get("/pengaturan/pengguna/templat.xlsx")
    assert response.status_code == 200
    return response.content


def _preview(client, rows):
    response = client.post(
        "/pengaturan/pengguna/impor/", {"file": upload(filled(_template(client), rows))}
    )
    assert response.status_code == 200
    return response


def _state() -> list[tuple[str, str, bool]]:
    return list(
        User.objects.filter(pemda__code="paser")
        .order_by("username")
        .values_list("username", "role", "is_active")
    )


def _where(response) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in response.context["problems"]}


def test_an_admin_cannot_deactivate_their_own_account_through_a_file(login, paser):
    client = login("admin_pemda")
    before = _state()
    response = _preview(
        client,
        [
            ["operator.kesbangpol", "", "", "Operator OPD", "kesbangpol", "", "Tidak"],
            ["admin.paser", "", "", "Admin Pemda", "", "", "Tidak"],
        ],
    )
    assert response.context["token"] is None
    assert _where(response) == {(3, "G (Aktif)")}
    page = response.content.decode()
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in page
    assert "Tidak ada yang disimpan" in page
    assert _state() == before  # the operator's deactivation in row 2 is not saved either


def test_an_admin_cannot_take_away_their_own_admin_role_through_a_file(login, paser):
    client = login("admin_pemda")
    before = _state()
    response = _preview(client, [["admin.paser", "", "", "Verifikator", "", "", "Ya"]])
    assert response.context["token"] is None
    [problem] = response.context["problems"]
    assert (problem.row, problem.column) == (2, "D (Peran)")
    assert "mengubah peran akun Anda sendiri" in problem.message
    assert _state() == before


def test_a_file_that_leaves_no_active_admin_is_refused_at_each_row_that_does_it(login, paser):
    # The importer and one other admin are the Pemda's only active admins; the file
    # deactivates the other and turns the importer into an operator.
    User.objects.filter(pemda=paser, role=Role.ADMIN_PEMDA).update(is_active=False)
    User.objects.filter(username="admin.paser").update(is_active=True)
    other = User.objects.create_user(
        username="admin2.paser", role=Role.ADMIN_PEMDA, pemda=paser, is_active=True
    )
    client = login("admin_pemda")
    before = _state()
    response = _preview(
        client,
        [
            ["admin2.paser", "", "", "Admin Pemda", "", "", "Tidak"],
            ["admin.paser", "", "", "Operator OPD", "kesbangpol", "", "Ya"],
        ],
    )
    assert response.context["token"] is None
    assert _where(response) == {(2, "G (Aktif)"), (3, "D (Peran)")}
    messages = {p.row: p.message for p in response.context["problems"]}
    assert "tanpa Admin Pemda yang aktif" in messages[2]
    assert _state() == before
    other.refresh_from_db()
    assert other.is_active


def test_an_admin_deactivating_another_admin_while_staying_admin_is_saved(login, paser):
    User.objects.create_user(username="admin2.paser", role=Role.ADMIN_PEMDA, pemda=paser)
    client = login("admin_pemda")
    response = _preview(client, [["admin2.paser", "", "", "Admin Pemda", "", "", "Tidak"]])
    assert response.context["problems"] == []
    token = response.context["token"]
    assert client.post("/pengaturan/pengguna/impor/simpan/", {"token": token}).status_code == 302
    assert not User.objects.get(username="admin2.paser").is_active
    assert User.objects.get(username="admin.paser").is_active
    assert SetupEvent.objects.filter(pemda=paser, action="imported").exists()


def test_the_last_active_admin_of_a_pemda_cannot_be_deactivated_by_the_platform_operator_file(
    paser,
):
    """The rule is the file's, whoever imports it: with no actor (a command, the
    platform's operator) the only admin's deactivation is refused as the last one."""
    from sakip.setup import excel, importing
    from sakip.setup.resources import UserResource

    resource = UserResource(paser, None)
    User.objects.filter(pemda=paser, role=Role.ADMIN_PEMDA).exclude(username="admin.paser").update(
        is_active=False
    )  # the demo's admin is the Pemda's only active one
    content = filled(
        excel.build_workbook(resource, "Pengguna", [], ()),
        [["admin.paser", "", "", "Admin Pemda", "", "", "Tidak"]],
    )
    dataset = excel.read_upload(content, excel.columns_of(resource))
    preview = importing.run(resource, dataset, commit=True)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "G (Aktif)")]
    assert "tanpa Admin Pemda yang aktif" in preview.problems[0].message
    assert User.objects.get(username="admin.paser").is_active


def _edit(client, user: User, role: str):
    return client.post(
        f"/pengaturan/pengguna/{user.pk}/ubah/",
        {"username": user.username, "first_name": user.first_name, "role": role},
    )


def test_on_the_screen_an_admin_cannot_take_away_their_own_admin_role(login, paser):
    admin = User.objects.get(username="admin.paser")
    response = _edit(login("admin_pemda"), admin, Role.VERIFIKATOR)
    assert response.status_code == 200  # the form again, with the error
    assert "mengubah peran akun Anda sendiri" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN_PEMDA


def test_on_the_screen_the_last_active_admin_keeps_the_role(login, paser):
    User.objects.filter(pemda=paser, role=Role.ADMIN_PEMDA).exclude(username="admin.paser").update(
        is_active=False
    )
    second = User.objects.create_user(username="admin2.paser", role=Role.ADMIN_PEMDA, pemda=paser)
    client = login("admin_pemda")
    # Another admin may be given another role while the importer stays admin ...
    assert _edit(client, second, Role.VERIFIKATOR).status_code == 302
    second.refresh_from_db()
    assert second.role == Role.VERIFIKATOR


def test_the_user_form_refuses_to_demote_the_last_active_admin_whoever_edits(paser):
    from sakip.setup.forms import UserForm

    User.objects.filter(pemda=paser, role=Role.ADMIN_PEMDA).exclude(username="admin.paser").update(
        is_active=False
    )
    admin = User.objects.get(username="admin.paser")
    form = UserForm(
        {"username": admin.username, "role": Role.OPERATOR},
        instance=admin,
        pemda=paser,
        actor=None,
    )
    assert not form.is_valid()
    assert "Admin Pemda aktif terakhir" in form.errors["role"][0]
