// The entity-relationship diagram, drawn as SVG from the Blueprint IR: one box per entity with
// its fields (PK, FK, unique marked), one line per foreign key from the referencing entity (a
// crow's foot at the "many" end) to the referenced one, labelled with the key's field.

import { svg } from "./dom.js";

const CHAR = 7.8; // a fallback width per character, when the page cannot measure text
const PAD = 10;
const MARK_GAP = 6;
const ROW = 18;
const HEAD = 26;
const GAP_X = 90;
const GAP_Y = 70;
const LOOP = 34; // where a self-reference's label starts, right of its box

/**
 * Widths of texts as the diagram draws them: each is laid out in a hidden SVG with the same
 * classes (so the same fonts), and measured with getComputedTextLength.
 */
function measurer() {
  const probe = svg("svg", { class: "er er-probe", width: 1, height: 1, "aria-hidden": "true" });
  document.body.append(probe);
  const width = (text, cls) => {
    if (!text) return 0;
    const el = svg("text", { x: 0, y: 10, class: cls, text });
    probe.append(el);
    const measured = el.getComputedTextLength();
    el.remove();
    return measured > 0 ? measured : text.length * CHAR;
  };
  return { width, done: () => probe.remove() };
}

function boxOf(entity, measure) {
  const lines = entity.fields.map((f) => {
    const marks = [f.primary && "PK", f.references && "FK", f.unique && "UK"].filter(Boolean).join(" ");
    const text = `${f.name}: ${f.type === "enum" ? "enum" : f.type}`;
    const wide = measure.width(text, "er-field") + (marks ? MARK_GAP + measure.width(marks, "er-field er-mark") : 0);
    return { text, marks, wide };
  });
  const longest = Math.max(measure.width(entity.name, "er-name"), ...lines.map((l) => l.wide));
  return { entity, lines, w: Math.max(150, Math.ceil(longest) + 2 * PAD + 4), h: HEAD + lines.length * ROW + 8 };
}

/** Related entities next to each other: breadth-first over the foreign keys. */
function order(entities) {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const links = new Map(entities.map((e) => [e.name, new Set()]));
  for (const e of entities) {
    for (const f of e.fields) {
      if (f.references && byName.has(f.references) && f.references !== e.name) {
        links.get(e.name).add(f.references);
        links.get(f.references).add(e.name);
      }
    }
  }
  const seen = new Set();
  const out = [];
  const sorted = [...entities].sort((a, b) => links.get(b.name).size - links.get(a.name).size);
  for (const start of sorted) {
    const queue = [start.name];
    while (queue.length) {
      const name = queue.shift();
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(byName.get(name));
      for (const next of [...links.get(name)].sort()) if (!seen.has(next)) queue.push(next);
    }
  }
  return out;
}

/** Where the segment from the box centre towards (x, y) leaves the box. */
function edgePoint(b, x, y) {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const dx = x - cx;
  const dy = y - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const scale = Math.min(Math.abs(b.w / 2 / (dx || 1e-9)), Math.abs(b.h / 2 / (dy || 1e-9)));
  return [cx + dx * scale, cy + dy * scale];
}

