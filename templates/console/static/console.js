// Loket console: live refresh over server-sent events and canned replies.
// No inline scripts: the Content-Security-Policy allows only this file.
(function () {
  "use strict";

  // A section with data-live="/events…" refreshes the elements whose ids
  // data-swap lists when the server says something changed, from the page
  // at data-refresh (or this page's address). An element the agent is
  // using (focus inside, or a field changed and not yet sent) is left as
  // it is, so nothing typed or chosen is lost.
  function dirty(el) {
    var active = document.activeElement;
    if (active && el.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return true;
    return Array.prototype.some.call(el.querySelectorAll("input, textarea, select"), function (f) {
      if (f.type === "hidden") return false;
      if (f.type === "checkbox" || f.type === "radio") return f.checked !== f.defaultChecked;
      if (f.tagName === "SELECT") {
        return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; }) &&
          !(f.selectedIndex === 0 && !Array.prototype.some.call(f.options, function (o) { return o.defaultSelected; }));
      }
      return f.value !== f.defaultValue;
    });
  }
  function live(section) {
    var url = section.getAttribute("data-live");
    var ids = (section.getAttribute("data-swap") || "").split(/\s+/).filter(Boolean);
    var from = section.getAttribute("data-refresh") || window.location.href;
    if (!url || !ids.length || !window.EventSource) return;
    var busy = false, again = false;
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(from, { headers: { "X-Loket-Refresh": "1" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          ids.forEach(function (id) {
            var fresh = doc.getElementById(id), old = document.getElementById(id);
            if (fresh && old && !dirty(old)) old.replaceWith(fresh);
          });
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
        ta.dispatchEvent(new Event("input")); // kept as a draft like typed text
        ta.focus();
      }
      sel.value = "";
    });
  }

  // A form is sent once per page: a second click while the first is on
  // its way (a double click, a slow line) would send the reply, the note
  // or the decision twice. Forms put in by a live refresh count too.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || String(form.method).toLowerCase() !== "post") return;
    if (form.getAttribute("data-sending")) { ev.preventDefault(); return; }
    // What cannot be undone (a colleague's password reset, a deletion)
    // is asked first: the button sits next to everyday ones.
    var ask = form.getAttribute("data-confirm");
    if (ask && !window.confirm(ask)) { ev.preventDefault(); return; }
    form.setAttribute("data-sending", "1");
  });
  // Back to a page kept in the browser's cache: its forms may go again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (f) { f.removeAttribute("data-sending"); });
  });

  // A reply or note being written is kept in this browser until it is
  // sent, so a lapsed session, a reload or a closed tab does not lose it.
  // Logging out forgets every draft (a shared office computer).
  var draftPrefix = "loket-draft:";
  function draft(ta) {
    var key = draftPrefix + ta.getAttribute("data-draft");
    try {
      if (ta.hasAttribute("data-draft-sent")) {
        localStorage.removeItem(key);
        // A reload of this address would forget the next draft too.
        if (window.history.replaceState) window.history.replaceState(null, "", window.location.pathname + window.location.hash);
      } else if (!ta.value && localStorage.getItem(key)) {
        ta.value = localStorage.getItem(key);
      }
      ta.addEventListener("input", function () {
        if (ta.value.trim()) localStorage.setItem(key, ta.value); else localStorage.removeItem(key);
      });
    } catch (e) { /* storage off: nothing is kept */ }
  }
  function forgetDrafts() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var k = localStorage.key(i);
        if (k && k.indexOf(draftPrefix) === 0) localStorage.removeItem(k);
      }
    } catch (e) { /* storage off */ }
  }
  document.addEventListener("submit", function (ev) {
    if (ev.target && ev.target.getAttribute("action") === "/logout") forgetDrafts();
  });

  // An open menu closes on a click elsewhere or on Escape.
  document.addEventListener("click", function (ev) {
    document.querySelectorAll("details.menu[open]").forEach(function (m) {
      if (!m.contains(ev.target)) m.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (m) {
      m.removeAttribute("open");
      m.querySelector("summary").focus();
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A page that answers a refused form shows its own address instead
    // of the form's: a reload shows the page again rather than sending
    // the form a second time (and a live refresh reads the page).
    var here = document.body.getAttribute("data-here");
    if (here && window.history.replaceState) window.history.replaceState(null, "", here + window.location.hash);
    document.querySelectorAll("textarea[data-draft]").forEach(draft);
    document.querySelectorAll("[data-live]").forEach(live);
    document.querySelectorAll("select[data-target]").forEach(canned);
  });
})();
