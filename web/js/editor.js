// The spec editor: a plain textarea (keyboard, screen readers and undo work as usual) with a
// line-number gutter, and compile errors shown on their lines (a marked line number and a band
// across the line) with the message and the hint listed below, each with a "go to line" button.
// On narrow screens long lines wrap; a hidden mirror with the textarea's font and width then
// measures where each line starts and how many rows it takes, for the gutter and the bands.

import { h, mount, newId } from "./dom.js";

export function specEditor({ value = "", readOnly = false, label = "Spec (Markdown)" } = {}) {
  const id = newId("spec");
  const errorsId = `${id}-errors`;
  const gutterLines = h("div", { class: "gutter-lines" });
  const bands = h("div", { class: "bands", "aria-hidden": "true" });
  const textarea = h("textarea", {
    id,
    class: "code-input",
    wrap: "off",
    spellcheck: "false",
    autocapitalize: "off",
    readOnly,
    rows: 22,
    "aria-describedby": errorsId,
  });
  const errorList = h("ol", { class: "compile-errors", id: errorsId, "aria-live": "polite" });
  const mirror = h("div", { class: "code-mirror", "aria-hidden": "true" });
  const narrow = window.matchMedia("(max-width: 820px)");
  let errors = [];

  /** [top, height] of each line in the textarea's content, padding included. */
  const geometry = (count) => {
    const top = padTop();
    const step = lineHeight();
    if (!narrow.matches) return Array.from({ length: count }, (_, n) => [top + n * step, step]);
    mirror.style.width = `${textarea.clientWidth}px`;
    mount(mirror, textarea.value.split("\n").map((line) => h("div", { text: line || "\u200b" })));
    return [...mirror.children].map((row) => [row.offsetTop, row.offsetHeight || step]);
  };

  const lineHeight = () => parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  const padTop = () => parseFloat(getComputedStyle(textarea).paddingTop) || 0;

  const renderGutter = () => {
    textarea.wrap = narrow.matches ? "soft" : "off";
    textarea.classList.toggle("wrapping", narrow.matches);
    const count = textarea.value.split("\n").length;
    const rows = geometry(count);
    const marked = new Map(errors.map((e) => [e.line, e]));
    const lines = [];
    for (let n = 1; n <= count; n += 1) {
      const error = marked.get(n);
      const ln = h("div", { class: ["ln", error && "ln-error"], "data-line": n, title: error ? error.message : null }, error ? `! ${n}` : String(n));
      if (narrow.matches) ln.style.height = `${rows[n - 1][1]}px`;
      lines.push(ln);
    }
    mount(gutterLines, lines);
    mount(
      bands,
      errors.map((e) => {
        const band = h("div", { class: "band", "data-line": e.line });
        const [top, height] = rows[e.line - 1] || [padTop(), lineHeight()];
        band.style.top = `${top}px`;
        band.style.height = `${height}px`;
        return band;
      }),
    );
    syncScroll();
  };

  const syncScroll = () => {
    gutterLines.style.transform = `translateY(${-textarea.scrollTop}px)`;
    bands.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
  };

  const startOf = (line) => textarea.value.split("\n").slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);

  /** Scroll a line into the editor's view (two lines of context above) and the editor onto the page. */
  const reveal = (line) => {
    const [top] = geometry(line)[line - 1] || [0];
    textarea.scrollTop = Math.max(0, top - padTop() - 2 * lineHeight());
    textarea.scrollLeft = 0;
    syncScroll();
    box.scrollIntoView({ block: "nearest" });
  };

  const goTo = (line) => {
    const start = startOf(line);
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(start, start + (textarea.value.split("\n")[line - 1] || "").length);
    reveal(line);
  };

  /** After a failed apply: the first error's line in view, the caret at its start. */
  const revealFirstError = () => {
    if (!errors.length) return;
    const line = Math.min(...errors.map((e) => e.line));
    const start = startOf(line);
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(start, start);
    reveal(line);
  };

  const showErrors = (list) => {
    errors = (list || []).filter((e) => Number.isInteger(e.line));
    textarea.toggleAttribute("aria-invalid", errors.length > 0);
    mount(
      errorList,
      (list || []).map((e) =>
        h(
          "li",
          { class: "compile-error", "data-line": e.line ?? "" },
          h("strong", { text: e.line ? `Line ${e.line}: ` : "" }),
          e.message,
          e.hint ? h("span", { class: "hint-text", text: ` Hint: ${e.hint}` }) : null,
          e.line ? h("button", { type: "button", class: "link", text: `Go to line ${e.line}`, onclick: () => goTo(e.line) }) : null,
        ),
      ),
    );
    renderGutter();
  };

  textarea.value = value;
  textarea.addEventListener("input", renderGutter);
  textarea.addEventListener("scroll", syncScroll);
  narrow.addEventListener("change", renderGutter);
  new ResizeObserver(() => narrow.matches && renderGutter()).observe(textarea);
  const box = h(
    "div",
    { class: "editor" },
    h("div", { class: "gutter", "aria-hidden": "true" }, gutterLines),
    h("div", { class: "code" }, bands, mirror, textarea),
  );
  const el = h("div", { class: "editor-field" }, h("label", { for: id, text: label }), box, errorList);
  requestAnimationFrame(renderGutter);
  return {
    el,
    textarea,
    get value() {
      return textarea.value;
    },
    set value(text) {
      textarea.value = text;
      renderGutter();
    },
    showErrors,
    revealFirstError,
    clearErrors: () => showErrors([]),
  };
}
