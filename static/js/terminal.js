/* Library terminal mode: warn before an idle visit ends, and keep an active one alive.
 *
 * The server ends a visit left alone for data-terminal-idle seconds whatever this script
 * does; the script only makes it kinder: a countdown warning with a button to continue,
 * and a quiet "still here" to the server while someone types or scrolls without sending
 * anything. Without JavaScript a <noscript> refresh ends the visit instead.
 */
(function () {
  "use strict";

  // A page restored from the back/forward cache could show the previous person's data:
  // always ask the server again (it answers no-store, and the visit may be over).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });

  var body = document.body;
  var idle = parseInt(body.getAttribute("data-terminal-idle"), 10);
  if (!idle) {
    return; // the terminal's own start and end screens do not count down
  }
  var warnFor = parseInt(body.getAttribute("data-terminal-warning"), 10) || 30;
  var aliveUrl = body.getAttribute("data-terminal-alive");
  var endedUrl = body.getAttribute("data-terminal-ended");
  var warning = document.getElementById("terminal-warning");
  var countdown = warning ? warning.querySelector("[data-terminal-countdown]") : null;
  var continueButton = document.getElementById("terminal-continue");

  // When the server last saw this visit: the page itself was a request.
  var lastServer = Date.now();
  var lastLocal = lastServer;
  var pinging = false;
  var pingEvery = Math.max(5, Math.floor(idle / 4)) * 1000;

  function endVisit() {
    window.location.assign(endedUrl);
  }

  function hideWarning() {
    if (warning && !warning.hidden) {
      warning.hidden = true;
    }
  }

  function ping() {
    if (pinging) {
      return;
    }
    pinging = true;
    var sent = Date.now();
    fetch(aliveUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data && data.ended) {
          endVisit();
          return;
        }
        lastServer = sent;
        hideWarning();
      })
      .catch(function () { /* offline: the countdown goes on, the server decides */ })
      .then(function () { pinging = false; });
  }

  function activity() {
    lastLocal = Date.now();
    if ((warning && !warning.hidden) || lastLocal - lastServer > pingEvery) {
      ping();
    }
  }

  function tick() {
    var now = Date.now();
    var left = Math.ceil((lastServer + idle * 1000 - now) / 1000);
    if (left <= 0) {
      endVisit();
      return;
    }
    if (left <= warnFor) {
      if (countdown) {
        countdown.textContent = String(left);
      }
      if (warning && warning.hidden) {
        warning.hidden = false;
      }
    } else {
      hideWarning();
    }
  }

  ["keydown", "pointerdown", "input", "wheel", "touchstart"].forEach(function (type) {
    document.addEventListener(type, activity, {passive: true, capture: true});
  });
  window.addEventListener("scroll", activity, {passive: true});
  // Requests sent by other scripts (votes.js) reach the server, so they count as activity.
  document.addEventListener("samskapande:server-activity", function () {
    lastServer = Date.now();
    hideWarning();
  });
  if (continueButton) {
    continueButton.addEventListener("click", ping);
  }
  window.setInterval(tick, 1000);
})();
