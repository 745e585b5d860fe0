// Realisasi entry: keyboard movement between figures, unsaved-change marks, evidence
// upload on file choice. Everything works without it (plain form posts).
(() => {
  document.documentElement.classList.add("js");
  const FIGURE = "input.mx-value";
  let focusAfterSwap = null;

  const rowOf = (el) => el.closest("tr");
  const figures = () => Array.from(document.querySelectorAll(FIGURE));
  const markDirty = (input) => {
    const row = rowOf(input);
    if (!row || input.dataset.saved === undefined) return;
    row.classList.toggle("mx-dirty", input.value.trim() !== input.dataset.saved);
  };
  const move = (input, step) => {
    const all = figures();
    const next = all[all.indexOf(input) + step];
    if (next) { next.focus(); next.select(); }
  };

  document.addEventListener("input", (event) => {
    if (event.target.matches(FIGURE)) markDirty(event.target);
  });
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.matches || !input.matches(FIGURE)) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      // The form submits; afterwards continue with the next figure.
      const row = rowOf(input);
      const all = figures();
      const next = all[all.indexOf(input) + 1];
      focusAfterSwap = next && row && row.id ? { row: row.id, next: next.getAttribute("aria-label") } : null;
    } else if (event.key === "Escape" && input.dataset.saved !== undefined) {
      input.value = input.dataset.saved;
      markDirty(input);
    }
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.matches && event.target.matches(FIGURE)) event.target.select();
  });
  document.addEventListener("change", (event) => {
    const file = event.target.closest("input[type=file][data-autosubmit-file]");
    if (file && file.files.length) file.form.requestSubmit();
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const config = event.detail && event.detail.requestConfig;
    if (!focusAfterSwap || !config || config.verb !== "post") return;
    const wanted = focusAfterSwap;
    focusAfterSwap = null;
    const row = document.getElementById(wanted.row);
    const failed = row && row.querySelector(".mx-msg-error, .mx-msg-conflict");
    const target = failed
      ? row.querySelector(FIGURE)
      : figures().find((el) => el.getAttribute("aria-label") === wanted.next);
    if (target) { target.focus(); target.select(); }
  });
  // A save that fails (expired session, server error, no network) used to show nothing:
  // htmx swaps nothing on an error status. Say so in the row; what was typed stays.
  const failureText = (xhr) => {
    if (!xhr || xhr.status === 0) {
      return "Tidak tersambung ke server; isian belum disimpan. Yang Anda ketik tetap di sini: periksa jaringan, lalu simpan lagi.";
    }
    if (xhr.status === 401) return xhr.responseText;
    if (xhr.status === 403) {
      return "Isian belum disimpan: Anda tidak berwenang mengubahnya, atau halaman ini sudah terlalu lama terbuka. Salin yang Anda ketik, lalu muat ulang halaman.";
    }
    if (xhr.status === 404) return "Isian belum disimpan: data ini tidak ditemukan lagi. Muat ulang halaman.";
    return `Isian belum disimpan: server sedang bermasalah (kode ${xhr.status}). Yang Anda ketik tetap di sini; coba simpan lagi sebentar lagi.`;
  };
  const showFailure = (elt, xhr) => {
    const message = document.createElement("div");
    message.className = "mx-msg mx-msg-error mx-msg-failed";
    message.setAttribute("role", "alert");
    message.textContent = failureText(xhr);
    const login = xhr && xhr.status === 401 && xhr.getResponseHeader("X-Login-URL");
    if (login) {
      const link = document.createElement("a");
      link.href = login;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Masuk lagi";
      message.append(" ", link);
    }
    const host = elt && elt.closest ? elt.closest("tr, form") : null;
    const box = host && host.querySelector(".mx-msgs");
    if (box) {
      box.querySelectorAll(".mx-msg-ok, .mx-msg-failed").forEach((old) => old.remove());
      box.prepend(message);
      if (host.matches("tr")) host.classList.add("mx-dirty");
    } else {
      document.querySelectorAll(".mx-page-failed").forEach((old) => old.remove());
      message.className = "alert alert-danger mx-page-failed";
      (document.querySelector("main") || document.body).prepend(message);
    }
  };
  document.body.addEventListener("htmx:responseError", (event) => {
    showFailure(event.detail.elt, event.detail.xhr);
  });
  // Only the as-you-type figures of a row (a GET to "hitung/") swap its messages out of
  // band; a save answers with the whole row. One typed just before Enter can answer
  // after the save failed: it must not erase "belum disimpan". A failure stays until
  // the row's next save answers.
  document.body.addEventListener("htmx:oobBeforeSwap", (event) => {
    const old = event.detail.target;
    if (!old || !old.matches || !old.matches(".mx-msgs")) return;
    const failed = old.querySelector(".mx-msg-failed");
    const renewed = event.detail.fragment.querySelector(".mx-msgs");
    if (failed && renewed) renewed.prepend(failed.cloneNode(true));
  });
  document.body.addEventListener("htmx:sendError", (event) => showFailure(event.detail.elt, null));
  // Each form of the sheet names its address once, in `action` (the page is long: one
  // form per figure): htmx posts a save there (hx-post=""), and the as-you-type
  // figures of its inputs go to its "hitung/" (hx-get="").
  document.body.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    if (elt.matches("form[hx-post='']")) {
      event.detail.path = elt.getAttribute("action");
    } else if (elt.matches("[hx-get='']") && elt.form) {
      event.detail.path = elt.form.getAttribute("action") + "hitung/";
    }
  });
  // After logging in again in another tab the CSRF token has changed: send the
  // current one (from its cookie), not the one the page was rendered with.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (!cookie) return;
    const token = decodeURIComponent(cookie.slice(10));
    event.detail.headers["X-CSRFToken"] = token;
    // A form's own hidden token takes precedence over the header in Django's check.
    if (event.detail.parameters && event.detail.parameters.csrfmiddlewaretoken !== undefined) {
      event.detail.parameters.csrfmiddlewaretoken = token;
    }
  });
  // The progress counter (figures filled, errors, warnings) is the sum of the tallies
  // of the rows the page shows: a row's checks read only its own figures, so a save's
  // answer (the saved row, its tally) is all that changes it. No request per save.
  const recount = () => {
    const counter = document.getElementById("progress");
    if (!counter) return;
    const sums = { k: 0, rp: 0, errors: 0, warnings: 0 };
    const totals = { k: 0, rp: 0 };
    const filled = new Map();
    document.querySelectorAll("tr[data-tally]").forEach((row) => {
      sums[row.dataset.tally] += Number(row.dataset.filled);
      totals[row.dataset.tally] += 1;
      sums.errors += Number(row.dataset.errors);
      sums.warnings += Number(row.dataset.warnings);
      filled.set(row.id, row.dataset.filled === "1");
    });
    document.getElementById("progress-k").textContent = sums.k;
    document.getElementById("progress-rp").textContent = sums.rp;
    for (const kind of ["errors", "warnings"]) {
      const part = document.getElementById(`progress-${kind}`);
      part.querySelector(".mx-count").textContent = sums[kind];
      part.hidden = sums[kind] === 0;
    }
    // The figures still blank (before submitting): the list and its count, worded as
    // actions.blank_figures_message words them.
    const blankList = document.getElementById("blank-figures");
    if (!blankList) return;
    blankList.querySelectorAll("li[data-row]").forEach((item) => {
      item.hidden = filled.get(item.dataset.row) !== false;
    });
    const blank = { k: totals.k - sums.k, rp: totals.rp - sums.rp };
    const parts = [];
    if (blank.k) parts.push(`${blank.k} indikator`);
    if (blank.rp) parts.push(`${blank.rp} sub kegiatan`);
    document.getElementById("blank-count").textContent = `${parts.join(" dan ")} belum diisi`;
    blankList.hidden = parts.length === 0;
    const confirmBox = document.getElementById("confirm-blank-box");
    if (confirmBox) confirmBox.hidden = parts.length === 0;
  };
  document.body.addEventListener("htmx:afterSwap", recount);
  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector("tr.mx-dirty")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