export function erDiagram(ir, title = "Entity-relationship diagram") {
  const entities = ir.entities || [];
  const measure = measurer();
  const boxes = order(entities).map((e) => boxOf(e, measure));
  // a self-reference's label sits right of its box: the gap to the next column fits it
  const loops = entities.flatMap((e) => e.fields.filter((f) => f.references === e.name).map((f) => measure.width(f.name, "er-label")));
  measure.done();
  const gapX = Math.max(GAP_X, LOOP + Math.ceil(Math.max(0, ...loops)) + 12);
  const columns = Math.max(1, Math.min(4, Math.ceil(Math.sqrt(boxes.length))));
  const colWidth = Math.max(...boxes.map((b) => b.w), 150);
  let y = 20;
  for (let r = 0; r * columns < boxes.length; r += 1) {
    const row = boxes.slice(r * columns, (r + 1) * columns);
    row.forEach((b, c) => {
      b.x = 20 + c * (colWidth + gapX);
      b.y = y;
    });
    y += Math.max(...row.map((b) => b.h)) + GAP_Y;
  }
  const width = 40 + columns * colWidth + (columns - 1) * gapX + (loops.length ? gapX : 0);
  const height = y - GAP_Y + 40;
  const byName = new Map(boxes.map((b) => [b.entity.name, b]));
  const edges = [];
  for (const b of boxes) {
    for (const f of b.entity.fields) {
      const target = f.references && byName.get(f.references);
      if (target) edges.push(edge(b, target, f));
    }
  }
  return svg(
    "svg",
    { class: "er", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-labelledby": "er-title er-desc" },
    svg("title", { id: "er-title", text: title }),
    svg("desc", { id: "er-desc", text: `${entities.length} entities; the table above lists every field and relationship.` }),
    svg(
      "defs",
      {},
      svg("marker", { id: "crow", viewBox: "0 0 12 12", refX: 11, refY: 6, markerWidth: 12, markerHeight: 12, orient: "auto-start-reverse" },
        svg("path", { d: "M11 6 L1 1 M11 6 L1 6 M11 6 L1 11", class: "er-crow" })),
      svg("marker", { id: "bar", viewBox: "0 0 12 12", refX: 10, refY: 6, markerWidth: 12, markerHeight: 12, orient: "auto-start-reverse" },
        svg("path", { d: "M8 1 L8 11", class: "er-crow" })),
    ),
    edges.map((e) => e.line),
    boxes.map(drawBox),
    svg("g", { class: "er-labels" }, edges.map((e) => e.label)),
  );
}

function edge(from, to, f) {
  const label = svg("text", { class: "er-label", text: f.name });
  if (from === to) {
    const x = from.x + from.w;
    const y0 = from.y + 12;
    const path = `M${x} ${y0} h30 v${HEAD} h-30`;
    label.setAttribute("x", String(x + LOOP));
    label.setAttribute("y", String(y0 + HEAD / 2 + 4));
    return { line: svg("g", { class: "er-edge", "data-from": from.entity.name, "data-to": to.entity.name }, svg("path", { d: path, "marker-start": "url(#crow)", "marker-end": "url(#bar)" })), label };
  }
  const [x1, y1] = edgePoint(from, to.x + to.w / 2, to.y + to.h / 2);
  const [x2, y2] = edgePoint(to, from.x + from.w / 2, from.y + from.h / 2);
  label.setAttribute("x", String((x1 + x2) / 2 + 4));
  label.setAttribute("y", String((y1 + y2) / 2 - 4));
  return {
    line: svg(
      "g",
      { class: ["er-edge", f.required ? "er-required" : "er-optional"].join(" "), "data-from": from.entity.name, "data-to": to.entity.name },
      svg("line", { x1, y1, x2, y2, "marker-start": "url(#crow)", "marker-end": "url(#bar)" }),
    ),
    label,
  };
}

function drawBox(b) {
  return svg(
    "g",
    { class: ["er-entity", b.entity.joinEntity && "er-join"].filter(Boolean).join(" "), "data-entity": b.entity.name },
    svg("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: 6, class: "er-box" }),
    svg("rect", { x: b.x, y: b.y, width: b.w, height: HEAD, rx: 6, class: "er-head" }),
    svg("text", { x: b.x + PAD, y: b.y + 18, class: "er-name", text: b.entity.name }),
    b.lines.map((line, n) =>
      svg(
        "text",
        { x: b.x + PAD, y: b.y + HEAD + 14 + n * ROW, class: "er-field" },
        svg("tspan", { text: line.text }),
        line.marks ? svg("tspan", { class: "er-mark", dx: MARK_GAP, text: line.marks }) : null,
      ),
    ),
  );
}
