// The projects list (cursor paging, archived ones marked read-only) and the new-project form
// (an empty spec, or one of the templates).

import * as api from "../api.js";
import { badge, emptyState, errorBox, field, h, mount, when } from "../dom.js";

const PAGE = 10;

export function projectsView(main) {
  const list = h("div", { class: "project-list", "aria-live": "polite" });
  const pager = h("div", { class: "pager" });
  const cursors = [null]; // the cursor of each page seen, to go back
  let page = 0;

  const load = async () => {
    const cursor = cursors[page];
    const query = new URLSearchParams({ limit: String(PAGE), includeArchived: "true" });
    if (cursor) query.set("cursor", cursor);
    try {
      const body = await api.get(`/projects?${query}`);
      cursors[page + 1] = body.meta.nextCursor;
      renderList(body.data, body.meta.nextCursor);
    } catch (error) {
      mount(list, h("p", { class: "error", role: "alert", text: api.describe(error) }));
    }
  };

  const renderList = (projects, next) => {
    if (!projects.length && page === 0) {
      mount(list, emptyState("No projects yet", "Create your first project below: start from a template to see the whole flow in a minute, or from an empty spec."));
    } else {
      mount(
        list,
        h(
          "ul",
          { class: "cards" },
          projects.map((p) =>
            h(
              "li",
              { class: "card project-card" },
              h("a", { href: `#/projects/${encodeURIComponent(p.id)}`, class: "project-link", text: p.name }),
              p.status === "archived" ? badge("archived (read-only)", "archived") : null,
              p.description ? h("p", { class: "muted", text: p.description }) : null,
              h("p", { class: "meta", text: `${p.templateId ? `From template ${p.templateId} · ` : ""}created ${when(p.createdAt)}` }),
            ),
          ),
        ),
      );
    }
    mount(
      pager,
      h("button", { type: "button", text: "Newer", disabled: page === 0, onclick: () => { page -= 1; load(); } }),
      h("span", { class: "muted", text: `Page ${page + 1}` }),
      h("button", { type: "button", text: "Older", disabled: !next, onclick: () => { page += 1; load(); } }),
    );
  };

  mount(
    main,
    h("div", { class: "page-head" }, h("h1", { tabindex: "-1", text: "Projects" })),
    list,
    pager,
    newProjectForm(),
  );
  load();
}

function newProjectForm() {
  const name = h("input", { name: "name", required: true, maxlength: 100 });
  const description = h("textarea", { name: "description", rows: 2, maxlength: 2000 });
  const template = h("select", { name: "template" }, h("option", { value: "", text: "Empty spec (write it or chat it)" }));
  const error = errorBox();
  const submit = h("button", { type: "submit", class: "primary", text: "Create project" });
  api
    .get("/templates")
    .then((body) => {
      for (const t of body.data) template.append(h("option", { value: t.id, text: `${t.name} — ${t.description}` }));
    })
    .catch((err) => error.show(`Templates could not be loaded: ${api.describe(err)}`));

  return h(
    "form",
    {
      class: "card",
      "aria-labelledby": "new-project",
      onsubmit: async (event) => {
        event.preventDefault();
        error.show("");
        if (!name.value.trim()) {
          error.show("Give the project a name.");
          name.focus();
          return;
        }
        submit.disabled = true;
        try {
          const body = { name: name.value.trim(), description: description.value };
          if (template.value) body.templateId = template.value;
          const created = await api.post("/projects", body);
          window.location.hash = `#/projects/${encodeURIComponent(created.data.id)}/spec`;
        } catch (err) {
          error.show(api.describe(err));
          submit.disabled = false;
        }
      },
    },
    h("h2", { id: "new-project", text: "New project" }),
    field("Name", name),
    field("Description (optional)", description),
    field("Start from", template, "A template starts the project at spec version 1."),
    error,
    h("div", { class: "actions" }, submit),
  );
}
