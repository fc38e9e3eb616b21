// Loket console: live refresh over server-sent events and canned replies.
// No inline scripts: the Content-Security-Policy allows only this file.
(function () {
  "use strict";

  // A section with data-live="/events…" refreshes the element whose id is
  // data-swap when the server says something changed, without touching
  // what the agent is typing.
  function live(section) {
    var url = section.getAttribute("data-live");
    var swapId = section.getAttribute("data-swap");
    if (!url || !swapId || !window.EventSource) return;
    var busy = false, again = false;
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(window.location.href, { headers: { "X-Loket-Refresh": "1" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(swapId), old = document.getElementById(swapId);
          if (fresh && old) old.replaceWith(fresh);
        })
        .catch(function () {})
        .finally(function () { busy = false; if (again) { again = false; refresh(); } });
    }
    var es = new EventSource(url);
    es.addEventListener("change", refresh);
  }

  // A select with data-target inserts the chosen canned reply.
  function canned(sel) {
    sel.addEventListener("change", function () {
      var ta = document.getElementById(sel.getAttribute("data-target"));
      if (ta && sel.value) {
        ta.value = ta.value ? ta.value + "\n" + sel.value : sel.value;
        ta.focus();
      }
      sel.value = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(live);
    document.querySelectorAll("select[data-target]").forEach(canned);
  });
})();
