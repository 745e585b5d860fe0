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
  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector("tr.mx-dirty")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
