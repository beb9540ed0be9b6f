// The dashboard's entry: the session, the top bar and the client-side routes (in the URL's
// fragment: #/projects, #/projects/<id>/<tab>, #/usage, #/signin, #/signup).

import * as api from "./api.js";
import { h, mount } from "./dom.js";
import { authView } from "./views/auth.js";
import { projectView } from "./views/project.js";
import { projectsView } from "./views/projects.js";
import { usageView } from "./views/usage.js";

const main = document.getElementById("main");
let dispose = null;
let afterSignIn = "#/projects";

const ROUTES = [
  [/^#\/signin$/, () => authView(main, "signin", signedIn), true],
  [/^#\/signup$/, () => authView(main, "signup", signedIn), true],
  [/^#\/projects$/, () => projectsView(main), false],
  [/^#\/projects\/([^/]+)(?:\/([a-z]+))?$/, (m) => projectView(main, decodeURIComponent(m[1]), m[2] || "spec"), false],
  [/^#\/usage$/, () => usageView(main), false],
];

function signedIn() {
  const next = afterSignIn;
  afterSignIn = "#/projects";
  window.location.hash = next;
}

function renderNav() {
  const nav = document.getElementById("nav");
  const account = document.getElementById("account");
  if (!api.signedIn()) {
    mount(nav);
    mount(account, h("a", { href: "#/signin", text: "Sign in" }), h("a", { href: "#/signup", text: "Sign up" }));
    return;
  }
  const here = window.location.hash;
  const link = (href, text) =>
    h("a", { href, text, "aria-current": here.startsWith(href) ? "page" : null });
  mount(nav, link("#/projects", "Projects"), link("#/usage", "Usage"), h("a", { href: "/docs", text: "API docs" }));
  mount(
    account,
    h("button", {
      type: "button",
      class: "link",
      text: "Sign out",
      onclick: async () => {
        await api.signOut().catch(() => {});
        window.location.hash = "#/signin";
      },
    }),
  );
}

function route() {
  if (dispose) dispose();
  dispose = null;
  const hash = window.location.hash || "#/projects";
  for (const [pattern, view, isPublic] of ROUTES) {
    const match = pattern.exec(hash);
    if (!match) continue;
    if (!isPublic && !api.signedIn()) {
      afterSignIn = hash;
      window.location.hash = "#/signin";
      return;
    }
    if (isPublic && api.signedIn()) {
      window.location.hash = "#/projects";
      return;
    }
    renderNav();
    dispose = view(match) || null;
    return;
  }
  window.location.hash = api.signedIn() ? "#/projects" : "#/signin";
}

document.getElementById("skip").addEventListener("click", () => {
  const heading = main.querySelector("h1");
  (heading || main).focus();
});
api.onSession((isIn) => {
  renderNav();
  if (!isIn && !/^#\/sign(in|up)$/.test(window.location.hash)) {
    afterSignIn = window.location.hash || "#/projects";
    window.location.hash = "#/signin";
  }
});
window.addEventListener("hashchange", route);
window.addEventListener("slipway:waiting", (event) => {
  const banner = document.getElementById("waiting");
  banner.textContent = `The API asks to slow down: retrying in ${event.detail.seconds} s…`;
  banner.hidden = false;
  clearTimeout(banner.timer);
  banner.timer = setTimeout(() => { banner.hidden = true; }, event.detail.seconds * 1000 + 500);
});
api.restore().finally(() => {
  document.body.dataset.ready = "true";
  route();
});
