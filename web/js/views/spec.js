// The spec tab: the editor (apply, undo, discard the draft, version history) and the chat with
// the assistant, where each reply shows its spec diff and its change class.

import * as api from "../api.js";
import { lineDiff, hunks } from "../diff.js";
import { announce, badge, emptyState, errorBox, h, mount, when } from "../dom.js";
import { specEditor } from "../editor.js";

export function specTab(panel, ctx) {
  const { project, readOnly } = ctx;
  const root = `/projects/${project.id}/spec`;
  const state = { spec: null, draft: null, lastMessage: null, typed: false };
  const editor = specEditor({ readOnly });
  const status = h("p", { class: "muted", "aria-live": "polite" });
  const error = errorBox();
  const buttons = h("div", { class: "actions" });
  const history = versionHistory(root);
  const chat = chatPanel(project, readOnly, (reply, message) => {
    state.lastMessage = message;
    if (reply.changed) editor.value = reply.spec;
    load(false);
  });

  const apply = async () => {
    error.show("");
    editor.clearErrors();
    const body = { content: editor.value, lastUserMessage: state.lastMessage || "Edited in the dashboard" };
    if (state.spec) body.baseVersion = state.spec.version;
    try {
      const answer = await api.post(`${root}/apply`, body);
      announce(answer.message);
      status.textContent = `${answer.message}. Next: generate the blueprint.`;
      await load(true);
      history.reload();
    } catch (err) {
      if (err.code === "SPEC_INVALID") {
        editor.showErrors(err.body.errors || []);
        error.show(`The spec does not compile: nothing was saved. ${err.body.errors?.length || 0} error(s) are marked on their lines.`);
        editor.revealFirstError();
      } else error.show(api.describe(err));
    }
  };

  const act = (label, fn, kind) => h("button", { type: "button", class: kind, text: label, onclick: fn });
  const renderButtons = () => {
    if (readOnly) return mount(buttons);
    mount(
      buttons,
      act("Apply as new version", apply, "primary"),
      state.draft && state.draft.undoSteps > 0
        ? act("Undo last change", async () => {
            try {
              await api.post(`${root}/undo`);
              await load(true);
            } catch (err) {
              error.show(api.describe(err));
            }
          })
        : null,
      state.draft
        ? act("Discard draft", async () => {
            if (!window.confirm("Discard the draft and go back to the applied spec?")) return;
            try {
              await api.del(`${root}/draft`);
              await load(true);
            } catch (err) {
              error.show(api.describe(err));
            }
          }, "danger")
        : null,
    );
  };

  const load = async (resetEditor) => {
    try {
      const body = await api.get(root);
      state.spec = body.spec;
      state.draft = body.draft;
      // the first load leaves alone what the user started typing meanwhile
      if (resetEditor === true || (resetEditor === "initial" && !state.typed)) {
        editor.value = body.draft?.content ?? body.spec?.content ?? "";
      }
      const applied = body.spec ? `Version ${body.spec.version} applied ${when(body.spec.createdAt)}.` : "No spec applied yet.";
      const draft = body.draft ? ` A draft is open (${body.draft.undoSteps} change(s) to undo).` : "";
      status.textContent = applied + draft;
      renderButtons();
    } catch (err) {
      error.show(api.describe(err));
    }
  };

  mount(
    panel,
    h(
      "div",
      { class: "split" },
      h(
        "div",
        { class: "pane" },
        h("h2", { text: "Spec" }),
        status,
        readOnly ? null : h("p", { class: "hint", text: "Write the spec by hand or chat on the right; the draft becomes a version when you apply it." }),
        editor.el,
        error,
        buttons,
        history.el,
      ),
      chat.el,
    ),
  );
  editor.textarea.addEventListener("input", () => { state.typed = true; }, { once: true });
  load("initial");
}

function versionHistory(root) {
  const list = h("div", { class: "versions" });
  const shown = h("div", { class: "version-view" });
  let cursor = null;
  const more = h("button", { type: "button", text: "Older versions", hidden: true, onclick: () => load(false) });
  const load = async (reset) => {
    if (reset) {
      cursor = null;
      mount(list);
    }
    const query = new URLSearchParams({ limit: "10" });
    if (cursor) query.set("cursor", cursor);
    try {
      const body = await api.get(`${root}/versions?${query}`);
      if (!body.data.length && reset) list.append(h("p", { class: "muted", text: "No versions yet: apply the spec to save version 1." }));
      for (const v of body.data) {
        list.append(
          h(
            "div",
            { class: "version-row" },
            h("span", { text: `v${v.version}` }),
            h("span", { class: "muted", text: `${when(v.createdAt)} · ${v.lastUserMessage || "no message"}` }),
            h("button", {
              type: "button",
              class: "link",
              text: `Show version ${v.version}`,
              onclick: async () => {
                const full = await api.get(`${root}/versions/${v.version}`);
                mount(shown, h("h4", { text: `Version ${v.version}` }), h("pre", { class: "code-block", tabindex: "0", text: full.content }));
              },
            }),
          ),
        );
      }
      cursor = body.meta.nextCursor;
      more.hidden = !cursor;
    } catch (err) {
      list.append(h("p", { class: "error", text: api.describe(err) }));
    }
  };
  const details = h("details", { class: "history", ontoggle: () => details.open && load(true) }, h("summary", { text: "Version history" }), list, more, shown);
  return { el: details, reload: () => details.open && load(true) };
}

