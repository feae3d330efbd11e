// Admin forms keep what staff type through the idle sign-out (security/sessions.py).
// - Typing or clicking asks /admin/session/ now and then: that request is activity,
//   so a person at work stays signed in. A screen left alone asks nothing and is
//   signed out as before (at most INTERVAL after the last keystroke).
// - Save asks first. Signed out: nothing is sent, everything typed stays, and a note
//   says how to sign in again in another tab; Save then works, with the new CSRF
//   token the answer carries (signing in gives a new one).
// - Leaving a form with unsaved changes asks first; saving it does not.
(() => {
  "use strict";
  const script = document.currentScript;
  const forms = document.querySelectorAll("#content-main form[method=post]");
  if (!forms.length) return;
  const { sessionUrl, signInUrl } = script.dataset;
  const idleMs = Number(script.dataset.idleMinutes) * 60000 || 30 * 60000;
  const INTERVAL = Math.min(120000, idleMs / 4);

  let lastAsked = Date.now(); // the page itself was a request
  let lastAnswered = Date.now();
  let activeSinceAsked = false;
  let timer = null;
  let saving = false;
  let returning = false;
  let submitting = false;
  let leaving = false;
  // A form shown again with errors holds what was typed and not saved.
  let changed = Boolean(document.querySelector("#content-main .errornote, #content-main .errorlist li"));

  // In the look of the admin's messages.
  const note = document.createElement("div");
  note.tabIndex = -1;
  note.hidden = true;
  const list = note.appendChild(document.createElement("ul"));
  list.className = "messagelist";
  const message = list.appendChild(document.createElement("li"));
  let pressed = null; // the button pressed last
  let signedOut = false; // what the note says

  // AbortSignal.timeout is missing from older browsers (Safari before 16).
  function timeout(ms) {
    if (typeof AbortSignal.timeout === "function") return AbortSignal.timeout(ms);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), ms);
    return controller.signal;
  }

  async function ask() {
    lastAsked = Date.now();
    activeSinceAsked = false;
    let response;
    try {
      response = await fetch(sessionUrl, {
        cache: "no-store",
        credentials: "same-origin",
        redirect: "manual",
        signal: timeout(15000),
      });
    } catch {
      return "unreachable";
    }
    if (response.status === 204) {
      lastAnswered = Date.now();
      const token = response.headers.get("X-CSRFToken");
      if (token) {
        for (const input of document.querySelectorAll("input[name=csrfmiddlewaretoken]")) {
          input.value = token;
        }
      }
      return "signed-in";
    }
    if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
      return "signed-out";
    }
    // Any other answer (a server error): the check says nothing, so Save goes
    // ahead and the server decides, as it did before this script.
    return "unknown";
  }

  function buttonName(submitter) {
    const label = submitter && (submitter.value || submitter.textContent.trim());
    return label ? `“${label}”` : "Save";
  }

  function show(state, submitter) {
    if (submitter) pressed = submitter;
    const row = submitter && (submitter.closest(".submit-row, .form-row") || submitter);
    const form = (submitter && submitter.form) || forms[0];
    const place = row || [...form.querySelectorAll(".submit-row")].pop();
    if (place) place.before(note);
    else form.append(note);
    message.replaceChildren();
    message.className = "error";
    signedOut = state === "signed-out";
    note.setAttribute("role", "alert");
    const again = `, then come back to this tab and press ${buttonName(submitter)} again.`;
    if (state === "signed-out") {
      const minutes = idleMs / 60000;
      message.append(
        Date.now() - lastAnswered >= idleMs - 10000
          ? `You were signed out after ${minutes} minutes without activity. `
          : "You have been signed out. ",
        "What you typed is still here: ",
      );
      const link = document.createElement("a");
      link.href = signInUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "sign in again in a new tab";
      message.append(link, again);
    } else {
      message.append(
        "The site did not answer, so nothing was saved. What you typed is still here: " +
          `check your connection and press ${buttonName(submitter)} again.`,
      );
    }
    note.hidden = false;
    if (submitter) {
      note.scrollIntoView({ block: "center" });
      note.focus({ preventScroll: true });
    }
  }

  function signedInAgain() {
    message.replaceChildren(`You are signed in again. Press ${buttonName(pressed)} to save what you typed.`);
    message.className = "success";
    note.setAttribute("role", "status");
    signedOut = false;
  }

  async function keepAlive() {
    timer = null;
    if (!activeSinceAsked) return;
    const state = await ask();
    if (saving) return; // Save's own question answers
    if (state === "signed-out" && note.hidden) show(state, null);
    else if (state === "signed-in" && signedOut) signedInAgain();
  }

  function activity(event) {
    if (!event.isTrusted) return; // a person, not a script
    activeSinceAsked = true;
    if (timer === null) timer = setTimeout(keepAlive, Math.max(0, lastAsked + INTERVAL - Date.now()));
  }

  for (const type of ["keydown", "pointerdown", "input"]) {
    document.addEventListener(type, activity, true);
  }

  // Back from signing in in another tab.
  async function returned() {
    if (!signedOut || returning || document.visibilityState !== "visible") return;
    returning = true;
    if ((await ask()) === "signed-in") signedInAgain();
    returning = false;
  }
  window.addEventListener("focus", returned);
  document.addEventListener("visibilitychange", returned);

  for (const form of forms) {
    // The rich-text editor writes into its hidden textarea and fires "input" there.
    form.addEventListener("input", () => (changed = true));
    form.addEventListener("change", () => (changed = true));
    form.addEventListener("submit", async (event) => {
      if (submitting) {
        leaving = true;
        return;
      }
      event.preventDefault();
      if (saving) return; // pressed twice
      saving = true;
      const submitter = event.submitter;
      const state = await ask();
      saving = false;
      if (state === "signed-out" || state === "unreachable") {
        show(state, submitter);
        return;
      }
      note.hidden = true;
      signedOut = false;
      submitting = true;
      form.requestSubmit(submitter);
      submitting = false;
    });
  }

  window.addEventListener("beforeunload", (event) => {
    if (changed && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Back to this page from the browser's history after saving it.
  window.addEventListener("pageshow", () => (leaving = false));
})();
