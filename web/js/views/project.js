// One project: its header (rename, archive; archived projects are read-only) and its tabs.

import * as api from "../api.js";
import { badge, errorBox, field, h, mount } from "../dom.js";
import { artifactsTab } from "./artifacts.js";
import { blueprintTab } from "./blueprint.js";
import { deploymentsTab } from "./deployments.js";
import { specTab } from "./spec.js";
import { validationTab } from "./validation.js";

const TABS = [
  ["spec", "Spec & chat", specTab],
  ["blueprint", "Blueprint", blueprintTab],
  ["validation", "Validation", validationTab],
  ["deployments", "Deployments", deploymentsTab],
  ["artifacts", "Artifacts", artifactsTab],
];

export function projectView(main, projectId, tabName) {
  const disposers = [];
  let stopped = false;
  mount(main, h("p", { class: "loading", text: "Loading project…" }));
  api
    .get(`/projects/${encodeURIComponent(projectId)}`)
    .then((body) => {
      if (!stopped) render(main, body.data, tabName, disposers);
    })
    .catch((error) => {
      if (stopped) return;
      if (error instanceof api.ApiError && error.status === 404) {
        mount(
          main,
          h("h1", { tabindex: "-1", text: "Project not found" }),
          h("p", { text: "There is no such project, or it belongs to someone else." }),
          h("p", {}, h("a", { href: "#/projects", text: "Back to your projects" })),
        );
      } else {
        mount(main, h("p", { class: "error", role: "alert", text: api.describe(error) }));
      }
      main.querySelector("h1")?.focus();
    });
  return () => {
    stopped = true;
    for (const dispose of disposers) dispose();
  };
}

function render(main, project, tabName, disposers) {
  const tab = TABS.find(([name]) => name === tabName) || TABS[0];
  const readOnly = project.status === "archived";
  const base = `#/projects/${encodeURIComponent(project.id)}`;
  const title = h("h1", { tabindex: "-1", text: project.name });
  const head = h(
    "div",
    { class: "page-head" },
    h("div", {}, title, readOnly ? badge("archived (read-only)", "archived") : null),
    readOnly ? null : projectActions(project, title),
  );
  const tabs = h(
    "nav",
    { class: "tabs", "aria-label": "Project sections" },
    TABS.map(([name, label]) =>
      h("a", { href: `${base}/${name}`, text: label, "aria-current": name === tab[0] ? "page" : null }),
    ),
  );
  const panel = h("section", { class: "panel", "aria-label": tab[1] });
  mount(
    main,
    h("p", { class: "crumbs" }, h("a", { href: "#/projects", text: "Projects" }), " / ", project.name),
    head,
    readOnly
      ? h("p", { class: "notice", text: "This project is archived: you can read everything, but nothing can be changed. Create a new project to keep working." })
      : null,
    tabs,
    panel,
  );
  const ctx = { project, readOnly, base, onDispose: (fn) => disposers.push(fn) };
  tab[2](panel, ctx);
  title.focus();
}

function projectActions(project, title) {
  const error = errorBox();
  const name = h("input", { name: "name", value: project.name, maxlength: 100, required: true });
  const renameForm = h(
    "form",
    {
      class: "inline-form",
      hidden: true,
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const body = await api.patch(`/projects/${project.id}`, { name: name.value.trim() });
          project.name = body.data.name;
          title.textContent = project.name;
          renameForm.hidden = true;
          error.show("");
          renameButton.focus();
        } catch (err) {
          error.show(api.describe(err));
        }
      },
    },
    field("New name", name),
    h("button", { type: "submit", class: "primary", text: "Save name" }),
    h("button", { type: "button", text: "Cancel", onclick: () => { renameForm.hidden = true; renameButton.focus(); } }),
  );
  const renameButton = h("button", {
    type: "button",
    text: "Rename",
    onclick: () => {
      renameForm.hidden = false;
      name.focus();
      name.select();
    },
  });
  const archive = h("button", {
    type: "button",
    class: "danger",
    text: "Archive",
    onclick: async () => {
      if (!window.confirm(`Archive "${project.name}"? It stays readable but can no longer be changed.`)) return;
      try {
        await api.del(`/projects/${project.id}`);
        window.location.hash = "#/projects";
      } catch (err) {
        error.show(api.describe(err));
      }
    },
  });
  return h("div", { class: "head-actions" }, h("div", { class: "actions" }, renameButton, archive), renameForm, error);
}