export function diffView(before, after, labels = ["before", "after"]) {
  const lines = hunks(lineDiff(before, after));
  return h(
    "figure",
    { class: "diff" },
    h("figcaption", { text: `Spec diff: ${labels[0]} → ${labels[1]}` }),
    h(
      "pre",
      { class: "diff-lines", tabindex: "0" },
      lines.map(([kind, text]) =>
        h("span", { class: ["dl", kind === "+" ? "dl-add" : kind === "-" ? "dl-del" : kind === "…" ? "dl-gap" : null] }, kind === "…" ? "…" : `${kind} ${text}`, "\n"),
      ),
    ),
  );
}

/** What deploying the draft would change: the classify call compares it with the latest
 * blueprint revision (not with the applied spec version the diff above shows). */
export function changeClass(result) {
  if (!result) return null;
  const against = result.from ? `against revision ${result.from}` : "nothing generated yet: every resource is new";
  return h(
    "div",
    { class: "change-class" },
    h("p", { class: "change-class-title", text: `What deploying this would change (${against})` }),
    h("span", { text: "Change class: " }),
    badge(result.overall),
    h("span", { class: "muted", text: ` ${result.summary}` }),
  );
}

const HISTORY_PAGE = 20;

function chatPanel(project, readOnly, onReply) {
  const log = h("ol", { class: "chat-log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "-1" });
  const message = h("textarea", { id: "chat-message", rows: 3, maxlength: 4000, required: true });
  const error = errorBox();
  const send = h("button", { type: "submit", class: "primary", text: "Send" });
  const bubble = (role, text, ...extra) =>
    h("li", { class: ["msg", `msg-${role}`] }, h("span", { class: "msg-role", text: role === "user" ? "You" : "Assistant" }), h("div", { class: "msg-text", text }), extra);

  // the latest messages first; "Load older messages" pages back with the history's cursor
  let cursor = null;
  const older = h("button", { type: "button", class: "link load-older", text: "Load older messages", hidden: true, onclick: () => loadHistory() });
  const loadHistory = async () => {
    const query = new URLSearchParams({ limit: String(HISTORY_PAGE) });
    if (cursor) query.set("cursor", cursor);
    older.disabled = true;
    try {
      const body = await api.get(`/projects/${project.id}/spec/chat/history?${query}`);
      const first = !cursor;
      if (first && !body.messages.length) log.append(h("li", { class: "muted empty-chat", text: "No messages yet. Describe your backend or ask for a change, e.g. “Tasks need an estimate in hours”." }));
      const fromBottom = log.scrollHeight - log.scrollTop;
      const bubbles = body.messages.map((m) => bubble(m.role, m.content));
      if (first) log.append(...bubbles);
      else log.prepend(...bubbles);
      log.scrollTop = first ? log.scrollHeight : log.scrollHeight - fromBottom; // keep the reader's place
      cursor = body.meta.nextCursor;
      older.hidden = !cursor;
      if (!first) announce(`${body.messages.length} older message(s) loaded.`);
      if (!first && !cursor) log.focus();
    } catch (err) {
      error.show(api.describe(err));
    } finally {
      older.disabled = false;
    }
  };
  loadHistory();

  const form = h(
    "form",
    {
      class: "chat-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const text = message.value.trim();
        if (!text) return;
        error.show("");
        send.disabled = true;
        log.querySelector(".empty-chat")?.remove();
        log.append(bubble("user", text));
        try {
          const reply = await api.post(`/projects/${project.id}/spec/chat`, { message: text });
          let classification = null;
          if (reply.changed) {
            classification = await api.post(`/projects/${project.id}/revisions/classify`, { spec: reply.spec }).catch(() => null);
          }
          log.append(
            bubble(
              "assistant",
              reply.assistantMessage,
              reply.changed ? diffView(reply.previousSpec, reply.spec, ["draft before", "draft after"]) : null,
              reply.changed ? changeClass(classification) : h("p", { class: "muted", text: "The spec is unchanged." }),
            ),
          );
          message.value = "";
          onReply(reply, text);
        } catch (err) {
          error.show(api.describe(err));
        } finally {
          send.disabled = false;
          message.focus();
        }
      },
    },
    h("label", { for: "chat-message", text: "Message to the assistant" }),
    message,
    error,
    h("div", { class: "actions" }, send),
  );
  message.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  return {
    el: h("aside", { class: "pane chat", "aria-label": "Assistant" }, h("h2", { text: "Assistant" }), older, log, readOnly ? null : form, readOnly ? emptyState("Read-only", "Archived projects take no new messages.") : null),
  };
}
