// The blueprint tab: generate (live progress and current step), the data model as tables and
// as an ER diagram, the API resources, and the revisions with a visual compare of any two.

import * as api from "../api.js";
import { badge, emptyState, errorBox, h, mount, table, when } from "../dom.js";
import { erDiagram } from "../er.js";
import { follow } from "../live.js";

export function progressView(label) {
  const bar = h("progress", { max: 100, value: 0, "aria-label": label });
  const percent = h("span", { class: "percent", text: "0%" });
  const step = h("span", { class: "step", text: "Starting…" });
  const el = h("div", { class: "progress", role: "group", "aria-label": label }, bar, h("div", { class: "progress-text" }, percent, " ", step));
  const update = (status) => {
    bar.value = Number(status.progress || 0);
    percent.textContent = `${Number(status.progress || 0)}%`;
    const stale = status.stale ? " (the worker is not answering: last known state)" : "";
    step.textContent = `${status.currentStep || status.status}${stale}`;
    el.dataset.status = status.status;
    if (status.error) step.textContent += ` — ${status.error}`;
  };
  return { el, update };
}

export function blueprintTab(panel, ctx) {
  const { project, readOnly } = ctx;
  const error = errorBox();
  const live = h("div", { class: "live" });
  const details = h("div", { class: "bp-details" });
  const revisions = h("div", { class: "revisions" });
  let follower = null;
  ctx.onDispose(() => follower?.stop());

  const watch = (blueprintId) => {
    const progress = progressView("Blueprint generation progress");
    const next = h("div", { class: "next-step" });
    let shown = false;
    mount(live, h("h3", { text: "Generation" }), progress.el, next);
    follower?.stop();
    follower = follow({
      statusPath: `/blueprints/${blueprintId}/status`,
      eventsPath: `/blueprints/${blueprintId}/events`,
      projectId: project.id,
      onUpdate: (status) => {
        progress.update(status);
        if (status.status === "completed" && !shown) {
          shown = true;
          Promise.all([showBlueprint(blueprintId), loadRevisions()]).then(([bp, revisions]) => {
            if (bp) mount(next, validateNext(ctx, bp, revisions || []));
          });
        }
      },
      onError: (err) => error.show(api.describe(err)),
    });
  };

  const generate = h("button", {
    type: "button",
    class: "primary",
    text: "Generate blueprint",
    disabled: readOnly,
    onclick: async () => {
      error.show("");
      generate.disabled = true;
      try {
        const started = await api.start("POST", `/projects/${project.id}/spec/generate-blueprint`);
        watch(started.blueprint.id);
      } catch (err) {
        error.show(err.code === "NO_SPEC" ? "Apply a spec first (Spec & chat tab), then generate." : api.describe(err));
      } finally {
        generate.disabled = readOnly;
      }
    },
  });

  const showBlueprint = async (blueprintId) => {
    try {
      const body = await api.get(`/blueprints/${blueprintId}`);
      renderBlueprint(details, body.data);
      return body.data;
    } catch (err) {
      error.show(api.describe(err));
      return null;
    }
  };

  const loadRevisions = () =>
    revisionsView(revisions, project.id).catch((err) => {
      error.show(api.describe(err));
      return [];
    });

  mount(
    panel,
    h("div", { class: "section-head" }, h("h2", { text: "Blueprint" }), generate),
    h("p", { class: "hint", text: "Generating compiles the applied spec into the Blueprint IR: data model, API and infrastructure." }),
    error,
    live,
    details,
    revisions,
  );

  api
    .get(`/projects/${project.id}/blueprints?limit=10`)
    .then((body) => {
      const latest = body.data[0];
      if (!latest) {
        mount(details, emptyState("No blueprint yet", readOnly ? "This archived project was never generated." : "Apply a spec, then press “Generate blueprint”."));
        return;
      }
      if (latest.status === "processing") watch(latest.id);
      const done = body.data.find((b) => b.status === "completed");
      if (done) showBlueprint(done.id);
      loadRevisions();
    })
    .catch((err) => error.show(api.describe(err)));
}

/** After a generation: a new revision starts from the spec, so fixes a validation applied to
 * earlier revisions are not in it; validating it (again) is the next step before deploying. */
function validateNext(ctx, bp, revisions) {
  const number = bp.revision ?? "";
  const fixedBefore = revisions.some((r) => r.source === "validation" && r.number !== bp.revision);
  return h(
    "div",
    { class: "notice validate-next", role: "status" },
    h("p", {
      text: fixedBefore
        ? `Revision ${number} was generated from the spec: validation fixes applied to earlier revisions (such as encryption or a health endpoint) are not carried over. Deploying it unvalidated would undo them, and the deploy would show that as unsafe changes.`
        : `Revision ${number} is ready. Validate it before deploying: validation checks it and can apply safe fixes.`,
    }),
    h("p", {}, h("a", { class: "button-link", href: `${ctx.base}/validation`, text: `Validate revision ${number}` })),
  );
}

