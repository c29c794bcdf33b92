// The answer checker's behaviour on the page (the markup is the build's: checker.py). As the
// reader types, a preview shows how the answer was read (mathjs's TeX of it, drawn as MathML
// by Temml); on Check (or Enter) the answer is evaluated over the exercise's data and checked
// by gradcheck.js, and the verdict and diagnosis appear in the widget's aria-live region.
(function (w) {
  "use strict";
  var math = w.math, temml = w.temml, gc = w.mpGradcheck, input = w.mpGradcheckInput;

  function preview(box, form) {
    var out = box.querySelector(".mp-check__preview");
    var text = box.querySelector(".mp-check__input").value;
    out.classList.remove("mp-check__preview--error");
    if (!text.trim()) {
      out.textContent = "";
      return;
    }
    try {
      var node = math.parse(input.toMathjs(text, form));
      var tex = input.toTex(node);
      out.innerHTML = "";
      var label = document.createElement("span");
      label.className = "mp-check__read";
      label.textContent = "Read as ";
      out.appendChild(label);
      var holder = document.createElement("span");
      try {
        temml.render(tex, holder, { throwOnError: true });
      } catch (e) {
        holder.textContent = node.toString({ parenthesis: "auto" });
      }
      out.appendChild(holder);
    } catch (e) {
      out.classList.add("mp-check__preview--error");
      out.textContent = e.name === "InputError" ? e.message : "Cannot read this yet.";
    }
  }

  function say(box, kind, text) {
    var v = box.querySelector(".mp-check__verdict");
    box.classList.remove("mp-check--ok", "mp-check--wrong", "mp-check--error");
    box.classList.add("mp-check--" + kind);
    var mark = { ok: "✓ Right. ", wrong: "✗ Not yet. ", error: "" }[kind];
    v.textContent = mark + text;
  }

  function check(box, form, constants) {
    var text = box.querySelector(".mp-check__input").value;
    var read;
    try {
      read = input.readAnswer(math, text, form);
    } catch (e) {
      if (e.name !== "InputError") throw e;
      say(box, "error", e.message);
      return;
    }
    try {
      var r;
      if (form.mode) {  // a matrix answer: a Jacobian, a Hessian, one side of an identity
        var E = input.expectedMatrix(math, gc, form, constants);
        r = gc.checkMatrix(read.value, E, { constants: constants, kron: form.kron || null });
      } else {
        r = gc.checkGradient(input.formFunction(math, form), read.value, form.X,
          { constants: constants, seed: 1 });
      }
      say(box, r.ok ? "ok" : "wrong", r.diagnosis);
    } catch (e) {
      if (e.name !== "ValueError") throw e;
      say(box, "wrong", e.message.replace(/^candidate: /, "Your answer: ") + ".");
    }
  }

  function attach(boxes, root, event) {
    // the forms and tolerances: assets/gradcheck/data.js, loaded as a script (it also works
    // from disk, where a fetch is refused)
    Promise.resolve(w.mpGradcheckData).then(function (loaded) {
      var forms = loaded.forms, constants = loaded.constants;
      Array.prototype.forEach.call(boxes, function (box) {
        var form = forms[box.getAttribute("data-form")];
        if (!box.mpCheck) {
          box.mpCheck = true;
          var field = box.querySelector(".mp-check__input");
          var timer = null;
          field.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(function () { preview(box, form); }, 120);
          });
          field.addEventListener("keydown", function (e) {
            if (e.key === "Enter") {
              e.preventDefault();
              preview(box, form);
              check(box, form, constants);
            }
          });
          box.querySelector(".mp-check__button").addEventListener("click", function () {
            preview(box, form);
            check(box, form, constants);
          });
          box.setAttribute("data-ready", "");
        }
        preview(box, form);
        // the click that started the loading, on this Check button: check now
        if (event && event.type === "click" && event.target.closest &&
            event.target.closest(".mp-check__button") && box.contains(event.target)) {
          check(box, form, constants);
        }
      });
    });
  }

  w.mpGradcheckWidget = { attach: attach };
})(window);
