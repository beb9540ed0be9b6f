// The validation tab: run the Well-Architected checks (safe fixes applied; medium and high risk
// fixes only when accepted), then the score, the five pillars as bars, the findings by pillar
// with their severity, the fixes by risk and the cost estimate at both tiers.

import * as api from "../api.js";
import { badge, emptyState, errorBox, h, mount, table } from "../dom.js";
import { follow } from "../live.js";
import { progressView } from "./blueprint.js";

const PILLARS = ["security", "reliability", "performance", "cost", "operations"];
const SEVERITY = { critical: 0, high: 1, medium: 2, low: 3 };

export function validationTab(panel, ctx) {
  const { project, readOnly } = ctx;
  const error = errorBox();
  const live = h("div", { class: "live" });
  const report = h("div", { class: "report" });
  const autoFix = h("input", { type: "checkbox", id: "auto-fix", checked: true });
  const medium = h("input", { type: "checkbox", id: "risk-medium" });
  const high = h("input", { type: "checkbox", id: "risk-high" });
  const run = h("button", { type: "submit", class: "primary", text: "Validate" });
  let follower = null;
  let blueprint = null;
  ctx.onDispose(() => follower?.stop());

  const showReport = async (blueprintId) => {
    const body = await api.get(`/blueprints/${blueprintId}/validation-report`);
    renderReport(report, body.data);
    return body.data;
  };

  const form = h(
    "form",
    {
      class: "card validate-form",
      onsubmit: async (event) => {
        event.preventDefault();
        error.show("");
        if (!blueprint) return error.show("Generate a blueprint first (Blueprint tab).");
        const acceptRisk = [medium.checked && "medium", high.checked && "high"].filter(Boolean);
        run.disabled = true;
        try {
          const started = await api.start("POST", `/blueprints/${blueprint.id}/validate`, { autoFix: autoFix.checked, acceptRisk });
          const progress = progressView("Validation progress");
          mount(live, progress.el);
          follower?.stop();
          follower = follow({
            statusPath: started.statusUrl,
            onUpdate: (status) => {
              progress.update(status);
              if (status.status === "completed") showReport(blueprint.id).catch((err) => error.show(api.describe(err)));
              if (status.status !== "processing") run.disabled = false;
            },
            onError: (err) => {
              run.disabled = false;
              error.show(api.describe(err));
            },
          });
        } catch (err) {
          run.disabled = false;
          error.show(api.describe(err));
        }
      },
    },
    h("fieldset", {}, h("legend", { text: "Fixes" }),
      h("div", { class: "check" }, autoFix, h("label", { for: "auto-fix", text: "Apply safe fixes automatically" })),
      h("div", { class: "check" }, medium, h("label", { for: "risk-medium", text: "Also accept medium-risk fixes" })),
      h("div", { class: "check" }, high, h("label", { for: "risk-high", text: "Also accept high-risk fixes (they can change who may call what)" })),
    ),
    h("div", { class: "actions" }, run),
  );

  mount(panel, h("h2", { text: "Well-Architected validation" }), readOnly ? null : form, error, live, report);

  api
    .get(`/projects/${project.id}/blueprints?limit=10`)
    .then(async (body) => {
      const done = body.data.filter((b) => b.status === "completed");
      blueprint = done[0] || null;
      if (!blueprint) {
        run.disabled = true;
        mount(report, emptyState("Nothing to validate yet", "Generate a blueprint first (Blueprint tab); then validate it here."));
        return;
      }
      // the newest report: of the newest blueprint, or of the one a validation fixed into it
      for (const candidate of done.slice(0, 3)) {
        try {
          const shown = await showReport(candidate.id);
          if (candidate !== blueprint && shown.fixedBlueprintId !== blueprint.id) {
            report.prepend(h("p", { class: "notice", text: `This report is of revision ${candidate.revision}; validate to check revision ${blueprint.revision}.` }));
          }
          return;
        } catch (err) {
          if (err.code !== "NO_VALIDATION") throw err;
        }
      }
      mount(report, emptyState("Not validated yet", "Press “Validate” to score the blueprint on the five pillars and fix what can be fixed safely."));
    })
    .catch((err) => error.show(api.describe(err)));
}

