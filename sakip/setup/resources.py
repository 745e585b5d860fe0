"""The lists a Pemda keeps in Excel, as django-import-export resources: which columns
each sheet has, how each cell is read, which record a row is (its code within the
Pemda) and what the Pemda's admin may not change through a file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from import_export import resources

from sakip.accounts.models import Role, User
from sakip.organisation.models import (
    Agency,
    Employee,
    Eselon,
    Golongan,
    Pemda,
    Position,
    PositionHolding,
    Unit,
)
from sakip.setup import widgets
from sakip.setup.excel import Column
from sakip.setup.models import SetupEvent


class SetupResource(resources.ModelResource):
    """A list of one Pemda: every lookup, match and new record is that Pemda's."""

    noun = ""

    def __init__(self, pemda: Pemda, actor: User | None = None) -> None:
        self.pemda = pemda
        self.actor = actor
        super().__init__()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self) -> Any:
        return self._meta.model.objects.filter(pemda=self.pemda)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        """Every cell of the row is read first, so that a bad cell (even one of the
        columns that name the record) is reported with its column, all at once."""
        errors = {}
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        if new:
            instance.pemda = self.pemda

    def deactivates(self, original: Any, instance: Any) -> bool:
        return False

    def file_problems(
        self, row_results: list[Any], complete: bool
    ) -> list[tuple[int, str | None, str]]:
        """Problems of the file as a whole, found once its rows are written (inside the
        import's transaction, which any problem rolls back; ``complete`` when every row
        was): (row number in the file's data, 1-based; the attribute of the column at
        fault; the message)."""
        return []

    def after_commit(self, preview: Any) -> None:
        counts = ", ".join(f"{label.lower()} {n}" for _, label, n in preview.counts if n)
        SetupEvent.objects.create(
            pemda=self.pemda,
            action=SetupEvent.Action.IMPORTED,
            subject_type=self.noun,
            subject=f"{len(preview.rows)} baris",
            detail=counts,
            actor=self.actor,
        )


def _agencies(pemda: Pemda) -> widgets.CodeWidget:
    return widgets.CodeWidget(lambda: Agency.objects.filter(pemda=pemda), "perangkat daerah")


class AgencyResource(SetupResource):
    noun = "perangkat daerah"
    code = Column(
        attribute="code",
        column_name="Kode",
        widget=widgets.TextWidget(),
        required=True,
        help="Kode singkat tanpa spasi, unik di pemerintah daerah ini, mis. kesbangpol.",
        example="kesbangpol",
    )
    name = Column(
        attribute="name",
        column_name="Nama",
        widget=widgets.TextWidget(),
        required=True,
        example="Badan Kesatuan Bangsa dan Politik",
    )
    short_name = Column(
        attribute="short_name",
        column_name="Nama singkat",
        widget=widgets.TextWidget(),
        example="Kesbangpol",
    )
    kind = Column(
        attribute="kind",
        column_name="Jenis",
        widget=widgets.ChoiceWidget(Agency.Kind.choices, blank=False),
        required=True,
        example="Badan",
    )
    address = Column(
        attribute="address",
        column_name="Alamat kop surat",
        widget=widgets.TextWidget(),
        example="Jl. Kesuma Bangsa No. 1, Tana Paser",
    )

    class Meta(SetupResource.Meta):
        model = Agency
        fields = ("code", "name", "short_name", "kind", "address")
        import_id_fields = ("code",)


class UnitResource(SetupResource):
    noun = "unit kerja"

    def __init__(self, pemda: Pemda, actor: User | None = None) -> None:
        super().__init__(pemda, actor)
        self.fields["agency"].widget = _agencies(pemda)
        self.fields["parent"].widget = widgets.CodeWidget(
            lambda: Unit.objects.filter(agency__pemda=pemda).select_related("agency"),
            "unit kerja",
            key=lambda unit: f"{unit.agency.code}/{unit.code}",
            within="Kode PD",
            required=False,
        )

    agency = Column(
        attribute="agency",
        column_name="Kode PD",
        required=True,
        help="Kode perangkat daerah pemilik unit (lihat daftar Perangkat Daerah).",
        example="kesbangpol",
    )
    code = Column(
        attribute="code",
        column_name="Kode unit",
        widget=widgets.TextWidget(),
        required=True,
        help="Unik di dalam perangkat daerahnya.",
        example="sekretariat",
    )
    name = Column(
        attribute="name",
        column_name="Nama",
        widget=widgets.TextWidget(),
        required=True,
        example="Sekretariat",
    )
    parent = Column(
        attribute="parent",
        column_name="Kode unit induk",
        help="Kosong untuk unit langsung di bawah kepala. Unit induk ditulis di baris sebelumnya.",
        example="",
    )

    class Meta(SetupResource.Meta):
        model = Unit
        fields = ("agency", "code", "name", "parent")
        import_id_fields = ("agency", "code")

    def get_queryset(self) -> Any:
        return Unit.objects.filter(agency__pemda=self.pemda)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        pass


