// A port of mathproofs.check_gradient (mathproofs/gradcheck.py) to JavaScript, for the
// in-browser answer checker of the exercises page. The Python side is the reference: same
// central differences (entry by entry and along random directions), same tolerances (passed
// in: the build writes them from mathproofs.checking, the tests read them from the package),
// same order of diagnoses and the same sentences. tests/test_gradcheck_js.py holds the two
// to the shared cases of tests/data/gradcheck_cases.json.
//
// checkMatrix ports check_matrix (a matrix answer against the matrix it should be, with the
// swapped Kronecker factors) and numericalJacobian ports numerical_jacobian.
//
// Arrays are numpy-like: nested arrays of numbers, 1-D (n,) or 2-D (m, n). No dependency;
// in the browser it is window.mpGradcheck, under node require("./gradcheck.js").
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.mpGradcheck = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // As in gradcheck.py: three random directions, named factors p/q with |p|, q <= 16.
  var DIRECTIONS = 3;
  var FACTOR_TERMS = 16;

  // ## Arrays (shape + row-major data) ###################################

  function CheckError(kind, message) {
    var e = new Error(message);
    e.name = kind; // "ValueError" or "TypeError", as the package raises
    return e;
  }

  function fromNested(value, name) {
    if (typeof value === "number") return { shape: [], data: [value] };
    if (!Array.isArray(value)) {
      throw CheckError("TypeError", name + " must be an array of real numbers");
    }
    if (value.length > 0 && Array.isArray(value[0])) {
      var cols = value[0].length;
      var data = [];
      for (var i = 0; i < value.length; i++) {
        if (!Array.isArray(value[i]) || value[i].length !== cols) {
          throw CheckError("ValueError", name + " is ragged: its rows differ in length");
        }
        for (var j = 0; j < cols; j++) data.push(value[i][j]);
      }
      return checkNumbers({ shape: [value.length, cols], data: data }, name);
    }
    return checkNumbers({ shape: [value.length], data: value.slice() }, name);
  }

  function checkNumbers(arr, name) {
    for (var k = 0; k < arr.data.length; k++) {
      var v = arr.data[k];
      if (typeof v !== "number") {
        throw CheckError("TypeError", name + " must be an array of real numbers");
      }
      if (!isFinite(v)) {
        throw CheckError("ValueError", name + " contains non-finite values (nan or inf)");
      }
    }
    return arr;
  }

  function toNested(arr) {
    if (arr.shape.length === 1) return arr.data.slice();
    var out = [];
    for (var i = 0; i < arr.shape[0]; i++) {
      out.push(arr.data.slice(i * arr.shape[1], (i + 1) * arr.shape[1]));
    }
    return out;
  }

  function size(shape) {
    var s = 1;
    for (var k = 0; k < shape.length; k++) s *= shape[k];
    return s;
  }

  function sameShape(a, b) {
    if (a.length !== b.length) return false;
    for (var k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
  }

  function formatShape(shape) {
    if (shape.length === 1) return "(" + shape[0] + ",)";
    return "(" + shape.join(", ") + ")";
  }

  function withData(shape, data) {
    return { shape: shape.slice(), data: data };
  }

  function transpose(arr) {
    var r = arr.shape[0], c = arr.shape[1], out = new Array(r * c);
    for (var i = 0; i < r; i++) for (var j = 0; j < c; j++) out[j * r + i] = arr.data[i * c + j];
    return withData([c, r], out);
  }

  // Entries in column-major order (numpy's order='F'), and back into a shape.
  function flatF(arr) {
    if (arr.shape.length < 2) return arr.data.slice();
    var r = arr.shape[0], c = arr.shape[1], out = [];
    for (var j = 0; j < c; j++) for (var i = 0; i < r; i++) out.push(arr.data[i * c + j]);
    return out;
  }

  function unflatF(flat, shape) {
    if (shape.length < 2) return withData(shape, flat.slice());
    var r = shape[0], c = shape[1], out = new Array(r * c);
    for (var j = 0; j < c; j++) for (var i = 0; i < r; i++) out[i * c + j] = flat[j * r + i];
    return withData(shape, out);
  }

  function maxAbs(data) {
    var m = 0;
    for (var k = 0; k < data.length; k++) m = Math.max(m, Math.abs(data[k]));
    return m;
  }

  // ## Numbers as Python prints them ######################################

  // format(x, ".<p>g"), for finite x (Python's general format: trailing zeros removed).
  function formatG(x, precision) {
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    if (isNaN(x)) return "nan";
    if (x === 0) return (1 / x < 0 ? "-" : "") + "0";
    var p = precision === 0 ? 1 : precision;
    var parts = x.toExponential(p - 1).split("e");
    var exp = parseInt(parts[1], 10);
    var strip = function (s) {
      return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, "");
    };
    if (exp >= -4 && exp < p) return strip(x.toFixed(p - 1 - exp));
    var e = Math.abs(exp);
    return strip(parts[0]) + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
  }

  function number(x) {
    return formatG(x, 2);
  }

  // ## Fractions (exact, as Python's fractions.Fraction) ##################

  function bigAbs(a) {
    return a < 0n ? -a : a;
  }

  function gcd(a, b) {
    a = bigAbs(a);
    b = bigAbs(b);
    while (b) {
      var t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  function floorDiv(a, b) {
    var q = a / b;
    if ((a % b !== 0n) && ((a < 0n) !== (b < 0n))) q -= 1n;
    return q;
  }

  function fraction(n, d) {
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    var g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }

  // Fraction(x) for a finite float: its exact value, mantissa times a power of 2.
  function fractionOfFloat(x) {
    if (x === 0) return { n: 0n, d: 1n };
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    var hi = view.getUint32(0), lo = view.getUint32(4);
    var sign = hi >>> 31 ? -1n : 1n;
    var biased = (hi >>> 20) & 0x7ff;
    var mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (biased) mantissa |= 1n << 52n;
    var exp = (biased || 1) - 1075;
    if (exp >= 0) return fraction(sign * (mantissa << BigInt(exp)), 1n);
    return fraction(sign * mantissa, 1n << BigInt(-exp));
  }

  // Fraction.limit_denominator: the closest fraction with denominator at most max.
  function limitDenominator(f, max) {
    var maxD = BigInt(max);
    if (f.d <= maxD) return f;
    var p0 = 0n, q0 = 1n, p1 = 1n, q1 = 0n, n = f.n, d = f.d;
    for (;;) {
      var a = floorDiv(n, d);
      var q2 = q0 + a * q1;
      if (q2 > maxD) break;
      var p2 = p0 + a * p1;
      p0 = p1;
      q0 = q1;
      p1 = p2;
      q1 = q2;
      var r = n - a * d;
      n = d;
      d = r;
    }
    var k = floorDiv(maxD - q0, q1);
    if (2n * d * (q0 + k * q1) <= f.d) return fraction(p1, q1);
    return fraction(p0 + k * p1, q0 + k * q1);
  }

  function fracValue(c) {
    return Number(c.n) / Number(c.d);
  }

  function fracString(c) {
    return c.d === 1n ? String(c.n) : c.n + "/" + c.d;
  }

  function fracIs(c, k) {
    return c.d === 1n && c.n === BigInt(k);
  }

  var ONE = { n: 1n, d: 1n };
  var MINUS_ONE = { n: -1n, d: 1n };

  // ## Seeded directions ##################################################

  // mulberry32: a small seeded generator (the directions need not be numpy's).
  function generator(seed) {
    var a = seed >>> 0;
    var uniform = function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return function normal() {
      var u = 0;
      while (u === 0) u = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    };
  }

  // ## Measuring ##########################################################

  function value(f, shape, data) {
    var v = f(toNested(withData(shape, data)));
    if (typeof v !== "number") {
      throw CheckError("TypeError", "f must return a real scalar; got " + typeof v);
    }
    if (!isFinite(v)) throw CheckError("ValueError", "f returned a non-finite value (" + v + ")");
    return v;
  }

  function Gradient(G, V, D, constants) {
    this.G = G; // numerical gradient, X's shape (row-major data)
    this.V = V; // DIRECTIONS directions (row-major data each)
    this.D = D; // the central difference along each
    this.c = constants;
  }

  Gradient.prototype.errors = function (A, c) {
    var cv = fracValue(c), G = this.G.data, k;
    var target = G.map(function (g) {
      return cv * g;
    });
    var scale = Math.max(maxAbs(target), this.c.FD_ATOL / this.c.FD_RTOL);
    var entries = 0;
    for (k = 0; k < G.length; k++) entries = Math.max(entries, Math.abs(A.data[k] - target[k]));
    var along = 0; // no directions for checkMatrix: an expected matrix, no function to probe
    for (var v = 0; v < this.V.length; v++) {
      var dot = 0, weight = 0;
      for (k = 0; k < G.length; k++) {
        dot += this.V[v][k] * A.data[k];
        weight += Math.abs(this.V[v][k]);
      }
      along = Math.max(along, Math.abs(dot - cv * this.D[v]) / weight);
    }
    return [entries / scale, along / scale];
  };

  Gradient.prototype.error = function (A, c) {
    var e = this.errors(A, c);
    return Math.max(e[0], e[1]);
  };

  Gradient.prototype.fits = function (A, c) {
    return this.error(A, c) <= this.c.FD_RTOL;
  };

  Gradient.prototype.zero = function () {
    return maxAbs(this.G.data) <= this.c.FD_ATOL;
  };

  Gradient.prototype.factor = function (A) {
    if (this.zero()) return null;
    var G = this.G.data, num = 0, den = 0;
    for (var k = 0; k < G.length; k++) {
      num += A.data[k] * G[k];
      den += G[k] * G[k];
    }
    var c = limitDenominator(fractionOfFloat(num / den), FACTOR_TERMS);
    if (c.n === 0n || bigAbs(c.n) > BigInt(FACTOR_TERMS) || !this.fits(A, c)) return null;
    return c;
  };

  // ## Sentences ##########################################################

  function scaled(c, what) {
    if (fracIs(c, 1)) return what;
    if (fracIs(c, -1)) return "minus " + what;
    return fracString(c) + " times " + what;
  }

  function slip(c) {
    if (fracIs(c, 1)) return "";
    if (fracIs(c, -1)) return "with the wrong sign";
    return "off by a constant factor " + fracString(c) + (c.n < 0n ? " (the sign is wrong too)" : "");
  }

  // ## Shapes a diagnosis explains ########################################

  function sizes(xShape) {
    var set = [1, size(xShape)].concat(xShape);
    return set
      .filter(function (s, k) {
        return set.indexOf(s) === k;
      })
      .sort(function (a, b) {
        return a - b;
      });
  }

  function explained(shape, xShape) {
    var allowed = sizes(xShape);
    return (
      shape.length <= 2 &&
      shape.every(function (d) {
        return allowed.indexOf(d) >= 0;
      })
    );
  }

  function shapeError(name, shape, xShape) {
    var s = sizes(xShape).map(String);
    var allowed = s.length === 1 ? s[0] : s.slice(0, -1).join(", ") + " or " + s[s.length - 1];
    return CheckError(
      "ValueError",
      name + ": expected shape " + formatShape(xShape) + " like X, or a shape a diagnosis " +
        "explains (at most 2 dimensions, each of size " + allowed + "); got shape " +
        formatShape(shape)
    );
  }

  function transposed(C, xShape) {
    if (xShape.length === 2 && sameShape(C.shape, [xShape[1], xShape[0]])) return transpose(C);
    if (xShape.length === 1 && sameShape(C.shape, [1, xShape[0]])) return withData(xShape, C.data);
    return null;
  }

  function readings(C, xShape) {
    if (C.data.length !== size(xShape)) return [];
    var where = "reshape it to " + formatShape(xShape);
    var index = C.data.map(function (_, k) {
      return k;
    });
    var byF = unflatF(flatF(withData(C.shape, index)), xShape).data;
    var same = byF.every(function (v, k) {
      return v === index[k];
    });
    if (same) return [["in another shape; " + where, withData(xShape, C.data)]];
    return [
      [
        "in column-major order, as vec stacks them; " + where + " with order='F'",
        unflatF(flatF(C), xShape),
      ],
      ["in row-major order; " + where, withData(xShape, C.data)],
    ];
  }

  // ## The check ##########################################################

  // checkGradient(f, candidate, X, {constants: {FD_STEP, FD_RTOL, FD_ATOL}, seed})
  // f: nested array like X -> number; candidate: nested array (or a function of X);
  // returns {ok, diagnosis, error, mistake, factor ("1/2" or null), expected}.
  function checkGradient(f, candidate, X, options) {
    var opts = options || {};
    var constants = opts.constants;
    if (!constants || !(constants.FD_STEP > 0) || !(constants.FD_RTOL > 0) || !(constants.FD_ATOL > 0)) {
      throw CheckError("TypeError", "options.constants must give FD_STEP, FD_RTOL and FD_ATOL");
    }
    if (typeof f !== "function") throw CheckError("TypeError", "f must be callable");
    var x = fromNested(X, "X");
    if (x.shape.length < 1 || x.shape.length > 2) {
      throw CheckError("ValueError", "X: expected shape (n,) or (m, n); got shape " + formatShape(x.shape));
    }
    var name = typeof candidate === "function" ? "candidate(X)" : "candidate";
    var C = fromNested(typeof candidate === "function" ? candidate(toNested(x)) : candidate, name);
    if (!explained(C.shape, x.shape)) throw shapeError(name, C.shape, x.shape);

    var h = constants.FD_STEP, n = x.data.length, k;
    value(f, x.shape, x.data); // f(X) itself must be a finite real
    var normal = generator(opts.seed === undefined ? 0 : opts.seed);
    var V = [];
    for (var v = 0; v < DIRECTIONS; v++) {
      var dir = [], norm = 0;
      for (k = 0; k < n; k++) {
        dir.push(normal());
        norm += dir[k] * dir[k];
      }
      norm = Math.sqrt(norm);
      V.push(dir.map(function (d) {
        return d / norm;
      }));
    }
    var G = new Array(n);
    for (k = 0; k < n; k++) {
      var plus = x.data.slice(), minus = x.data.slice();
      plus[k] = x.data[k] + h;
      minus[k] = x.data[k] - h;
      G[k] = (value(f, x.shape, plus) - value(f, x.shape, minus)) / (2 * h);
    }
    var D = V.map(function (dir) {
      var plus = x.data.map(function (xi, i) {
        return xi + h * dir[i];
      });
      var minus = x.data.map(function (xi, i) {
        return xi - h * dir[i];
      });
      return (value(f, x.shape, plus) - value(f, x.shape, minus)) / (2 * h);
    });
    return diagnose(C, x.shape, new Gradient(withData(x.shape, G), V, D, constants));
  }

  // The result maker of one check (_verdict): the diagnosis a sentence, capitalised, with its
  // full stop.
  function verdict(error, expected) {
    return function (diagnosis, mistake, factor) {
      return {
        ok: mistake === null,
        diagnosis: diagnosis.charAt(0).toUpperCase() + diagnosis.slice(1) + ".",
        error: error,
        mistake: mistake,
        factor: factor === null ? null : fracString(factor),
        expected: toNested(expected),
      };
    };
  }

  // _usual_slips: the transpose T of C (null when C's shape has none), the sign, a constant
  // factor, the transpose with a factor; the first that fits, else null.
  function usualSlips(C, T, grad, what, transposeWords, result) {
    var same = sameShape(C.shape, grad.G.shape), c;
    if (T !== null && grad.fits(T, ONE)) return result(transposeWords(ONE), "transpose", ONE);
    if (same && grad.fits(C, MINUS_ONE)) {
      return result("the sign is wrong: the candidate is minus " + what, "sign", MINUS_ONE);
    }
    if (same && (c = grad.factor(C)) !== null) {
      return result(slip(c) + ": the candidate is " + scaled(c, what), "factor", c);
    }
    if (T !== null && (c = grad.factor(T)) !== null) return result(transposeWords(c), "transpose", c);
    return null;
  }

  function diagnose(C, xShape, grad) {
    var xs = formatShape(xShape), cs = formatShape(C.shape);
    var same = sameShape(C.shape, xShape);
    var error = same ? grad.error(C, ONE) : Infinity;
    var rtol = grad.c.FD_RTOL;
    var result = verdict(error, grad.G);

    if (same && error <= rtol) {
      return result(
        "the candidate matches the gradient (error " + number(error) + ", within " +
          formatG(rtol, 6) + ")",
        null,
        ONE
      );
    }

    var T = transposed(C, xShape);
    var layout;
    if (xShape.length === 1) {
      layout = ", a row of shape " + cs + ", where the gradient has the shape of X, " + xs;
    } else if (same) {
      layout = "; X is square, so the shapes agree, but entries (i, j) and (j, i) are swapped";
    } else {
      layout = ", of shape " + cs + ", where the gradient has the shape of X, " + xs;
    }
    var transposeWords = function (c) {
      var s = fracIs(c, 1) ? "" : ", " + slip(c);
      return "the candidate is the transpose of the gradient" + s + ": it is " +
        scaled(c, "the numerator-layout derivative") + layout;
    };

    var c = usualSlips(C, T, grad, "the gradient", transposeWords, result);
    if (c !== null) return c;

    if (!same) {
      var shape = "the candidate has shape " + cs + ", but the gradient has the shape of X, " + xs;
      var rs = readings(C, xShape);
      for (var k = 0; k < rs.length; k++) {
        var A = rs[k][1];
        c = grad.fits(A, ONE) ? ONE : grad.factor(A);
        if (c !== null) {
          var s = fracIs(c, 1) ? "" : " (" + slip(c) + ")";
          var entries = scaled(c, "the gradient's entries") + s;
          return result(shape + ": it holds " + entries + " " + rs[k][0], "shape", c);
        }
      }
      return result(shape, "shape", null);
    }

    var why;
    if (grad.errors(C, ONE)[0] <= rtol) {
      why = "the candidate matches the central differences entry by entry, but not along " +
        "random directions (error " + number(error) + "): f may have no gradient at this X " +
        "(its directional derivatives are not linear in the direction)";
    } else if (grad.zero()) {
      why = "the gradient is zero at this X (every entry within " + formatG(grad.c.FD_ATOL, 6) +
        " of 0), but the candidate is not: its largest entry in absolute value is " +
        number(maxAbs(C.data));
    } else if (C.data.every(function (v) {
      return v === 0;
    })) {
      why = "the candidate is zero, but the gradient is not";
    } else {
      why = "the candidate is wrong: its error is " + number(error) + " relative to the " +
        "gradient's scale, and no usual mistake (transpose, sign, constant factor) explains it";
    }
    return result(why, "wrong", null);
  }

  // ## A matrix answer (check_matrix) #####################################

  function matrix(value, name) {
    var arr = fromNested(value, name);
    if (arr.shape.length !== 2) {
      throw CheckError("ValueError", name + " must be 2-D with shape (m, n); got " +
        arr.shape.length + "-D shape " + formatShape(arr.shape));
    }
    return arr;
  }

  // vec(F(X)) column by column: numerical_jacobian's central differences over vec(X).
  function numericalJacobian(F, X, options) {
    var h = options.constants.FD_STEP;
    var x = fromNested(X, "X");
    var flatX = flatF(x), columns = [], rows = null;
    for (var k = 0; k < flatX.length; k++) {
      var plus = flatX.slice(), minus = flatX.slice();
      plus[k] += h;
      minus[k] -= h;
      var fp = flatF(fromNested(F(toNested(unflatF(plus, x.shape))), "F(X)"));
      var fm = flatF(fromNested(F(toNested(unflatF(minus, x.shape))), "F(X)"));
      rows = fp.length;
      columns.push(fp.map(function (v, i) {
        return (v - fm[i]) / (2 * h);
      }));
    }
    var out = [];
    for (var i = 0; i < rows; i++) {
      out.push(columns.map(function (col) {
        return col[i];
      }));
    }
    return out;
  }

  // B kron A where E = A kron B, A p x q and B r x s: E.reshape(p, r, q, s).transpose(1, 0, 3, 2).
  function swapped(E, kron) {
    var p = kron[0][0], q = kron[0][1], r = kron[1][0], s = kron[1][1];
    var out = new Array(E.data.length), cols = q * s;
    for (var a = 0; a < p; a++) for (var b = 0; b < r; b++) {
      for (var c = 0; c < q; c++) for (var d = 0; d < s; d++) {
        out[(b * p + a) * cols + (d * q + c)] = E.data[(a * r + b) * cols + (c * s + d)];
      }
    }
    return withData(E.shape, out);
  }

  function kronShapes(kron, shape) {
    var ok = Array.isArray(kron) && kron.length === 2 && kron.every(function (k) {
      return Array.isArray(k) && k.length === 2 && k.every(function (d) {
        return Number.isInteger(d);
      });
    });
    if (!ok) {
      throw CheckError("TypeError", "kron must be the factors' shapes ((a, b), (c, d)), or None; got " +
        JSON.stringify(kron));
    }
    var p = kron[0][0], q = kron[0][1], r = kron[1][0], s = kron[1][1];
    if (Math.min(p, q, r, s) < 1 || p * r !== shape[0] || q * s !== shape[1]) {
      throw CheckError("ValueError", "kron: expected factor shapes (a, b), (c, d) with (a*c, b*d) = " +
        formatShape(shape) + ", the shape of expected; got " + formatShape([p, q]) + " and " +
        formatShape([r, s]));
    }
    return kron;
  }

  // checkMatrix(candidate, expected, {constants, kron: [[p, q], [r, s]] or null})
  function checkMatrix(candidate, expected, options) {
    var opts = options || {};
    var constants = opts.constants;
    var C = matrix(candidate, "candidate"), E = matrix(expected, "expected");
    var kron = opts.kron ? kronShapes(opts.kron, E.shape) : null;
    var grad = new Gradient(E, [], [], constants);
    var cs = formatShape(C.shape), es = formatShape(E.shape);
    var same = sameShape(C.shape, E.shape);
    var error = same ? grad.error(C, ONE) : Infinity;
    var rtol = constants.FD_RTOL;
    var result = verdict(error, E);

    if (same && error <= rtol) {
      return result("the candidate matches the expected matrix (error " + number(error) +
        ", within " + formatG(rtol, 6) + ")", null, ONE);
    }
    var transposeWords = function (c) {
      var s = fracIs(c, 1) ? "" : ", " + slip(c) + ": it is " + scaled(c, "its transpose");
      return "the candidate is the transpose of the expected matrix" + s;
    };
    var T = sameShape(C.shape, [E.shape[1], E.shape[0]]) ? transpose(C) : null;
    var c = usualSlips(C, T, grad, "the expected matrix", transposeWords, result);
    if (c !== null) return c;
    if (same && kron !== null) {
      var swap = new Gradient(swapped(E, kron), [], [], constants);
      c = swap.fits(C, ONE) ? ONE : swap.factor(C);
      if (c !== null) {
        var s = fracIs(c, 1) ? "" : ", " + slip(c);
        return result("the Kronecker factors are swapped" + s + ": the candidate is " +
          scaled(c, "Q ⊗ P") + " where P ⊗ Q was wanted (P of shape " + formatShape(kron[0]) +
          ", Q of shape " + formatShape(kron[1]) + ")", "kronecker", c);
      }
    }
    if (!same) {
      return result("the candidate has shape " + cs + ", but the expected matrix has shape " + es,
        "shape", null);
    }
    if (C.data.every(function (v) {
      return v === 0;
    })) return result("the candidate is zero, but the expected matrix is not", "wrong", null);
    return result("the candidate is wrong: its error is " + number(error) + " relative to the " +
      "expected matrix's scale, and no usual mistake (transpose, sign, constant factor" +
      (kron !== null ? ", swapped Kronecker factors" : "") + ") explains it", "wrong", null);
  }

  return {
    checkMatrix: checkMatrix,
    numericalJacobian: numericalJacobian,
    checkGradient: checkGradient,
    formatShape: formatShape,
    formatG: formatG,
    MISTAKES: ["transpose", "sign", "factor", "shape", "wrong"],
    MATRIX_MISTAKES: ["transpose", "sign", "factor", "kronecker", "shape", "wrong"],
  };
});
