// The answer checkers' loader (mathproofs_site/checker.py writes the widgets): shows them
// once their style sheet is in; the first focus or click in one loads mathjs, Temml and the
// checker from this site, then gradcheck-widget.js takes every checker of the page.
(function (d, w) {
  "use strict";
  var me = d.currentScript, k;
  if (!me) return;
  var root = me.src.replace(/javascripts\/[^/]*$/, "");
  var boxes = d.querySelectorAll(".mp-check[data-form]");
  var show = function () { for (k = 0; k < boxes.length; k++) boxes[k].hidden = false; };
  if (!d.querySelector("style[data-mp-check]")) {
    // a <style> importing it: the site's style sheets are all imported (mathproofs_site/speed.py)
    var css = d.createElement("style");
    css.setAttribute("data-mp-check", "");
    css.textContent = '@import url("' + root + 'stylesheets/gradcheck.css");';
    css.onload = css.onerror = show;
    d.head.appendChild(css);
    setTimeout(show, 3000);
  } else show();
  var add = function (p, path) {
    return p.then(function () {
      return new Promise(function (ok, no) {
        var s = d.createElement("script");
        s.src = root + path;
        s.onload = ok;
        s.onerror = function () { no(new Error("could not load " + path)); };
        d.head.appendChild(s);
      });
    });
  };
  var start = function (event) {
    w.mpCheckLoad = w.mpCheckLoad || ["assets/gradcheck/data.js", "assets/gradcheck/math.js",
      "assets/gradcheck/temml.min.js",
      "javascripts/gradcheck.js", "javascripts/gradcheck-input.js",
      "javascripts/gradcheck-widget.js"].reduce(add, Promise.resolve());
    w.mpCheckLoad.then(function () { w.mpGradcheckWidget.attach(boxes, root, event); },
      function (e) {
        for (k = 0; k < boxes.length; k++) {
          boxes[k].querySelector(".mp-check__verdict").textContent = "The checker did not load: " + e.message;
        }
      });
  };
  for (k = 0; k < boxes.length; k++) {
    boxes[k].addEventListener("focusin", start, { once: true });
    boxes[k].addEventListener("click", start, { once: true });
  }
})(document, window);
