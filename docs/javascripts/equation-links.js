// Copy an equation's absolute URL: the button next to each equation number
// (hooks/reader_tools.py). One delegated listener survives instant navigation.
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
if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(markScrollableRegions); // every page, instant navigation too
} else {
  document.addEventListener("DOMContentLoaded", markScrollableRegions);
}
window.addEventListener("resize", markScrollableRegions);
