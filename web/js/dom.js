// DOM building without HTML strings: every text goes through textContent or a text node, so
// nothing a user typed (or the API returned) is ever parsed as HTML.

const PROPERTIES = new Set(["value", "checked", "disabled", "selected", "hidden", "readOnly", "open"]);

/** h("button", {class: "primary", onclick: fn, text: "Save"}, child, "text", [more]) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

/** An SVG element (attributes only; no HTML). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "text") el.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (PROPERTIES.has(key)) el[key] = value;
    else if (key === "style") throw new Error("inline styles are not allowed (CSP)");
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
export function newId(prefix = "f") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form control: label, control, optional hint; returns {field, input}. */
export function field(label, control, hint) {
  const id = control.id || newId("in");
  control.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: label }), control, hintEl);
}

/** Show (or, with an empty message, clear) a field's own error right after its control. */
export function fieldError(control, message) {
  const id = `${control.id}-error`;
  let note = document.getElementById(id);
  if (!message) {
    note?.remove();
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-errormessage");
    return;
  }
  if (!note) {
    note = h("p", { class: "field-error", id, role: "alert" });
    control.after(note);
  }
  note.textContent = message;
  control.setAttribute("aria-invalid", "true");
  control.setAttribute("aria-errormessage", id);
}

/** An error region for a form: role=alert, filled with text only. */
export function errorBox() {
  const box = h("div", { class: "error", role: "alert", hidden: true });
  box.show = (message) => {
    box.textContent = message;
    box.hidden = !message;
  };
  return box;
}

export function badge(text, kind = text) {
  return h("span", { class: ["badge", `badge-${String(kind).replace(/[^a-z_-]/gi, "")}`], text });
}

export function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function table(headers, rows, caption) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      caption ? h("caption", { text: caption }) : null,
      h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
    ),
  );
}

export function announce(message) {
  const region = document.getElementById("announce");
  if (region) region.textContent = message;
}

export function emptyState(title, text, action) {
  return h("div", { class: "empty" }, h("p", { class: "empty-title", text: title }), h("p", { text }), action);
}
