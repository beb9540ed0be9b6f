// A small Markdown reader for the design doc Slipway generates (headings, paragraphs, lists,
// tables, fenced code, inline code and emphasis). It builds DOM nodes with text only: no HTML in
// the document is ever interpreted, and links are shown as text, never followed.

import { h } from "./dom.js";

function inline(text) {
  const out = [];
  const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const token = match[0];
    if (token.startsWith("`")) out.push(h("code", { text: token.slice(1, -1) }));
    else if (token.startsWith("**")) out.push(h("strong", { text: token.slice(2, -2) }));
    else out.push(h("em", { text: token.slice(1, -1) }));
    last = match.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out.map((part) => (typeof part === "string" ? part.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, "$1") : part));
}

const cells = (line) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));

export function renderMarkdown(source) {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^```(\S*)/.exec(line);
    if (fence) {
      const body = [];
      i += 1;
      while (i < lines.length && !lines[i].startsWith("```")) body.push(lines[(i += 1) - 1]);
      i += 1;
      out.push(h("pre", { class: "code-block", tabindex: "0", "data-lang": fence[1] || null }, h("code", { text: body.join("\n") })));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + 2); // the doc sits under the page's h1/h2
      out.push(h(`h${level}`, {}, inline(heading[2])));
      i += 1;
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
      const head = cells(line);
      const rows = [];
      i += 2;
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(cells(lines[(i += 1) - 1]));
      out.push(h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, inline(c))))), h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, inline(c)))))))));
      continue;
    }
    const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]);
      const items = [];
      while (i < lines.length) {
        const m = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(lines[i]);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        items.push(h("li", {}, inline(m[2])));
        i += 1;
      }
      out.push(h(ordered ? "ol" : "ul", {}, items));
      continue;
    }
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|\s*[-*]\s|\s*\d+\.\s|\s*\|)/.test(lines[i])) para.push(lines[(i += 1) - 1]);
    if (!para.length) para.push(lines[(i += 1) - 1]);
    out.push(h("p", {}, inline(para.join(" "))));
  }
  return h("div", { class: "markdown" }, out);
}
