"""How tall an operator is drawn, measured in the pixels of a screenshot of its equation.

An element's box says little here: Firefox's box of a text-size ⊗ is one em tall, and of the
large ⊗ 1.2 em. The ink says it plainly: the large ⊗ is about 1.6 times as tall as a
capital letter beside it, the text-size one about as tall. So the check counts the pixel
rows that hold ink inside the operator's box (its middle columns, clear of the neighbours'
italic overhang) and compares them with the letters of the same equation at the same
font size: the median of its capitals and ascender letters (``operator_boxes.js`` gives the
boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

# A binary operator (⊗, ⊕, ...) drawn at text size is about as tall as a capital letter (in
# STIX Two Math, ⊗ is 0.67 em with its depth, a capital 0.65 em); Firefox's large ⊗ is 1.6
# times that. Above this ratio the operator is drawn oversized.
MAX_BINARY_TO_LETTER = 1.3
# An n-ary operator in display math (∑) must stay large: taller than the letters.
MIN_N_ARY_TO_LETTER = 1.3
# A pixel is ink when its grey level is this far from the crop's background (the median).
INK_CONTRAST = 60
# The middle share of a box's columns that is measured (the rest may hold a neighbour's ink).
MIDDLE = 0.6
# The letters that are as tall as a capital, with no descender (the reference): the median
# of those in the equation, so that one misread letter cannot move it much.
CAP_HEIGHT = frozenset("ABCDEFGHIKLMNOPRSTUVWXYZbdhkl")
# Letters count as the operator's neighbours at its own size: within this many CSS pixels.
SAME_SIZE = 0.5


@dataclass(frozen=True)
class Measured:
    anchor: str
    op: str
    kind: str
    ink: int
    reference: int
    letter: str

    @property
    def ratio(self) -> float:
        return self.ink / self.reference

    def __str__(self) -> str:
        return (
            f"{self.anchor or 'unnumbered'}: {self.op} drawn {self.ink} px tall, "
            f"{self.ratio:.2f} x the letter {self.letter!r} ({self.reference} px)"
        )


def ink_rows(image: Image.Image, box: dict[str, float], origin: dict[str, float]) -> int:
    """How many pixel rows of ``box``'s middle columns hold ink (first to last inked row).

    ``image`` is a screenshot of the box ``origin`` (the equation), at a device pixel ratio
    of 1: CSS pixels are its pixels."""
    x, width = box["x"] - origin["x"], box["width"]
    left = round(x + width * (1 - MIDDLE) / 2)
    right = max(left + 1, round(x + width * (1 + MIDDLE) / 2))
    y = box["y"] - origin["y"]
    top, bottom = round(y) - 1, round(y + box["height"]) + 1
    crop = image.crop((left, max(0, top), right, bottom)).convert("L")
    pixels = crop.tobytes()  # one grey byte a pixel, row after row
    if not pixels:
        return 0
    background = sorted(pixels)[len(pixels) // 2]
    width_px = crop.width
    inked = [
        row
        for row in range(crop.height)
        if any(
            abs(pixels[row * width_px + col] - background) >= INK_CONTRAST
            for col in range(width_px)
        )
    ]
    return inked[-1] - inked[0] + 1 if inked else 0


def measure(equations: list[dict[str, Any]]) -> list[Measured]:
    """Every operator of ``equations`` against the median same-size capital beside it
    (an equation with no such letter drawn is left out)."""
    found: list[Measured] = []
    for equation in equations:
        with Image.open(Path(equation["shot"])) as image:
            image.load()
            origin = equation["box"]
            for operator in equation["operators"]:
                letters = sorted(
                    (ink_rows(image, letter["box"], origin), letter["text"])
                    for letter in equation["letters"]
                    if abs(letter["fontSize"] - operator["fontSize"]) <= SAME_SIZE
                    and letter["text"] in CAP_HEIGHT
                )
                letters = [(rows, text) for rows, text in letters if rows > 0]
                if not letters:
                    continue
                reference, letter = letters[len(letters) // 2]
                found.append(
                    Measured(
                        equation["anchor"],
                        operator["op"],
                        operator["kind"],
                        ink_rows(image, operator["box"], origin),
                        reference,
                        letter,
                    )
                )
    return found


def oversized(measured: list[Measured]) -> list[str]:
    """Binary operators drawn taller than ``MAX_BINARY_TO_LETTER`` letters."""
    return [str(m) for m in measured if m.kind == "binary" and m.ratio > MAX_BINARY_TO_LETTER]


def shrunk(measured: list[Measured]) -> list[str]:
    """N-ary operators (∑) drawn no taller than ``MIN_N_ARY_TO_LETTER`` letters."""
    return [str(m) for m in measured if m.kind == "n-ary" and m.ratio < MIN_N_ARY_TO_LETTER]