function renderBlueprint(container, bp) {
  const ir = bp.ir || { entities: [] };
  const summary = bp.summary || {};
  mount(
    container,
    h("h3", { text: `Revision ${bp.revision ?? "—"} · spec version ${bp.specVersion}` }),
    summary.dataModel
      ? h("p", { class: "muted", text: `${summary.dataModel.entities} entities, ${summary.dataModel.fields} fields, ${summary.dataModel.relationships} relationships; ${summary.api?.resources ?? 0} API resources (${summary.api?.operations ?? 0} operations, auth ${summary.api?.auth ?? "—"}); stacks: ${(summary.infrastructure?.stacks || []).join(", ")}.` })
      : null,
    h("h4", { text: "Entity-relationship diagram" }),
    h("div", { class: "er-wrap", tabindex: "0", "aria-label": "Diagram (scrolls)" }, erDiagram(ir, `Entities of ${ir.project?.name || "the blueprint"}`)),
    h("h4", { text: "Entities" }),
    ir.entities.map(entityTable),
    h("h4", { text: "API" }),
    table(
      ["Resource", "Path", "Operations", "Access"],
      (ir.api?.resources || []).map((r) => [r.entity, h("code", { text: r.basePath }), r.operations.join(", "), r.public ? "public" : r.roles.length ? `roles ${r.roles.join(", ")}` : "authenticated"]),
    ),
  );
}

function entityTable(entity) {
  const fieldRows = entity.fields.map((f) => [
    h("code", { text: f.name }),
    f.type === "enum" ? `enum(${f.enumValues.join(", ")})` : f.type,
    [f.primary && "primary key", f.required && "required", f.unique && "unique", f.encrypted && "encrypted", f.managed && "managed", f.maxLength && `max ${f.maxLength}`].filter(Boolean).join(", "),
    f.references || "",
    f.default === null || f.default === undefined ? "" : String(f.default),
  ]);
  const relations = (entity.relationships || []).map((r) => `${r.name}: ${r.kind.replaceAll("_", " ")} ${r.target}${r.through ? ` through ${r.through}` : ""}${r.field ? ` (${r.field})` : ""}`);
  const flags = [entity.softDelete && "soft delete", entity.auditLog && "audit log", entity.tenantScoped && "tenant scoped", entity.joinEntity && "join entity"].filter(Boolean);
  return h(
    "section",
    { class: "entity", "data-entity": entity.name },
    h("h5", {}, entity.name, " ", h("span", { class: "muted", text: `table ${entity.table}${flags.length ? ` · ${flags.join(", ")}` : ""}` })),
    table(["Field", "Type", "Constraints", "References", "Default"], fieldRows, `Fields of ${entity.name}`),
    relations.length ? h("ul", { class: "relations", "aria-label": `Relationships of ${entity.name}` }, relations.map((text) => h("li", { text }))) : null,
  );
}

async function revisionsView(container, projectId) {
  const body = await api.get(`/projects/${projectId}/revisions?limit=50`);
  if (!body.data.length) {
    mount(container, h("h3", { text: "Revisions" }), h("p", { class: "muted", text: "Every completed generation (and every validation that fixed something) becomes a revision." }));
    return body.data;
  }
  const options = (selected) => body.data.map((r) => h("option", { value: r.number, selected: r.number === selected, text: `Revision ${r.number} (${r.source}, spec v${r.specVersion})` }));
  const latest = body.data[0].number;
  const from = h("select", { id: "compare-from" }, options(body.data[1]?.number ?? latest));
  const to = h("select", { id: "compare-to" }, options(latest));
  const result = h("div", { class: "compare-result", "aria-live": "polite" });
  const error = errorBox();
  const compare = async () => {
    error.show("");
    try {
      const diff = await api.get(`/projects/${projectId}/revisions/compare?from=${from.value}&to=${to.value}`);
      mount(result, changesView(diff, `Revision ${diff.from} → revision ${diff.to}`));
    } catch (err) {
      error.show(api.describe(err));
    }
  };
  mount(
    container,
    h("h3", { text: "Revisions" }),
    table(["Revision", "Source", "Spec version", "Change class", "Created"], body.data.map((r) => [String(r.number), r.source, `v${r.specVersion}`, r.changeClass ? badge(r.changeClass) : "—", when(r.createdAt)])),
    h(
      "form",
      { class: "inline-form compare-form", onsubmit: (event) => { event.preventDefault(); compare(); } },
      h("label", { for: "compare-from", text: "Compare revision" }),
      from,
      h("label", { for: "compare-to", text: "with revision" }),
      to,
      h("button", { type: "submit", text: "Compare" }),
    ),
    error,
    result,
  );
  return body.data;
}

/** A classification result ({overall, changes, counts, summary}) as a table of changes. */
export function changesView(diff, caption) {
  if (!diff.changes.length) return h("p", { class: "muted", text: `${caption}: no changes.` });
  const show = (value) => (value === null || value === undefined ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));
  return h(
    "div",
    { class: "changes" },
    h("p", {}, badge(diff.overall), " ", diff.summary),
    table(
      ["Class", "Change", "Path", "Before", "After", "Why"],
      diff.changes.map((c) => [badge(c.classification), `${c.category} ${c.action}`, h("code", { text: c.path }), show(c.before), show(c.after), c.reason || ""]),
      caption,
    ),
  );
}
