// The spec editor: a plain textarea (keyboard, screen readers and undo work as usual) with a
// line-number gutter, and compile errors shown on their lines (a marked line number and a band
// across the line) with the message and the hint listed below, each with a "go to line" button.

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
  let errors = [];

  const lineHeight = () => parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  const padTop = () => parseFloat(getComputedStyle(textarea).paddingTop) || 0;

  const renderGutter = () => {
    const count = textarea.value.split("\n").length;
    const marked = new Map(errors.map((e) => [e.line, e]));
    const lines = [];
    for (let n = 1; n <= count; n += 1) {
      const error = marked.get(n);
      lines.push(
        h("div", { class: ["ln", error && "ln-error"], "data-line": n, title: error ? error.message : null }, error ? `! ${n}` : String(n)),
      );
    }
    mount(gutterLines, lines);
    const top = padTop();
    const step = lineHeight();
    mount(
      bands,
      errors.map((e) => {
        const band = h("div", { class: "band", "data-line": e.line });
        band.style.top = `${top + (e.line - 1) * step}px`;
        band.style.height = `${step}px`;
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
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight());
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
  const box = h(
    "div",
    { class: "editor" },
    h("div", { class: "gutter", "aria-hidden": "true" }, gutterLines),
    h("div", { class: "code" }, bands, textarea),
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
