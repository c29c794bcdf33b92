// Where the binary operators of the display equations are drawn, and the letters beside them.
// One function expression, evaluated in the page by both engines' tests (the Firefox driver
// and the Chromium test read this file). Boxes are in CSS pixels from the document's top left
// (the equation is screenshotted from the document by its box); the pixels are measured by
// tests/browser/firefox/ink.py.
//
// For each display <math> holding a binary operator that Firefox's dictionary would draw
// large (⊗ ⊕ ⊖ ⊙ ⊎), or an n-ary one (∑ ∏ ∫, which must stay large):
//   operators: [{op, box, fontSize, largeop}], letters: [{text, box, fontSize}]
// Letters are the <mi> of one Latin letter (ink.py keeps those at the operator's font size,
// not scripts): the reference the operator's drawn height is compared with.
() => {
  const BINARY = "\u228e\u2295\u2296\u2297\u2299";
  const N_ARY = "\u2211\u220f\u222b";
  const strip = (text) => text.trim().replace(/[\ufe0e\ufe0f]$/, "");
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  };
  const size = (element) => parseFloat(getComputedStyle(element).fontSize);
  const equations = [];
  const displays = document.querySelectorAll('article math[display="block"]');
  displays.forEach((math, index) => {
    // A formula in a closed box (a collapsed solution) is not drawn: nothing to measure.
    // (Chromium lays it out but does not paint it: checkVisibility() tells.)
    const drawn = math.getBoundingClientRect();
    if (!(math.checkVisibility() && drawn.width > 0 && drawn.height > 0)) return;
    const operators = [];
    for (const mo of math.querySelectorAll("mo")) {
      const op = strip(mo.textContent);
      if (op.length === 1 && (BINARY.includes(op) || N_ARY.includes(op))) {
        operators.push({
          op,
          kind: BINARY.includes(op) ? "binary" : "n-ary",
          box: box(mo),
          fontSize: size(mo),
          largeop: mo.getAttribute("largeop"),
        });
      }
    }
    if (!operators.length) return;
    const letters = [];
    for (const mi of math.querySelectorAll("mi")) {
      const text = mi.textContent.trim();
      if (/^[A-Za-z]$/.test(text)) letters.push({ text, box: box(mi), fontSize: size(mi) });
    }
    const holder = math.closest(".equation[id]");
    equations.push({
      index,
      anchor: holder ? holder.id : "",
      tex: math.textContent.slice(0, 80),
      box: box(math),
      operators,
      letters,
    });
  });
  return equations;
}
