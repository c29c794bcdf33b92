// Copy an equation's absolute URL: the button next to each equation number
// (mathproofs_site/equations.py). One delegated listener survives instant navigation.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest(".equation-copy") : null;
  if (!button) return;
  var url = button.getAttribute("data-url");
  var done = function () {
    button.classList.add("equation-copy--done");
    button.setAttribute("aria-label", "Link copied");
    window.setTimeout(function () {
      button.classList.remove("equation-copy--done");
      button.setAttribute("aria-label", button.getAttribute("title"));
    }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(done, function () {
      window.prompt("Copy this link:", url);
    });
  } else {
    window.prompt("Copy this link:", url);
  }
});

// Cite an equation: a "Cite" button after each copy-link button, on a page that carries
// its equations' citation templates (template#equation-citation: once per page, one template
// per page the equations belong to; mathproofs_site/citation.py writes them). The button
// copies the plain-text citation and the BibTeX entry, with the equation's number and
// anchor put in for the template's tokens (citation.fill does the same in Python).
function equationCitation(data, copyButton) {
  var url = copyButton.getAttribute("data-url") || "";
  var hash = url.indexOf("#");
  var template = hash > 0 ? data.pages[url.slice(0, hash)] : null;
  var number = copyButton.closest(".equation").querySelector(".equation-number");
  if (!template || !number) return null;
  var values = [[data.number, number.textContent.replace(/^\(|\)$/g, "")],
                [data.anchor, url.slice(hash + 1)]];
  var put = function (text) {
    values.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    return text;
  };
  return put(template.text) + "\n\n" + put(template.bibtex) + "\n";
}

function addCiteButtons() {
  var node = document.getElementById("equation-citation");
  if (!node) return;
  var data = JSON.parse(node.content.textContent);
  document.querySelectorAll(".equation .equation-copy").forEach(
    function (copyButton) {
      var next = copyButton.nextElementSibling;
      if (next && next.classList.contains("equation-cite")) return;
      var text = equationCitation(data, copyButton);
      if (text === null) return;
      var number = copyButton.closest(".equation").querySelector(".equation-number");
      var label = "Copy a citation of equation " + number.textContent;
      var cite = document.createElement("button");
      cite.type = "button";
      cite.className = "equation-cite";
      cite.textContent = "Cite";
      cite.title = label;
      cite.setAttribute("aria-label", label);
      cite.addEventListener("click", function () {
        var done = function () {
          cite.classList.add("equation-cite--done");
          cite.textContent = "Copied";
          window.setTimeout(function () {
            cite.classList.remove("equation-cite--done");
            cite.textContent = "Cite";
          }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () {
            window.prompt("Copy this citation:", text);
          });
        } else {
          window.prompt("Copy this citation:", text);
        }
      });
      copyButton.insertAdjacentElement("afterend", cite);
    }
  );
}

// Copy TeX: a "TeX" button after an equation's other tools. It copies the equation's TeX
// source, which the build puts in the MathML (<annotation encoding="application/x-tex">,
// mathproofs_site/tex.py): the author's formula without \label and \postnumber. The
// buttons are added on every page (instant navigation too); one delegated listener copies.
var TEX_ANNOTATION = 'math annotation[encoding="application/x-tex"]';

function addTexButtons() {
  document.querySelectorAll(".equation .equation-copy").forEach(function (copyButton) {
    var equation = copyButton.closest(".equation");
    if (equation.querySelector(".equation-tex") || !equation.querySelector(TEX_ANNOTATION)) return;
    var number = equation.querySelector(".equation-number");
    var label = "Copy the TeX of equation " + (number ? number.textContent : "");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "equation-tex";
    button.textContent = "TeX";
    button.title = label;
    button.setAttribute("aria-label", label);
    var cite = copyButton.nextElementSibling;
    var after = cite && cite.classList.contains("equation-cite") ? cite : copyButton;
    after.insertAdjacentElement("afterend", button);
  });
}

document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest(".equation-tex") : null;
  if (!button) return;
  var annotation = button.closest(".equation").querySelector(TEX_ANNOTATION);
  var tex = annotation ? annotation.textContent : "";
  var done = function () {
    button.classList.add("equation-tex--done");
    button.textContent = "Copied";
    window.setTimeout(function () {
      button.classList.remove("equation-tex--done");
      button.textContent = "TeX";
    }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(tex).then(done, function () {
      window.prompt("Copy this TeX:", tex);
    });
  } else {
    window.prompt("Copy this TeX:", tex);
  }
});

