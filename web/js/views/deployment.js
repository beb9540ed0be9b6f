// One deployment, live: overall progress and step, every stack with its status and reason, the
// CloudFormation event log, and (when a failed deploy is parked) the decision: continue, roll
// back or cancel. A finished preview shows its resource changes with the replacement flags.

import * as api from "../api.js";
import { badge, errorBox, h, mount, table, when } from "../dom.js";
import { changesView, progressView } from "./blueprint.js";
import { costView } from "./validation.js";

const ICONS = { completed: "✓", unchanged: "=", deleted: "✓", failed: "✗", in_progress: "↻", running: "↻", pending: "·", previewed: "✓", skipped: "–", blocked: "⊘" };
export const parked = (d) => d.status === "failed" && d.awaitingDecision;
export const running = (d) => ["queued", "running", "processing"].includes(d.status);

export function deploymentView({ onDecision }) {
  const heading = h("h3", { tabindex: "-1" });
  const progress = progressView("Deployment progress");
  const stacks = h("ul", { class: "stacks", "aria-label": "Stacks" });
  const decision = h("div", { class: "decision" });
  const extra = h("div", { class: "deployment-extra" });
  const events = h("div", { class: "event-log", role: "log", tabindex: "0", "aria-label": "CloudFormation events" });
  const el = h("section", { class: "deployment card", "aria-labelledby": "deployment-heading" }, heading, progress.el, stacks, decision, extra, h("h4", { text: "Events" }), events);
  heading.id = "deployment-heading";
  let shownDecision = null;

  const update = (d) => {
    el.dataset.id = d.id;
    el.dataset.status = parked(d) ? "parked" : d.status;
    mount(heading, `${d.kind[0].toUpperCase()}${d.kind.slice(1)} `, badge(parked(d) ? "waiting for a decision" : d.status, parked(d) ? "parked" : d.status), h("span", { class: "muted", text: ` revision ${d.revision ?? "—"} · started ${when(d.startedAt || d.createdAt)}` }));
    progress.update(d);
    mount(
      stacks,
      (d.stacks || []).map((s) =>
        h(
          "li",
          { class: "stack", "data-stack": s.key, "data-status": s.status },
          h("span", { class: "stack-icon", "aria-hidden": "true", text: ICONS[s.status] || "·" }),
          h("span", { class: "stack-key", text: s.key }),
          h("span", { class: "stack-status", text: s.status }),
          s.reason ? h("span", { class: "stack-reason", text: s.reason }) : null,
        ),
      ),
    );
    const rows = (d.events || []).slice(-200).map((e) => [when(e.timestamp), e.stack, e.logicalId, e.resourceType, e.status, e.reason || ""]);
    const atBottom = events.scrollTop + events.clientHeight >= events.scrollHeight - 4;
    mount(events, rows.length ? table(["Time", "Stack", "Resource", "Type", "Status", "Reason"], rows) : h("p", { class: "muted", text: "No events yet." }));
    if (atBottom) events.scrollTop = events.scrollHeight;
    if (running(d) && shownDecision) {
      // decided: the panel goes, and a new failure after the decision asks again
      shownDecision = null;
      mount(decision);
    }
    const key = parked(d) ? d.id : null;
    if (key !== shownDecision) {
      shownDecision = key;
      mount(decision, key ? decisionPanel(d, onDecision) : null);
      if (key) decision.querySelector("h4")?.focus();
    }
    if (d.kind === "preview" && d.status === "completed") mount(extra, previewView(d));
    else if (d.error && !parked(d)) mount(extra, h("p", { class: "error", text: d.error }));
    else mount(extra);
  };
  return { el, update };
}

function decisionPanel(d, onDecision) {
  const error = errorBox();
  const failed = (d.stacks || []).filter((s) => s.status === "failed");
  const decide = (path, label, kind) =>
    h("button", {
      type: "button",
      class: kind,
      text: label,
      onclick: async (event) => {
        error.show("");
        event.target.disabled = true;
        try {
          await api.start("POST", `/deployments/${d.id}/${path}`);
          onDecision(d.id, path);
        } catch (err) {
          event.target.disabled = false;
          error.show(api.describe(err));
        }
      },
    });
  return h(
    "div",
    { class: "decision-panel", role: "group", "aria-labelledby": "decision-title" },
    h("h4", { id: "decision-title", tabindex: "-1", text: "This deployment failed and waits for your decision" }),
    h("ul", {}, failed.map((s) => h("li", {}, h("strong", { text: s.key }), `: ${s.reason || "failed"}`))),
    h("p", { class: "hint", text: "Continue retries the failed and blocked stacks; roll back returns to the last successful deployment (or removes what this one created); cancel ends it as it is." }),
    h("div", { class: "actions" }, decide("continue", "Continue deployment", "primary"), decide("rollback", "Roll back", null), decide("cancel", "Cancel deployment", "danger")),
    error,
  );
}

export function previewView(d) {
  const rows = [];
  for (const s of d.stacks || []) {
    for (const c of s.changes || []) {
      rows.push([s.key, c.action, h("code", { text: c.logicalId }), c.resourceType, c.replacement ? badge(c.replacement === true ? "replaced" : `replaced: ${c.replacement}`, "replacement") : "no"]);
    }
  }
  const replaced = rows.filter((r) => r[4] !== "no").length;
  const preview = d.preview || {};
  return h(
    "div",
    { class: "preview" },
    h("h4", { text: `Resource changes (${rows.length}; ${replaced} replaced)` }),
    rows.length ? table(["Stack", "Action", "Resource", "Type", "Replacement"], rows, "Changes the deploy would make") : h("p", { class: "muted", text: "No resource changes: everything is up to date." }),
    d.classification ? h("div", {}, h("h4", { text: "Change class against what is deployed" }), changesView({ summary: "", counts: {}, ...d.classification }, "Blueprint changes")) : null,
    preview.costEstimate ? h("div", {}, h("h4", { text: "Cost estimate (per month)" }), costView(preview.costEstimate)) : null,
  );
}
