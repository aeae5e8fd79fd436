/* Votes without reloading the page, and support counts that update live.
 *
 * Progressive enhancement only: every vote form works without this script. With it,
 * a vote is sent with fetch() and the page updates in place; anything unexpected falls
 * back to sending the form as usual. Live counts come over Socket.IO (served by the app
 * at /static/vendor/socket.io.min.js); when sockets fail, the page simply stays as it is.
 *
 * Markup contract (templates of the needs and voting pages):
 *   form[data-vote-form]          a vote control (POST, with csrf_token and next); a
 *                                 support button sends support=1/0, the state it asks for
 *   [data-support-for="ID"]       the support count of need ID
 *   [data-my-dots-for="ID"]       this participant's dots on need ID
 *   [data-dots-left]              the dots this participant has left
 *   [data-vote-status]            a role=status live region for the server's message
 *   [data-live-round="ROUND_ID"]  counts on this page follow the round live
 * JSON contract of the vote endpoints (200, or 409 with a message saying why):
 *   {"need_id", "my_dots", "support" (null when hidden), "dots_left" (null), "message"}
 */
(function () {
  "use strict";

  function setAll(selector, value) {
    document.querySelectorAll(selector).forEach((element) => {
      if (element.textContent !== String(value)) {
        element.textContent = String(value);
        element.classList.add("updated");
        window.setTimeout(() => element.classList.remove("updated"), 1500);
      }
    });
  }

  function announce(message) {
    const status = document.querySelector("[data-vote-status]");
    if (!status || !message) {
      return;
    }
    // Empty first, so that the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  function showResult(form, data) {
    const id = String(data.need_id);
    if (data.support !== null && data.support !== undefined) {
      setAll(`[data-support-for="${CSS.escape(id)}"]`, data.support);
    }
    if (typeof data.my_dots === "number") {
      setAll(`[data-my-dots-for="${CSS.escape(id)}"]`, data.my_dots);
      form.querySelectorAll("[aria-pressed]").forEach((button) => {
        button.setAttribute("aria-pressed", data.my_dots > 0 ? "true" : "false");
        if (button.name === "support") {
          button.value = data.my_dots > 0 ? "0" : "1"; // the next press asks for the other state
        }
      });
    }
    if (data.dots_left !== null && data.dots_left !== undefined) {
      setAll("[data-dots-left]", data.dots_left);
    }
    announce(data.message);
  }

  function sendAsUsual(form, submitter) {
    // submit() sends no button value and fires no submit event: add the button's value.
    if (submitter && submitter.name) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = submitter.name;
      input.value = submitter.value;
      form.appendChild(input);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  async function sendVote(form, submitter) {
    const body = new FormData(form);
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body,
        headers: {"Accept": "application/json"},
        credentials: "same-origin",
      });
    } catch (networkError) {
      sendAsUsual(form, submitter);
      return;
    }
    document.dispatchEvent(new CustomEvent("samskapande:server-activity"));
    const type = response.headers.get("Content-Type") || "";
    if ((response.status === 200 || response.status === 409) && type.includes("json")) {
      showResult(form, await response.json());
      return;
    }
    if (response.redirected) {
      // The server sent us elsewhere (e.g. the visit ended): go there, do not vote again.
      window.location.assign(response.url);
      return;
    }
    // Anything else (an expired form, a server error): the server's own page explains it.
    sendAsUsual(form, submitter);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote-form")) {
      return;
    }
    if (!window.fetch || !window.FormData) {
      return;
    }
    event.preventDefault();
    if (form.dataset.voteBusy === "1") {
      return; // a double click sends one vote
    }
    form.dataset.voteBusy = "1";
    sendVote(form, event.submitter).finally(() => { form.dataset.voteBusy = ""; });
  });

  // -- live counts ------------------------------------------------------------------------

  const live = document.querySelector("[data-live-round]");
  if (!live || typeof window.io !== "function") {
    return;
  }
  let socket;
  try {
    // The server puts this browser into its rounds' rooms when it connects (again).
    socket = window.io({reconnectionDelayMax: 30000});
  } catch (error) {
    return;
  }
  socket.on("event", (event) => {
    if (event && event.type === "need" && event.op === "support"
        && event.support !== null && event.support !== undefined) {
      setAll(`[data-support-for="${CSS.escape(String(event.need_id))}"]`, event.support);
    }
  });
  // Refused (not a participant or staff) or offline: stay quiet, the page still works.
  socket.on("connect_error", () => {});
})();
