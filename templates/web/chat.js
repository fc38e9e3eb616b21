// Loket web chat: posts messages, renders the transcript streamed over SSE.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var text = document.getElementById("text");
  var state = document.getElementById("state");
  var afterIn = 0, afterOut = 0, seen = {}, source = null;

  function uid() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Times in the page's language ("10.48" on the Indonesian page, as the
  // bot writes times), in the visitor's own time zone.
  var pageLang = document.body.getAttribute("data-lang") || undefined;

  function stamp(at) {
    var d = at ? new Date(at) : new Date();
    try {
      return d.toLocaleTimeString(pageLang, { hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }
  }

  function bubble(cls, body, at) {
    var div = document.createElement("div");
    div.className = "msg " + cls;
    div.textContent = body;
    var t = document.createElement("time");
    t.textContent = stamp(at);
    div.appendChild(t);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function renderButtons(div, rows) {
    var box = document.createElement("div");
    box.className = "buttons";
    rows.forEach(function (row) {
      var r = document.createElement("div");
      r.className = "row";
      row.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.Label;
        btn.addEventListener("click", function () { send({ button: b.Data, text: b.Label }); });
        r.appendChild(btn);
      });
      box.appendChild(r);
    });
    div.insertBefore(box, div.lastChild);
  }

  function render(line) {
    var key = line.in ? "i" + line.in : "o" + line.out;
    if (seen[key]) return;
    seen[key] = true;
    if (line.in) {
      afterIn = Math.max(afterIn, line.in);
      var pending = log.querySelector('.msg.me.pending[data-text="' + CSS.escape(line.text) + '"]');
      if (pending) { pending.classList.remove("pending"); pending.removeAttribute("data-text"); return; }
      bubble("me", line.doc ? "📄 " + line.doc : line.text, line.at);
      return;
    }
    afterOut = Math.max(afterOut, line.out);
    var div = bubble("bot", line.text, line.at);
    if (line.buttons && line.buttons.length) renderButtons(div, line.buttons);
  }

  function send(msg) {
    msg.id = msg.id || uid();
    msg.lang = document.body.dataset.lang;
    var mine = bubble("me pending", msg.text || "", null);
    mine.setAttribute("data-text", msg.text || "");
    fetch("/chat/send?lang=" + document.body.dataset.lang, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(msg)
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
    }).catch(function () {
      mine.classList.add("failed");
      mine.title = state.dataset.failed;
      mine.addEventListener("click", function retry() {
        mine.removeEventListener("click", retry);
        mine.remove();
        send(msg);
      });
    });
  }

  // upload sends one PDF from the paperclip button (several chosen at once
  // are posted one by one: the bot answers them in one message). The server
  // refuses what is over 4 MB or not a PDF, in the conversation's language
  // (the vendor may have switched language in the chat): a file over 4 MB is
  // declared by its size and not sent at all.
  function upload(file) {
    var max = Number(attach.dataset.max);
    var mine = bubble("me pending upload", "📄 " + file.name, null); // replaced by the streamed line
    function fail(msg) {
      mine.classList.remove("pending");
      mine.classList.add("failed");
      if (msg) {
        // named, and beside the file it is about: with several files
        // sent at once it came after the others' receipts, unnamed
        var why = bubble("bot", '"' + file.name + '": ' + msg, null);
        log.insertBefore(why, mine.nextSibling);
      }
    }
    var body = new FormData();
    body.append("id", uid());
    body.append("lang", document.body.dataset.lang);
    body.append("size", String(file.size));
    if (file.size <= max) body.append("file", file, file.name);
    fetch("/chat/upload?lang=" + document.body.dataset.lang, { method: "POST", credentials: "same-origin", body: body })
      .then(function (r) {
        if (r.ok) { mine.remove(); return; }
        return r.json().then(function (j) { fail(j && j.error && j.error.message); }, function () { fail(""); });
      })
      .catch(function () { fail(""); });
  }

  var attach = document.getElementById("attach");
  var picker = document.getElementById("file");
  attach.addEventListener("click", function () { picker.click(); });
  picker.addEventListener("change", function () {
    Array.prototype.forEach.call(picker.files, upload);
    picker.value = "";
  });

  function connect() {
    if (source) source.close();
    source = new EventSource("/chat/events?lang=" + document.body.dataset.lang + "&after_in=" + afterIn + "&after_out=" + afterOut);
    source.addEventListener("line", function (e) { render(JSON.parse(e.data)); });
    source.onopen = function () { state.textContent = ""; };
    source.onerror = function () {
      state.textContent = state.dataset.offline;
      source.close();
      setTimeout(connect, 2000);
    };
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var t = text.value.trim();
    if (!t) return;
    text.value = "";
    send({ text: t });
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  connect();
})();
