// Live updates for the kos workbench: one EventSource on /live. A task's event carries its card,
// rendered by the server; it replaces the old card or moves it to its phase's column. Every event
// is also announced on <body> ("kosledger", "kosledger-<task>") for htmx regions to refresh themselves.
(function () {
  "use strict";
  var status = document.getElementById("live");
  var head = document.body.getAttribute("data-head") || "0";
  if (!window.EventSource) { return; }
  var source = new EventSource("/live?after=" + encodeURIComponent(head));
  function say(text, state) {
    if (status) { status.textContent = text; status.setAttribute("data-state", state); }
  }
  source.onopen = function () { say("Live: updates appear as they happen.", "open"); };
  source.onerror = function () { say("Live updates paused; reconnecting…", "retry"); };
  source.addEventListener("reset", function () { window.location.reload(); });
  source.addEventListener("ledger", function (e) {
    var m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    document.body.setAttribute("data-head", String(m.seq));
    if (m.task && m.card) { place(m); }
    document.body.dispatchEvent(new CustomEvent("kosledger", { detail: m }));
    if (m.task) { document.body.dispatchEvent(new CustomEvent("kosledger-" + m.task, { detail: m })); }
  });
  function count(column, delta) {
    var c = column && column.querySelector("h2 .count");
    if (c) { c.textContent = String(Math.max(0, (parseInt(c.textContent, 10) || 0) + delta)); }
  }
  function place(m) {
    var old = document.getElementById("card-" + m.task);
    var column = document.getElementById("col-" + m.phase);
    if (!old && !column) { return; }
    var holder = document.createElement("ol");
    holder.innerHTML = m.card;
    var card = holder.firstElementChild;
    if (!card) { return; }
    var focused = old && old.contains(document.activeElement);
    if (old && old.getAttribute("data-phase") === m.phase) {
      old.replaceWith(card);
    } else {
      if (old) { count(old.closest(".column"), -1); old.remove(); }
      if (column) {
        var list = column.querySelector("ol.cards");
        list.insertBefore(card, list.firstChild);
        count(column, 1);
      }
    }
    if (focused) { var link = card.querySelector("a"); if (link) { link.focus(); } }
    card.classList.add("changed");
    setTimeout(function () { card.classList.remove("changed"); }, 1500);
  }
})();
