// LLM usage and cost: the totals of the signed-in user and the latest calls.

import * as api from "../api.js";
import { badge, emptyState, h, mount, table, when } from "../dom.js";

export function usageView(main) {
  const totals = h("div", { class: "usage-totals" });
  const recent = h("div", { class: "usage-recent" });
  mount(main, h("h1", { tabindex: "-1", text: "LLM usage and cost" }), totals, h("h2", { text: "Latest calls" }), recent);
  main.querySelector("h1").focus();
  Promise.all([api.get("/usage/me"), api.get("/usage/recent?limit=25")])
    .then(([me, calls]) => {
      const u = me.usage;
      mount(
        totals,
        h(
          "dl",
          { class: "stats" },
          [["Calls", u.totalCalls], ["Input tokens", u.inputTokens], ["Output tokens", u.outputTokens], ["Cost", u.totalCostFormatted]].map(([k, v]) => h("div", {}, h("dt", { text: k }), h("dd", { text: String(v) }))),
        ),
      );
      mount(
        recent,
        calls.data.length
          ? table(
              ["When", "Purpose", "Provider / model", "Tokens in / out", "Cost", "Latency", "Outcome", "Project"],
              calls.data.map((c) => [when(c.createdAt), c.purpose, `${c.provider} / ${c.model}`, `${c.inputTokens} / ${c.outputTokens}`, `$${(c.costCents / 100).toFixed(2)}`, `${c.latencyMs} ms`, badge(c.outcome, "neutral"), c.projectId ? h("a", { href: `#/projects/${encodeURIComponent(c.projectId)}`, text: "open" }) : "—"]),
            )
          : emptyState("No assistant calls yet", "Chat with the assistant in a project's Spec & chat tab; each call and its cost shows here."),
      );
    })
    .catch((err) => mount(totals, h("p", { class: "error", role: "alert", text: api.describe(err) })));
}
