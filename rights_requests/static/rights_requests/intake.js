/* Intake form of a rights request: refresh the three deadlines as the time of receipt changes.
 * The dates come from the server's deadline engine (rights_requests/deadlines.py); nothing is computed here. */
"use strict";
(function () {
  function start() {
    const panel = document.getElementById("rr-deadlines");
    const date = document.getElementById("id_received_at_0");
    const time = document.getElementById("id_received_at_1");
    if (!panel || !date || !time) {
      return;
    }
    const error = panel.querySelector(".rr-deadlines-error");
    // The server rendered the deadlines of "now"; a form shown again after an error may hold another time.
    let asked = "";
    let pending = 0;

    function show(labels) {
      panel.querySelectorAll("[data-deadline]").forEach(function (cell) {
        const text = labels[cell.dataset.deadline];
        const target = cell.querySelector("strong") || cell;
        target.textContent = text;
      });
    }

    function refresh() {
      const key = date.value + " " + time.value;
      if (key === asked) {
        return;
      }
      asked = key;
      const ticket = ++pending;
      const url = panel.dataset.url + "?" + new URLSearchParams({date: date.value, time: time.value});
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (ticket !== pending) {
            return;
          }
          error.hidden = result.ok;
          panel.classList.toggle("rr-deadlines-stale", !result.ok);
          if (result.ok) {
            show(result.body.labels);
          } else {
            error.textContent = result.body.error;
          }
        })
        .catch(function () {
          error.hidden = false;
          error.textContent = "The deadlines could not be computed; they are shown after saving.";
        });
    }

    ["input", "change", "focusout"].forEach(function (name) {
      date.addEventListener(name, refresh);
      time.addEventListener(name, refresh);
    });
    // Django's calendar and clock pickers set the value without an event; they focus the input afterwards.
    date.addEventListener("focus", refresh);
    time.addEventListener("focus", refresh);
    document.addEventListener("click", function () { window.setTimeout(refresh, 0); });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
