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

  const goTo = (line) => {
    const lines = textarea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[line - 1] || "").length);
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight());
    syncScroll();
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
  const el = h(
    "div",
    { class: "editor-field" },
    h("label", { for: id, text: label }),
    h(
      "div",
      { class: "editor" },
      h("div", { class: "gutter", "aria-hidden": "true" }, gutterLines),
      h("div", { class: "code" }, bands, textarea),
    ),
    errorList,
  );
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
    clearErrors: () => showErrors([]),
  };
}
