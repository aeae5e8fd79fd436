/* The theme workspace: a progress bar that follows the suggestions, and drag and drop.
 *
 * Progressive enhancement only. Without this script the progress page reloads itself
 * (a <noscript> meta refresh) and needs are moved with their "Move to the theme" list and
 * button, which keyboard users keep using with the script too.
 *
 * Markup contract (templates/themes/workspace.html):
 *   [data-progress-url]         JSON {status, progress, message} of the latest run
 *   progress, [data-progress-text][data-progress-template="… {percent} …"]
 *   [data-theme-id]             a theme card, a place to drop a need
 *   [data-need-id]              a need card holding form[data-move-form] (select + button)
 *   [data-need-list]            where a theme card keeps its need cards
 *   [data-need-count], [data-theme-status]   a theme card's count and status label
 *   [data-move-status]          a role=status region for what happened
 * The move endpoint answers `Accept: application/json` with
 *   {need_id, message, themes: [{id, needs, status, status_label}]} (or 409 {message}).
 */
(function () {
  "use strict";

  function announce(message) {
    const status = document.querySelector("[data-move-status]");
    if (!status || !message) {
      return;
    }
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  // -- the progress of a suggestion run ------------------------------------------------------

  function followProgress(box) {
    const bar = box.querySelector("progress");
    const text = box.querySelector("[data-progress-text]");
    const template = text ? text.getAttribute("data-progress-template") : null;

    function poll() {
      fetch(box.getAttribute("data-progress-url"), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((data) => {
          if (data.status !== "running") {
            window.location.reload();
            return;
          }
          if (bar) {
            bar.value = data.progress;
          }
          if (text && template) {
            text.textContent = template.replace("{percent}", String(data.progress));
          }
          window.setTimeout(poll, 1000);
        })
        .catch(() => window.setTimeout(() => window.location.reload(), 4000));
    }
    window.setTimeout(poll, 1000);
  }

  // -- dragging a need onto another theme ----------------------------------------------------

  function themeCardOf(element) {
    return element ? element.closest("[data-theme-id]") : null;
  }

  function showResult(card, target, data) {
    const list = target.querySelector("[data-need-list]");
    if (list) {
      list.appendChild(card);
    }
    (data.themes || []).forEach((theme) => {
      const themeCard = document.querySelector(`[data-theme-id="${CSS.escape(String(theme.id))}"]`);
      if (!themeCard) {
        return;
      }
      const count = themeCard.querySelector("[data-need-count]");
      if (count) {
        count.textContent = String(theme.needs);
      }
      const label = themeCard.querySelector("[data-theme-status]");
      if (label) {
        label.textContent = theme.status_label;
        label.className = `status status-${theme.status}`;
      }
    });
    card.classList.add("moved");
    window.setTimeout(() => card.classList.remove("moved"), 1500);
    announce(data.message);
  }

  function moveByDrop(card, target) {
    const form = card.querySelector("form[data-move-form]");
    const select = form ? form.querySelector("select") : null;
    const themeId = target.getAttribute("data-theme-id");
    if (!select || select.value === themeId) {
      return;
    }
    const before = select.value;
    select.value = themeId;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        const json = (response.headers.get("Content-Type") || "").includes("application/json");
        if (!json) {
          return Promise.reject(new Error("not json"));
        }
        return response.json().then((data) => ({ ok: response.ok, data }));
      })
      .then(({ ok, data }) => {
        if (ok) {
          showResult(card, target, data);
        } else {
          select.value = before;
          announce(data.message);
        }
      })
      .catch(() => form.submit()); // e.g. an expired form: the server's page explains
  }

  function enableDragging() {
    const cards = document.querySelectorAll("[data-need-id]");
    cards.forEach((card) => {
      if (!card.querySelector("form[data-move-form]")) {
        return;
      }
      card.setAttribute("draggable", "true");
      // Text in a field of the card stays selectable with the mouse.
      card.addEventListener("focusin", (event) => {
        if (event.target.matches("input, textarea, select")) {
          card.setAttribute("draggable", "false");
        }
      });
      card.addEventListener("focusout", () => card.setAttribute("draggable", "true"));
      card.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("text/plain", card.getAttribute("data-need-id"));
        event.dataTransfer.effectAllowed = "move";
        card.classList.add("dragging");
      });
      card.addEventListener("dragend", () => card.classList.remove("dragging"));
    });

    document.querySelectorAll("[data-theme-id]").forEach((target) => {
      target.addEventListener("dragover", (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        target.classList.add("drop-over");
      });
      target.addEventListener("dragleave", (event) => {
        if (!target.contains(event.relatedTarget)) {
          target.classList.remove("drop-over");
        }
      });
      target.addEventListener("drop", (event) => {
        event.preventDefault();
        target.classList.remove("drop-over");
        const id = event.dataTransfer.getData("text/plain");
        const card = document.querySelector(`[data-need-id="${CSS.escape(id)}"]`);
        if (card && themeCardOf(card) !== target) {
          moveByDrop(card, target);
        }
      });
    });

    if (cards.length) {
      document.querySelectorAll("[data-drag-help]").forEach((help) => { help.hidden = false; });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-progress-url]").forEach(followProgress);
    enableDragging();
  });
}());
