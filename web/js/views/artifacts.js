// The artifacts tab: downloads (OpenAPI, design doc, Python SDK, CDK project, CloudFormation)
// and the design doc rendered on the page (as text-only DOM: see markdown.js).

import * as api from "../api.js";
import { emptyState, errorBox, h, mount } from "../dom.js";
import { renderMarkdown } from "../markdown.js";

const ARTIFACTS = [
  ["openapi", "OpenAPI document", "JSON, OpenAPI 3.1 of the generated API"],
  ["design-doc", "Design doc", "Markdown: data model, API, stacks, validation, cost"],
  ["sdk/python", "Python SDK", "zip of a typed, installable client"],
  ["cdk", "CDK project", "zip of a Python CDK app with the same stacks"],
  ["cloudformation", "CloudFormation templates", "zip of the templates Slipway deploys"],
];

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function artifactsTab(panel, ctx) {
  const base = `/projects/${ctx.project.id}/artifacts`;
  const error = errorBox();
  const doc = h("div", { class: "design-doc" });
  const list = h(
    "ul",
    { class: "downloads" },
    ARTIFACTS.map(([path, label, what]) =>
      h(
        "li",
        { class: "card" },
        h("h3", { text: label }),
        h("p", { class: "muted", text: what }),
        h("button", {
          type: "button",
          text: `Download ${label}`,
          "data-artifact": path,
          onclick: async (event) => {
            error.show("");
            event.target.disabled = true;
            try {
              const { blob, filename } = await api.download(`${base}/${path}`);
              save(blob, filename);
            } catch (err) {
              error.show(api.describe(err));
            } finally {
              event.target.disabled = false;
            }
          },
        }),
      ),
    ),
  );
  mount(panel, h("h2", { text: "Artifacts" }), h("p", { class: "hint", text: "Every artifact is built from the latest revision." }), error, list, h("h2", { text: "Design doc" }), doc);
  api
    .get(`/projects/${ctx.project.id}/revisions?limit=1`)
    .then(async (revisions) => {
      if (!revisions.data.length) {
        list.hidden = true;
        mount(doc, emptyState("No artifacts yet", "Generate a blueprint (Blueprint tab): the OpenAPI document, design doc, SDK, CDK project and templates are built from it."));
        return;
      }
      mount(doc, renderMarkdown(String(await api.get(`${base}/design-doc`))));
    })
    .catch((err) => error.show(api.describe(err)));
}
