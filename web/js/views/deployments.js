// The deployments tab: preview, deploy (with an acknowledgement when the change is unsafe), the
// live deployment, the history, a rollback to a chosen earlier deployment after showing what it
// changes, and destroy after the project name is typed.

import * as api from "../api.js";
import { announce, badge, emptyState, errorBox, h, mount, table, when } from "../dom.js";
import { follow, settled } from "../live.js";
import { changesView } from "./blueprint.js";
import { deploymentView, parked, running } from "./deployment.js";

export function deploymentsTab(panel, ctx) {
  const { project, readOnly } = ctx;
  const pid = project.id;
  const error = errorBox();
  const gate = h("div", { class: "gate" });
  const liveBox = h("div", { class: "live" });
  const historyBox = h("div", { class: "history-box" });
  const rollbackBox = h("div", { class: "rollback-box" });
  let follower = null;
  let history = [];
  ctx.onDispose(() => follower?.stop());

  const watch = (id, decided = false) => {
    const view = deploymentView({ onDecision: () => watch(id, true) });
    let moved = !decided; // after a decision, the run reads parked until the workflow acts on it
    const done = (d) => {
      if (!parked(d)) moved = true;
      return moved && settled(d);
    };
    mount(liveBox, view.el);
    follower?.stop();
    follower = follow({
      statusPath: `/deployments/${id}`,
      eventsPath: `/deployments/${id}/events`,
      projectId: pid,
      done,
      onUpdate: (d) => {
        view.update(d);
        if (done(d)) {
          announce(`${d.kind} ${parked(d) ? "is waiting for a decision" : d.status}`);
          loadHistory(id);
        }
      },
      onError: (err) => error.show(api.describe(err)),
    });
  };

  const startRun = async (method, path, body) => {
    error.show("");
    mount(gate);
    mount(rollbackBox);
    try {
      const started = await api.start(method, path, body);
      watch((started.data || started.deployment).id);
      return true;
    } catch (err) {
      if (err.code === "ACKNOWLEDGEMENT_REQUIRED") showGate(err, true);
      else if (err.code === "CHANGE_BLOCKED") showGate(err, false);
      else if (err.code === "OPERATION_IN_PROGRESS" && err.body.runningDeploymentId) {
        error.show(api.describe(err));
        watch(err.body.runningDeploymentId);
      } else error.show(err.code === "NO_BLUEPRINT" ? "Generate a blueprint first (Blueprint tab)." : api.describe(err));
      return false;
    }
  };

  const showGate = (err, canAcknowledge) => {
    const changes = { overall: canAcknowledge ? "unsafe" : "blocked", summary: err.message, counts: {}, changes: err.body.changes || [] };
    const ack = h("input", { type: "checkbox", id: "ack-unsafe" });
    const go = h("button", { type: "button", class: "danger", text: "Deploy the unsafe changes", disabled: true, onclick: () => startRun("POST", `/projects/${pid}/deploy`, { acknowledge: ["unsafe"] }) });
    ack.addEventListener("change", () => { go.disabled = !ack.checked; });
    mount(
      gate,
      h(
        "section",
        { class: "card gate-panel", role: "group", "aria-labelledby": "gate-title" },
        h("h3", { id: "gate-title", tabindex: "-1", text: canAcknowledge ? "These changes are unsafe: acknowledge them to deploy" : "These changes are blocked" }),
        changesView(changes, "Changes against the deployed revision"),
        canAcknowledge
          ? h("div", {}, h("div", { class: "check" }, ack, h("label", { for: "ack-unsafe", text: "I understand these changes may fail on existing data or change who can call what" })), h("div", { class: "actions" }, go, h("button", { type: "button", text: "Not now", onclick: () => mount(gate) })))
          : h("p", { text: "Deploying them would destroy data or break clients. Change the spec instead." }),
      ),
    );
    gate.querySelector("h3").focus();
  };

  const loadHistory = async (following) => {
    try {
      const body = await api.get(`/projects/${pid}/deployments?limit=20`);
      history = body.data;
      renderHistory();
      const newest = history[0];
      if (newest && newest.id !== following && running(newest)) watch(newest.id);
      return history;
    } catch (err) {
      error.show(api.describe(err));
      return [];
    }
  };

  const deployed = () => history.find((d) => ["deploy", "rollback"].includes(d.kind) && d.status === "completed");

  const offerRollback = async (target) => {
    const current = deployed();
    const confirm = h("button", { type: "button", class: "primary", text: `Roll back to revision ${target.revision}`, onclick: () => startRun("POST", `/projects/${pid}/rollback`, { deploymentId: target.id }) });
    let what;
    try {
      what = current
        ? changesView(await api.get(`/projects/${pid}/revisions/compare?from=${current.revision}&to=${target.revision}`), `What the rollback changes: revision ${current.revision} → revision ${target.revision}`)
        : h("p", { text: `Nothing is deployed now: the rollback deploys revision ${target.revision} again.` });
    } catch (err) {
      what = h("p", { class: "error", text: api.describe(err) });
    }
    mount(
      rollbackBox,
      h("section", { class: "card rollback-panel", "aria-labelledby": "rollback-title" },
        h("h3", { id: "rollback-title", tabindex: "-1", text: `Roll back to the deployment of ${when(target.createdAt)}` }),
        what,
        h("div", { class: "actions" }, confirm, h("button", { type: "button", text: "Cancel", onclick: () => mount(rollbackBox) }))),
    );
    rollbackBox.querySelector("h3").focus();
  };

  const renderHistory = () => {
    if (!history.length) {
      mount(historyBox, h("h3", { text: "History" }), emptyState("No deployments yet", readOnly ? "This archived project was never deployed." : "Preview the changes, then deploy: each stack's progress shows here live."));
      return;
    }
    const current = deployed();
    mount(
      historyBox,
      h("h3", { text: "History" }),
      table(
        ["Started", "Kind", "Status", "Revision", "Step", ""],
        history.map((d) => [
          when(d.createdAt),
          d.kind,
          badge(parked(d) || (d.status === "failed" && !d.completedAt) ? "waiting for a decision" : d.status, d.status === "failed" && !d.completedAt ? "parked" : d.status),
          d.revision === null ? "—" : String(d.revision),
          d.currentStep || "",
          h("div", { class: "row-actions" },
            h("button", { type: "button", class: "link", text: "Show", "aria-label": `Show the ${d.kind} of ${when(d.createdAt)}`, onclick: () => watch(d.id) }),
            !readOnly && ["deploy", "rollback"].includes(d.kind) && d.status === "completed" && d !== current
              ? h("button", { type: "button", class: "link", text: "Roll back to this", "aria-label": `Roll back to the ${d.kind} of revision ${d.revision}`, onclick: () => offerRollback(d) })
              : null),
        ]),
        "Deployments, newest first",
      ),
    );
  };

  const destroyName = h("input", { id: "destroy-name", autocomplete: "off" });
  const destroy = h("button", { type: "submit", class: "danger", text: "Destroy every stack", disabled: true });
  destroyName.addEventListener("input", () => { destroy.disabled = destroyName.value !== project.name; });
  const danger = h(
    "details",
    { class: "danger-zone" },
    h("summary", { text: "Destroy the deployed stacks" }),
    h(
      "form",
      { onsubmit: (event) => { event.preventDefault(); if (destroyName.value === project.name) startRun("DELETE", `/projects/${pid}/stack`); } },
      h("p", { text: "Every stack of this project is deleted, with its data. This cannot be undone." }),
      h("label", { for: "destroy-name" }, "Type the project name (", h("strong", { text: project.name }), ") to confirm"),
      destroyName,
      h("div", { class: "actions" }, destroy),
    ),
  );

  mount(
    panel,
    h("div", { class: "section-head" }, h("h2", { text: "Deployments" }),
      readOnly ? null : h("div", { class: "actions" },
        h("button", { type: "button", text: "Preview changes", onclick: () => startRun("POST", `/projects/${pid}/validate`, {}) }),
        h("button", { type: "button", class: "primary", text: "Deploy", onclick: () => startRun("POST", `/projects/${pid}/deploy`, {}) }))),
    readOnly ? null : h("p", { class: "hint", text: "Preview creates change sets without executing them; deploy runs the stacks in dependency order." }),
    error,
    gate,
    rollbackBox,
    liveBox,
    historyBox,
    danger,
  );
  loadHistory(null).then((list) => {
    const newest = list[0];
    if (newest && (running(newest) || (newest.status === "failed" && !newest.completedAt))) watch(newest.id);
  });
}