function renderReport(container, r) {
  const findings = r.findings || [];
  const open = findings.filter((f) => f.status === "failed");
  mount(
    container,
    h("h3", { text: "Score" }),
    h(
      "div",
      { class: "score" },
      h("span", { class: "score-number", text: String(r.score.overall) }),
      h("span", { class: "muted", text: ` / 100 (before fixes ${r.score.before}, ${r.fixesApplied} fix(es) applied)` }),
    ),
    h("p", { text: r.summary }),
    h(
      "ul",
      { class: "pillars", "aria-label": "Pillar scores" },
      PILLARS.map((p) => {
        const s = r.pillars[p] || { score: 0 };
        const id = `pillar-${p}`;
        return h(
          "li",
          { class: "pillar", "data-pillar": p },
          h("label", { for: id, text: p }),
          h("meter", { id, min: 0, max: 100, low: 60, high: 85, optimum: 100, value: s.score }),
          h("span", { class: "pillar-score", text: `${s.score}` }),
          h("span", { class: "muted", text: ` ${s.failed ?? 0} open, ${s.fixed ?? 0} fixed` }),
        );
      }),
    ),
    h("h3", { text: "Fixes by risk" }),
    fixesByRisk(findings),
    h("h3", { text: `Findings by pillar (${open.length} open)` }),
    PILLARS.map((p) => pillarFindings(p, findings.filter((f) => f.pillar === p && f.status !== "passed"))),
    h("h3", { text: "Cost estimate (per month)" }),
    costView(r.costEstimate),
  );
}

function fixesByRisk(findings) {
  const withFix = findings.filter((f) => f.fix);
  const applied = withFix.filter((f) => f.fix.applied || f.status === "fixed");
  const pending = (risk) => withFix.filter((f) => f.status === "failed" && f.fix.risk === risk && !f.fix.applied);
  const group = (title, list, note) =>
    h("section", { class: "fix-group" }, h("h4", { text: `${title} (${list.length})` }), note ? h("p", { class: "hint", text: note }) : null,
      list.length ? h("ul", {}, list.map((f) => h("li", {}, badge(f.fix.risk), " ", h("strong", { text: f.ruleId }), ` ${f.fix.description}`, f.path ? h("span", { class: "muted", text: ` (${f.path})` }) : null))) : h("p", { class: "muted", text: "None." }));
  return h(
    "div",
    { class: "fixes" },
    group("Applied", applied),
    group("Safe, not applied", pending("safe"), "Validate with automatic fixes on to apply them."),
    group("Medium risk: applied only if you accept", pending("medium"), "Tick “Also accept medium-risk fixes” and validate again."),
    group("High risk: applied only if you accept", pending("high"), "Tick “Also accept high-risk fixes” and validate again."),
  );
}

function pillarFindings(pillar, list) {
  const sorted = [...list].sort((a, b) => (SEVERITY[a.severity] ?? 9) - (SEVERITY[b.severity] ?? 9));
  return h(
    "section",
    { class: "findings", "data-pillar": pillar },
    h("h4", { text: `${pillar} (${list.length})` }),
    sorted.length
      ? table(
          ["Severity", "Rule", "Finding", "Status", "Fix"],
          sorted.map((f) => [badge(f.severity), f.ruleId, `${f.title}: ${f.message}`, badge(f.status), f.fix ? `${f.fix.description} (${f.fix.risk} risk)` : "—"]),
        )
      : h("p", { class: "muted", text: "All checks pass." }),
  );
}

export function costView(cost) {
  if (!cost) return h("p", { class: "muted", text: "No estimate." });
  const tier = (name, t) =>
    h("section", { class: "cost-tier" }, h("h4", { text: `${name}: $${t.totalMonthlyUsd.toFixed(2)} a month` }),
      table(["Service", "USD / month", "Assumption"], t.items.map((i) => [i.service, i.monthlyUsd.toFixed(2), i.assumption])));
  return h("div", { class: "cost" }, tier("Starter", cost.starter), tier("Production", cost.production), h("p", { class: "hint", text: `${cost.currency}, ${cost.region}.` }));
}
