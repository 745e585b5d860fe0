from django.urls import path

from sakip.accounts import views

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("masuk/kode/", views.login_code, name="login_code"),
    path("masuk/daftar-2fa/", views.login_enrol, name="login_enrol"),
    path("masuk/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("masuk/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "masuk/atur-ulang/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "masuk/atur-ulang/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("akun/", views.account, name="account"),
    path("akun/2fa/", views.enrol, name="enrol"),
    path("akun/2fa/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("akun/2fa/nonaktifkan/", views.remove_second_factor, name="remove_second_factor"),
    path("akun/kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
]
