// Sign in and sign up: errors are shown in the form, next to the field they are about.

import * as api from "../api.js";
import { errorBox, field, fieldError, h, mount } from "../dom.js";

export function authView(main, mode, done) {
  const signup = mode === "signup";
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: signup ? "new-password" : "current-password",
    required: true,
    minlength: signup ? 10 : null,
  });
  const error = errorBox();
  const submit = h("button", { type: "submit", class: "primary", text: signup ? "Create account" : "Sign in" });
  let countdown = null;

  const blockFor = (seconds) => {
    clearInterval(countdown);
    let left = seconds;
    submit.disabled = true;
    const tick = () => {
      if (left <= 0) {
        clearInterval(countdown);
        submit.disabled = false;
        error.show("You can try again now.");
        return;
      }
      error.show(`Too many attempts. Try again in ${left} s.`);
      left -= 1;
    };
    tick();
    countdown = setInterval(tick, 1000);
  };

  const form = h(
    "form",
    {
      class: "card narrow",
      novalidate: true,
      "aria-labelledby": "auth-title",
      onsubmit: async (event) => {
        event.preventDefault();
        error.show("");
        for (const input of [email, password]) fieldError(input, "");
        submit.disabled = true;
        try {
          if (signup) await api.signUp(email.value.trim(), password.value);
          else await api.signIn(email.value.trim(), password.value);
          done();
        } catch (err) {
          submit.disabled = false;
          if (err instanceof api.ApiError && err.status === 429) {
            blockFor(err.retryAfter || 60);
            return;
          }
          const problems = api.fieldErrors(err, { email: "Email", password: "Password" });
          if (err.code === "EMAIL_TAKEN") problems.set("email", "An account with this email already exists: sign in instead, or use another email.");
          if (!problems.size) {
            error.show(api.describe(err));
            (err.status === 401 ? password : email).focus();
            return;
          }
          const controls = { email, password };
          for (const [name, message] of problems) fieldError(controls[name], message);
          controls[problems.keys().next().value].focus();
        }
      },
    },
    h("h1", { id: "auth-title", tabindex: "-1", text: signup ? "Create your Slipway account" : "Sign in to Slipway" }),
    field("Email", email),
    field("Password", password, signup ? "At least 10 characters, not your email." : null),
    error,
    h("div", { class: "actions" }, submit),
    h(
      "p",
      {},
      signup ? "Already have an account? " : "New to Slipway? ",
      h("a", { href: signup ? "#/signin" : "#/signup", text: signup ? "Sign in" : "Create an account" }),
    ),
  );
  mount(main, form);
  email.focus();
  return () => clearInterval(countdown);
}