class PositionResource(SetupResource):
    noun = "jabatan"

    def __init__(self, pemda: Pemda, actor: User | None = None) -> None:
        super().__init__(pemda, actor)
        agencies = _agencies(pemda)
        agencies.required = False
        self.fields["agency"].widget = agencies
        self.fields["unit"].widget = widgets.CodeWidget(
            lambda: Unit.objects.filter(agency__pemda=pemda).select_related("agency"),
            "unit kerja",
            key=lambda unit: f"{unit.agency.code}/{unit.code}",
            within="Kode PD",
            required=False,
        )
        self.fields["superior"].widget = widgets.CodeWidget(
            lambda: Position.objects.filter(pemda=pemda), "jabatan", required=False
        )

    code = Column(
        attribute="code",
        column_name="Kode",
        widget=widgets.TextWidget(),
        required=True,
        help="Kode jabatan, unik di pemerintah daerah ini.",
        example="kaban-kesbangpol",
    )
    title = Column(
        attribute="title",
        column_name="Nama jabatan",
        widget=widgets.TextWidget(),
        required=True,
        example="Kepala Badan Kesatuan Bangsa dan Politik",
    )
    agency = Column(
        attribute="agency",
        column_name="Kode PD",
        help="Kosong untuk jabatan kepala daerah (Bupati/Walikota).",
        example="kesbangpol",
    )
    unit = Column(attribute="unit", column_name="Kode unit", example="")
    eselon = Column(
        attribute="eselon",
        column_name="Eselon",
        widget=widgets.ChoiceWidget(Eselon.choices),
        example="II.b",
    )
    superior = Column(
        attribute="superior",
        column_name="Kode atasan",
        help="Kode jabatan atasan langsung; atasan ditulis di baris sebelumnya.",
        example="bupati",
    )

    class Meta(SetupResource.Meta):
        model = Position
        fields = ("code", "title", "agency", "unit", "eselon", "superior")
        import_id_fields = ("code",)


class EmployeeResource(SetupResource):
    noun = "pegawai"
    code = Column(
        attribute="code",
        column_name="Kode",
        widget=widgets.TextWidget(),
        required=True,
        help="Kode pegawai, unik di pemerintah daerah ini (boleh NIP).",
        example="fadlie",
    )
    name = Column(
        attribute="name",
        column_name="Nama dan gelar",
        widget=widgets.TextWidget(),
        required=True,
        example="Drs. Fadlie, M.Si",
    )
    nip = Column(
        attribute="nip",
        column_name="NIP",
        widget=widgets.NipWidget(),
        help="18 digit, boleh dengan spasi (19710607 199703 1 007). Kolom ini berformat "
        "Teks; jangan ketik NIP sebagai angka. Kosong untuk kepala daerah.",
        example="19710607 199703 1 007",
    )
    golongan = Column(
        attribute="golongan",
        column_name="Pangkat/golongan",
        widget=widgets.ChoiceWidget(Golongan.choices),
        example="Pembina Utama Muda (IV/c)",
    )
    active = Column(
        attribute="active",
        column_name="Aktif",
        widget=widgets.YesNoWidget(default=True),
        help="Tidak = dinonaktifkan (pegawai tidak pernah dihapus).",
        example="Ya",
    )

    class Meta(SetupResource.Meta):
        model = Employee
        fields = ("code", "name", "nip", "golongan", "active")
        import_id_fields = ("code",)

    def deactivates(self, original: Any, instance: Any) -> bool:
        return bool(original.active and not instance.active)


class HoldingResource(SetupResource):
    noun = "pemangku jabatan"

    def __init__(self, pemda: Pemda, actor: User | None = None) -> None:
        super().__init__(pemda, actor)
        self.fields["position"].widget = widgets.CodeWidget(
            lambda: Position.objects.filter(pemda=pemda), "jabatan"
        )
        self.fields["employee"].widget = widgets.CodeWidget(
            lambda: Employee.objects.filter(pemda=pemda), "pegawai"
        )

    year = Column(
        attribute="year",
        column_name="Tahun",
        widget=widgets.WholeNumberWidget(minimum=2000),
        required=True,
        example=2024,
    )
    position = Column(
        attribute="position", column_name="Kode jabatan", required=True, example="kaban-kesbangpol"
    )
    employee = Column(
        attribute="employee", column_name="Kode pegawai", required=True, example="fadlie"
    )
    kind = Column(
        attribute="kind",
        column_name="Status",
        widget=widgets.ChoiceWidget(PositionHolding.Kind.choices, blank=False),
        required=True,
        help="Plt. untuk jabatan kosong, Plh. selama pejabatnya berhalangan, Pj. untuk "
        "penjabat kepala daerah.",
        example="Definitif",
    )
    start_date = Column(
        attribute="start_date", column_name="Mulai", widget=widgets.DateWidget(), example=""
    )
    end_date = Column(
        attribute="end_date", column_name="Sampai", widget=widgets.DateWidget(), example=""
    )

    class Meta(SetupResource.Meta):
        model = PositionHolding
        fields = ("year", "position", "employee", "kind", "start_date", "end_date")
        import_id_fields = ("position", "employee", "year")

    def get_queryset(self) -> Any:
        return PositionHolding.objects.filter(position__pemda=self.pemda)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        pass