// A wide equation (or notebook cell) scrolls sideways; make such a region reachable
// by keyboard, as Material does for its code blocks (axe: scrollable-region-focusable).
function markScrollableRegions() {
  var regions = document.querySelectorAll(
    ".equation-body, .jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output"
  );
  regions.forEach(function (region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scrollable", "");
    } else if (!scrolls && region.hasAttribute("data-scrollable")) {
      region.removeAttribute("tabindex");
      region.removeAttribute("data-scrollable");
    }
  });
}
// The buttons first, then the regions: the buttons take width from the line, and a region
// measured before them could scroll after them without being reachable. Measured again
// when the web fonts have loaded (their glyphs set the formulas' widths) and on resize.
function addTools() {
  addCiteButtons();
  addTexButtons();
  markScrollableRegions();
  addInlineTexButton();
}
// On the page as loaded, and on every page instant navigation brings in (Material's
// document$). Both: opened from disk (the offline copy), document$ never emits. addTools
// adds nothing twice.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", addTools);
} else {
  addTools();
}
if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(addTools);
}
if (document.fonts && document.fonts.ready) {
  document.fonts.ready.then(markScrollableRegions);
}
window.addEventListener("resize", markScrollableRegions);

// The TeX of the inline formulas, on request (mathproofs_site/inline_tex.py). The build
// keeps it out of the page and writes it to a file beside it, named in
// <meta name="mathproofs-inline-tex">. A button under "Cite this page" fetches that file
// and puts each inline formula's TeX in its MathML, as an annotation (as display
// equations carry theirs); from then on, copying a passage gives its formulas as $...$
// (inline) and $$...$$ (display), and leaves out the equations' buttons.
var MATHML = "http://www.w3.org/1998/Math/MathML";
var texOnCopy = false;

function inlineMaths() {
  return Array.prototype.filter.call(
    document.querySelectorAll("article math:not([display='block'])"),
    function (m) { return !m.closest(".mp-check"); } // the answer boxes' own previews
  );
}

function annotate(math, tex) {
  if (math.querySelector(TEX_ANNOTATION)) return;
  var semantics = document.createElementNS(MATHML, "semantics");
  var row = document.createElementNS(MATHML, "mrow");
  while (math.firstChild) row.appendChild(math.firstChild);
  var note = document.createElementNS(MATHML, "annotation");
  note.setAttribute("encoding", "application/x-tex");
  note.textContent = tex;
  semantics.appendChild(row);
  semantics.appendChild(note);
  math.appendChild(semantics);
}

function addInlineTexButton() {
  var meta = document.querySelector('meta[name="mathproofs-inline-tex"]');
  var aside = document.querySelector(".cite-this-page");
  if (!meta || !aside || aside.querySelector(".inline-tex")) return;
  texOnCopy = false; // a new page (instant navigation): its formulas are not annotated yet
  var box = document.createElement("p");
  box.className = "inline-tex";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "inline-tex__ask";
  button.textContent = "TeX of the inline formulas";
  var status = document.createElement("span");
  status.className = "inline-tex__status";
  status.setAttribute("role", "status");
  box.appendChild(button);
  box.appendChild(document.createTextNode(" "));
  box.appendChild(status);
  aside.appendChild(box);
  button.addEventListener("click", function () {
    var url = new URL(meta.getAttribute("content"), document.baseURI);
    status.textContent = "Loading…";
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      var maths = inlineMaths();
      if (!data || !Array.isArray(data.tex) || data.tex.length !== maths.length) {
        throw new Error("the file lists " + (data && data.tex ? data.tex.length : 0) +
                        " formulas, the page has " + maths.length);
      }
      maths.forEach(function (math, k) { annotate(math, data.tex[k]); });
      texOnCopy = true;
      button.disabled = true;
      status.textContent = "Done: " + maths.length + " inline formulas now carry their TeX. " +
        "Select a passage and copy it to get its formulas as TeX.";
    }).catch(function (error) {
      status.textContent = "The TeX could not be loaded (" + error.message + ").";
    });
  });
}

document.addEventListener("copy", function (event) {
  var selection = document.getSelection();
  if (!texOnCopy || !selection || selection.isCollapsed || !event.clipboardData) return;
  var fragment = selection.getRangeAt(0).cloneContents();
  var maths = fragment.querySelectorAll("math");
  if (!maths.length) return;
  fragment.querySelectorAll(".equation-tools").forEach(function (e) { e.remove(); });
  maths.forEach(function (math) {
    var note = math.querySelector(TEX_ANNOTATION);
    if (!note) return; // cut by the selection's edge: its drawn text stays
    var fence = math.getAttribute("display") === "block" ? "$$" : "$";
    math.replaceWith(document.createTextNode(fence + note.textContent + fence));
  });
  // innerText keeps the passage's paragraphs apart; it needs the nodes laid out, out of
  // sight, and wide enough that no line wraps.
  var holder = document.createElement("div");
  holder.style.cssText = "position:fixed;left:-200000px;top:0;width:100000px";
  holder.appendChild(fragment);
  document.body.appendChild(holder);
  var text = holder.innerText;
  holder.remove();
  event.clipboardData.setData("text/plain", text);
  event.preventDefault();
});
