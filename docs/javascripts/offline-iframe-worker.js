// The offline copy's stand-in for a Web Worker (mkdocs-offline.yml lists it in
// extra.polyfills, so Material's offline plugin adds no shim from a CDN). A page opened from
// disk (file://) may not start a worker, so Material's search worker runs in a hidden
// same-document iframe instead: messages go both ways as on a worker. Enough for that worker
// (English only: it imports no other script). On an http(s) page it does nothing.
(function (w, d) {
  "use strict";
  if (w.location.protocol !== "file:") return;
  w.IFrameWorker = function (url) {
    var events = d.createElement("span");
    var frame = d.createElement("iframe");
    var worker = this;
    var queue = [];
    var ready = false;
    var deliver = function (inner, data) {
      inner.dispatchEvent(new inner.MessageEvent("message", { data: data }));
    };
    worker.addEventListener = events.addEventListener.bind(events);
    worker.removeEventListener = events.removeEventListener.bind(events);
    worker.onmessage = null;
    worker.postMessage = function (data) {
      if (ready) setTimeout(function () { deliver(frame.contentWindow, data); });
      else queue.push(data);
    };
    worker.terminate = function () { frame.remove(); };
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    d.body.appendChild(frame);
    var inner = frame.contentWindow;
    inner.postMessage = function (data) {
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data });
        if (typeof worker.onmessage === "function") worker.onmessage(event);
        events.dispatchEvent(event);
      });
    };
    inner.importScripts = function () {
      throw new Error("offline search: importScripts is not supported here");
    };
    var script = inner.document.createElement("script");
    script.src = new URL(url, d.baseURI).href;
    script.onload = function () {
      ready = true;
      queue.splice(0).forEach(function (data) { deliver(inner, data); });
    };
    (inner.document.body || inner.document.documentElement).appendChild(script);
  };
  w.Worker = w.IFrameWorker;
})(window, document);