#: Roles an admin Pemda may give (never superuser or staff: those are the platform's).
GRANTABLE_ROLES = Role.choices


class UserResource(SetupResource):
    noun = "pengguna"

    def __init__(self, pemda: Pemda, actor: User | None = None) -> None:
        super().__init__(pemda, actor)
        agencies = _agencies(pemda)
        agencies.required = False
        self.fields["agency"].widget = agencies
        self.fields["position"].widget = widgets.CodeWidget(
            lambda: Position.objects.filter(pemda=pemda), "jabatan", required=False
        )

    username = Column(
        attribute="username",
        column_name="Nama pengguna",
        widget=widgets.TextWidget(),
        required=True,
        help="Untuk masuk; huruf, angka dan . _ - saja.",
        example="operator.kesbangpol",
    )
    full_name = Column(
        attribute="first_name",
        column_name="Nama lengkap",
        widget=widgets.TextWidget(),
        example="Siti Rahmah",
    )
    email = Column(attribute="email", column_name="Email", widget=widgets.TextWidget(), example="")
    role = Column(
        attribute="role",
        column_name="Peran",
        widget=widgets.ChoiceWidget(GRANTABLE_ROLES, blank=False),
        required=True,
        example="Operator OPD",
    )
    agency = Column(
        attribute="agency",
        column_name="Kode PD",
        help="Wajib untuk Operator OPD dan Pimpinan; kosong untuk peran se-pemda.",
        example="kesbangpol",
    )
    position = Column(
        attribute="position",
        column_name="Kode jabatan",
        help="Untuk pimpinan: jabatan yang dipangkunya.",
        example="",
    )
    is_active = Column(
        attribute="is_active",
        column_name="Aktif",
        widget=widgets.YesNoWidget(default=True),
        help="Tidak = tidak dapat masuk lagi (pengguna tidak pernah dihapus).",
        example="Ya",
    )

    class Meta(SetupResource.Meta):
        model = User
        fields = ("username", "full_name", "email", "role", "agency", "position", "is_active")
        import_id_fields = ("username",)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        if new:
            instance.pemda = self.pemda
            # A new user sets a password through the invitation link only.
            instance.set_unusable_password()

    def deactivates(self, original: Any, instance: Any) -> bool:
        return bool(original.is_active and not instance.is_active)

    def file_problems(
        self, row_results: list[Any], complete: bool
    ) -> list[tuple[int, str | None, str]]:
        """The screen's rules, for a file too: an admin does not deactivate their own
        account or take away their own admin role (they would be locked out of these
        screens), and the Pemda keeps at least one active admin."""
        problems: list[tuple[int, str | None, str]] = []
        demoting: list[tuple[int, str]] = []
        for number, row in enumerate(row_results, start=1):
            original, instance = row.original, row.instance
            if row.import_type != "update" or original is None or instance is None:
                continue
            was_admin = original.is_active and original.role == Role.ADMIN_PEMDA
            if not was_admin or (instance.is_active and instance.role == Role.ADMIN_PEMDA):
                continue
            column = "is_active" if not instance.is_active else "role"
            if self.actor is not None and instance.pk == self.actor.pk:
                problems.append(
                    (
                        number,
                        column,
                        "Anda tidak dapat menonaktifkan akun Anda sendiri."
                        if column == "is_active"
                        else "Anda tidak dapat mengubah peran akun Anda sendiri dari Admin "
                        "Pemda; minta admin lain mengubahnya.",
                    )
                )
            else:
                demoting.append((number, column))
        # Only once every row is written does the database say what the file leaves.
        if (
            complete
            and not User.objects.filter(
                pemda=self.pemda, role=Role.ADMIN_PEMDA, is_active=True
            ).exists()
        ):
            problems.extend(
                (
                    number,
                    column,
                    "Berkas ini menyisakan pemerintah daerah tanpa Admin Pemda yang aktif; "
                    "biarkan sedikitnya satu Admin Pemda aktif.",
                )
                for number, column in demoting
            )
        return problems
