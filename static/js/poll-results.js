/*
 * A quick poll's results as bars with numbers, the same markup as
 * templates/live/_results.html: used by the meeting page (live.js) and the big screen
 * (projector.js). Labels are put in with textContent only. Plain ES2017, no modules:
 * loaded with its own <script> before the page's script, it sets window.PollResults.
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* Show `poll` (a poll payload) in `container`: refresh its results list, or add one. */
  function fill(container, poll, answersLabel) {
    var results = container.querySelector("[data-results]");
    if (!results) {
      results = el("ul", "results");
      results.setAttribute("data-results", poll.id);
      container.appendChild(results);
      container.appendChild(el("p", "result-total muted"));
    }
    while (results.firstChild) { results.removeChild(results.firstChild); }
    poll.options.forEach(function (option) {
      var li = el("li");
      li.appendChild(el("span", "result-label", option.label));
      var bar = el("progress", "result-bar");
      bar.max = poll.total || 1;
      bar.value = option.count;
      bar.setAttribute("aria-hidden", "true");
      li.appendChild(bar);
      li.appendChild(el("span", "result-count", option.count));
      results.appendChild(li);
    });
    container.querySelector(".result-total").textContent =
      poll.total + " " + (answersLabel || "");
  }

  window.PollResults = {fill: fill};
})();
