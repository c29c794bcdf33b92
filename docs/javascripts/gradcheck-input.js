// Reading a student's answer for the exercises page's checker: TeX-like or Python-like text
// (`-2(g - Mx)x^T`, `-2*(g - M@x)*x.T`, `x^\top`, `\lambda M`, `tr(AX)`) is parsed into a small
// tree, written out as a mathjs expression (every product, transpose and inverse explicit), and
// evaluated with mathjs over an exercise's data: vectors are column matrices, so x^T x is 1 x 1
// and g x^T an outer product. Single letters multiply when written side by side (Mx = M x);
// the multi-letter names are the functions below and the exercise's own symbols. A Kronecker
// product (`A \otimes B`, `A ⊗ B`, `kron(A, B)`) binds less tightly than the matrix product,
// so `AC \otimes BD` is (AC) ⊗ (BD); `I_m` is the exercise's identity `I`.
//
// No dependency of its own: mathjs is passed in (window.math in the browser, require("mathjs")
// under node). In the browser it is window.mpGradcheckInput.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.mpGradcheckInput = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function InputError(message) {
    var e = new Error(message);
    e.name = "InputError";
    return e;
  }

  // Functions a student may call, with the number of arguments, and what TeX writes for them.
  var FUNCTIONS = {
    tr: 1, trace: 1, diag: 1, exp: 1, log: 1, tanh: 1, softmax: 1, inv: 1, det: 1, sum: 1,
    abs: 1, sqrt: 1, transpose: 1, outer: 2, sign: 1, ones: 2, kron: 2, vec: 1,
  };
  var ALIASES = { trace: "tr", lambda: "lam", lamda: "lam" };
  // TeX commands: a Greek letter (a symbol name), a function, an operator or spacing.
  var TEX = {
    lambda: "lam", beta: "beta", delta: "delta", eta: "eta", sigma: "sigma",
    tr: "tr", trace: "tr", diag: "diag", exp: "exp", log: "log", ln: "log", tanh: "tanh",
    det: "det", softmax: "softmax",
    cdot: "*", times: "*", odot: "⊙", circ: "⊙", ast: "*", top: "ᵀ", intercal: "ᵀ", otimes: "⊗",
    vec: "vec",
    left: "", right: "", big: "", Big: "", bigl: "", bigr: "", Bigl: "", Bigr: "",
  };
  var WRAPPERS = ["operatorname", "mathrm", "text", "textrm", "mathit", "mathbf", "boldsymbol",
    "mathbb", "bm"];
  var UNICODE = {
    "−": "-", "·": "*", "×": "*", "⋅": "*", "∗": "*", "⊙": "⊙", "∘": "⊙", "⊤": "ᵀ", "ᵀ": "ᵀ", "⊗": "⊗",
    "λ": "lam", "β": "beta", "δ": "delta", "η": "eta", "σ": "sigma", "𝟏": "one",
  };

  // ## Tokens ##############################################################

  // Each token: {t: "num" | "name" | "op", v, at}. Names are whole: a run of letters is split
  // into known names (longest first) and single letters; `_1`, `_{1}` and digits right after
  // a letter that make a known name (M1) join it.
  function tokenize(text, known) {
    var tokens = [], i = 0, s = text;
    var isKnown = function (name) {
      return Object.prototype.hasOwnProperty.call(known, name) ||
        Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
    };
    var push = function (t, v, at) {
      tokens.push({ t: t, v: v, at: at });
    };
    var group = function (start) {
      // the text of a {...} group starting at s[start] === "{", and the index after it
      var depth = 0;
      for (var k = start; k < s.length; k++) {
        if (s[k] === "{") depth++;
        else if (s[k] === "}" && --depth === 0) return [s.slice(start + 1, k), k + 1];
      }
      throw InputError("A { has no matching }.");
    };
    var subscript = function () {
      // `_1`, `_{12}`, `_k`: appended to the name before it
      if (s[i] !== "_") return "";
      i++;
      if (s[i] === "{") {
        var g = group(i);
        i = g[1];
        return g[0].replace(/\s+/g, "");
      }
      var m = /^[A-Za-z0-9]/.exec(s.slice(i));
      if (!m) throw InputError("A _ must be followed by a subscript, as in M_1.");
      i++;
      return m[0];
    };
    var letters = function (run, at) {
      var k = 0;
      while (k < run.length) {
        var found = null;
        for (var len = run.length - k; len >= 2; len--) {
          var w = run.slice(k, k + len);
          if (isKnown(w) || ALIASES[w]) {
            found = w;
            break;
          }
        }
        var name = found || run[k];
        k += name.length;
        push("name", ALIASES[name] || name, at);
      }
    };
    while (i < s.length) {
      var ch = s[i], at = i, m;
      if (/\s/.test(ch)) {
        i++;
      } else if ((m = /^(\d+\.?\d*|\.\d+)/.exec(s.slice(i))) && !(ch === "." && /^\.T\b/.test(s.slice(i)))) {
        push("num", m[0], at);
        i += m[0].length;
      } else if (ch === "\\") {
        m = /^\\([A-Za-z]+|.)/.exec(s.slice(i));
        if (!m) throw InputError("A \\ at the end.");
        var cmd = m[1];
        i += m[0].length;
        if (WRAPPERS.indexOf(cmd) >= 0) {
          while (s[i] === " ") i++;
          var inner;
          if (s[i] === "{") {
            var g = group(i);
            inner = g[0].trim();
            i = g[1];
          } else {
            inner = s[i] || "";
            i++;
          }
          if (inner === "1") push("name", "one", at);
          else if (/^[A-Za-z]+$/.test(inner)) {
            var base = TEX[inner] || ALIASES[inner] || inner;
            push("name", base + subscript(), at);
          } else throw InputError("Cannot read \\" + cmd + "{" + inner + "}.");
        } else if (cmd === "frac") {
          push("op", "frac", at);
        } else if (/^[,;:! ]$/.test(cmd)) {
          // TeX spacing
        } else if (Object.prototype.hasOwnProperty.call(TEX, cmd)) {
          var v = TEX[cmd];
          if (v === "") continue;
          if (v === "*" || v === "⊙" || v === "ᵀ" || v === "⊗") push("op", v, at);
          else push("name", v + subscript(), at);
        } else {
          throw InputError("Unknown command \\" + cmd + ".");
        }
      } else if (/[A-Za-z]/.test(ch)) {
        m = /^[A-Za-z]+/.exec(s.slice(i));
        var run = m[0];
        i += run.length;
        // np.outer, np.linalg.inv: Python's module prefixes are dropped
        if ((run === "np" || run === "numpy" || run === "linalg") && s[i] === ".") {
          i++;
          continue;
        }
        var sub = subscript();
        if (sub) {
          letters(run.slice(0, -1), at);
          push("name", ALIASES[run.slice(-1)] || run.slice(-1), at);
          tokens[tokens.length - 1].v += sub;
        } else {
          var digits = /^\d+/.exec(s.slice(i));
          if (digits && isKnown(run.slice(-1) + digits[0])) {
            letters(run.slice(0, -1), at);
            push("name", run.slice(-1) + digits[0], at);
            i += digits[0].length;
          } else letters(run, at);
        }
      } else if (s.slice(i, i + 2) === "**") {
        push("op", "^", at);
        i += 2;
      } else if (s.slice(i, i + 2) === ".*") {
        push("op", "⊙", at);
        i += 2;
      } else if (s.slice(i, i + 2) === ".T" && !/[A-Za-z0-9_]/.test(s[i + 2] || "")) {
        push("op", "ᵀ", at);
        i += 2;
      } else if (ch === "'") {
        push("op", "ᵀ", at);
        i++;
      } else if (ch === "@") {
        push("op", "*", at);
        i++;
      } else if ("+-*/^(),".indexOf(ch) >= 0) {
        push("op", ch, at);
        i++;
      } else if (ch === "[" || ch === "{") {
        push("op", "(", at);
        i++;
      } else if (ch === "]" || ch === "}") {
        push("op", ")", at);
        i++;
      } else if (Object.prototype.hasOwnProperty.call(UNICODE, ch)) {
        var u = UNICODE[ch];
        if (u.length > 1 || /[a-z]/.test(u)) push("name", u, at);
        else push("op", u, at);
        i++;
      } else {
        throw InputError("Cannot read the character " + JSON.stringify(ch) + ".");
      }
    }
    // I_m: the exercise's identity I (m x m, m the number of outputs)
    tokens.forEach(function (tok) {
      if (tok.t === "name" && tok.v === "Im" && !isKnown(tok.v) && isKnown("I")) {
        tok.v = "I";
      }
    });
    return tokens;
  }

  // ## Parsing #############################################################

  // A tree of {k: kind, ...}: num, sym, call (f, args), neg, add, sub, mul, had (entrywise),
  // kron, div, pow, T (transpose), inv.
  function parse(text, known) {
    var tokens = tokenize(text, known), p = 0;
    if (!tokens.length) throw InputError("Type an answer first.");
    var peek = function () {
      return tokens[p];
    };
    var isOp = function (v) {
      var t = tokens[p];
      return t && t.t === "op" && t.v === v;
    };
    var expect = function (v, what) {
      if (!isOp(v)) throw InputError("Expected " + (what || v) + here());
      p++;
    };
    var here = function () {
      var t = tokens[p];
      return t ? " at “" + text.slice(t.at, t.at + 12) + "”." : " at the end.";
    };
    var startsOperand = function () {
      var t = tokens[p];
      if (!t) return false;
      if (t.t !== "op") return true;
      return t.v === "(" || t.v === "frac";
    };

    function expr() {
      var node = kron();
      while (isOp("+") || isOp("-")) {
        var op = tokens[p++].v;
        node = { k: op === "+" ? "add" : "sub", a: node, b: kron() };
      }
      return node;
    }
    // between the sum and the product: AC ⊗ BD is (AC) ⊗ (BD)
    function kron() {
      var node = term();
      while (isOp("⊗")) {
        p++;
        node = { k: "kron", a: node, b: term() };
      }
      return node;
    }
    function term() {
      var node = unary();
      for (;;) {
        if (isOp("*")) {
          p++;
          node = { k: "mul", a: node, b: unary() };
        } else if (isOp("⊙")) {
          p++;
          node = { k: "had", a: node, b: unary() };
        } else if (isOp("/")) {
          p++;
          node = { k: "div", a: node, b: unary() };
        } else if (startsOperand()) {
          node = { k: "mul", a: node, b: postfix() };
        } else return node;
      }
    }
    function unary() {
      if (isOp("-")) {
        p++;
        return { k: "neg", a: unary() };
      }
      if (isOp("+")) {
        p++;
        return unary();
      }
      return postfix();
    }
    function postfix() {
      var node = primary();
      for (;;) {
        if (isOp("ᵀ")) {
          p++;
          node = { k: "T", a: node };
        } else if (isOp("^")) {
          p++;
          node = exponent(node);
        } else return node;
      }
    }
    // After ^: T or \top (transpose), -1 (inverse), -T (inverse transpose), or a power.
    function exponent(base) {
      var braced = isOp("(");
      var start = p;
      if (braced) p++;
      var t = peek();
      var node = null;
      var transposeMark = function (tok) {
        return tok && ((tok.t === "op" && tok.v === "ᵀ") || (tok.t === "name" && tok.v === "T" &&
          !Object.prototype.hasOwnProperty.call(known, "T")));
      };
      if (transposeMark(t)) {
        p++;
        node = { k: "T", a: base };
      } else if (t && t.t === "op" && t.v === "-") {
        var u = tokens[p + 1];
        if (u && u.t === "num" && Number(u.v) === 1) {
          p += 2;
          node = { k: "inv", a: base };
        } else if (transposeMark(u)) {
          p += 2;
          node = { k: "T", a: { k: "inv", a: base } };
        }
      }
      if (node && braced) {
        if (!isOp(")")) {
          p = start;
          node = null;
        } else p++;
      }
      if (node) return node;
      p = start;
      var power = braced ? primary() : (isOp("-") ? (p++, { k: "neg", a: primary() }) : primary());
      return { k: "pow", a: base, b: power };
    }
    function primary() {
      var t = peek();
      if (!t) throw InputError("The answer ends too soon.");
      if (t.t === "num") {
        p++;
        return { k: "num", v: t.v };
      }
      if (t.t === "op" && t.v === "(") {
        p++;
        var inner = expr();
        expect(")", "a closing parenthesis");
        return inner;
      }
      if (t.t === "op" && t.v === "frac") {
        p++;
        expect("(", "{ after \\frac");
        var num = expr();
        expect(")", "} closing the numerator");
        expect("(", "{ for the denominator");
        var den = expr();
        expect(")", "} closing the denominator");
        return { k: "div", a: num, b: den };
      }
      if (t.t === "name") {
        p++;
        if (Object.prototype.hasOwnProperty.call(FUNCTIONS, t.v) &&
            !Object.prototype.hasOwnProperty.call(known, t.v)) {
          var name = ALIASES[t.v] || t.v;
          if (!isOp("(")) {
            // tr AX, \log p: the function of the next factor
            return { k: "call", f: name, args: [postfix()] };
          }
          p++;
          var args = [expr()];
          while (isOp(",")) {
            p++;
            args.push(expr());
          }
          expect(")", "a closing parenthesis");
          if (args.length !== FUNCTIONS[t.v]) {
            throw InputError(name + " takes " + FUNCTIONS[t.v] + " argument" +
              (FUNCTIONS[t.v] === 1 ? "" : "s") + ".");
          }
          return { k: "call", f: name, args: args };
        }
        if (!Object.prototype.hasOwnProperty.call(known, t.v)) {
          var names = Object.keys(known).join(", ");
          throw InputError("Unknown symbol “" + t.v + "”: this exercise knows " + names +
            (t.v.length === 1 ? "" : " (letters side by side multiply: Mx is M x)") + ".");
        }
        return { k: "sym", v: t.v };
      }
      throw InputError("Unexpected “" + t.v + "”" + here());
    }

    var tree = expr();
    if (p < tokens.length) throw InputError("Unexpected “" + tokens[p].v + "”" + here());
    return tree;
  }

  // ## Writing out for mathjs ##############################################

  function mathjs(node) {
    var w = function (n) {
      var s = mathjs(n);
      return n.k === "num" || n.k === "sym" || n.k === "call" || n.k === "T" || n.k === "inv"
        ? s : "(" + s + ")";
    };
    switch (node.k) {
      case "num": return node.v;
      case "sym": return node.v;
      case "call": return node.f + "(" + node.args.map(mathjs).join(", ") + ")";
      case "neg": return "-" + w(node.a);
      case "add": return mathjs(node.a) + " + " + w(node.b);
      case "sub": return mathjs(node.a) + " - " + w(node.b);
      case "mul": return w(node.a) + " * " + w(node.b);
      case "had": return w(node.a) + " .* " + w(node.b);
      case "kron": return "kron(" + mathjs(node.a) + ", " + mathjs(node.b) + ")";
      case "div": return w(node.a) + " / " + w(node.b);
      case "pow": return w(node.a) + " ^ " + w(node.b);
      case "T": return "transpose(" + mathjs(node.a) + ")";
      case "inv": return "inv(" + mathjs(node.a) + ")";
    }
    throw new Error("unknown node " + node.k);
  }

  // ## Evaluating ##########################################################

  // mathjs with one change, for answers as people write them: a 1 x 1 matrix (x^T x) times a
  // matrix multiplies like the number it holds, so (x^T x) I_m is a matrix; every other product
  // is mathjs's own. A separate instance (math.create): the page's window.math is left alone.
  var derived = typeof WeakMap === "function" ? new WeakMap() : null;
  function numeric(math) {
    if (derived && derived.has(math)) return derived.get(math);
    var m = math.create(math.all);
    var base = m.multiply;
    var single = function (a) {
      var sz = a.size();
      return sz.length === 2 && sz[0] === 1 && sz[1] === 1;
    };
    m.import({
      multiply: m.typed("multiply", {
        "Matrix, Matrix": function (a, b) {
          if (single(a) && !single(b)) return base(a.get([0, 0]), b);
          if (single(b) && !single(a)) return base(a, b.get([0, 0]));
          return base(a, b);
        },
        "any, any": function (a, b) {
          return base(a, b);
        },
      }),
    }, { override: true });
    if (derived) derived.set(math, m);
    return m;
  }

  function column(math, value) {
    if (typeof value === "number") return value;
    if (Array.isArray(value[0])) return math.matrix(value);
    return math.matrix(value.map(function (v) {
      return [v];
    }));
  }

  function entrywise(math, fn) {
    return function (a) {
      return math.isMatrix(a) || Array.isArray(a) ? math.map(a, function (v) {
        return fn(v);
      }) : fn(a);
    };
  }

  // The functions a student's answer (and a form's f) may call, as mathjs sees them.
  function functions(math) {
    var softmax = function (z) {
      var m = math.max(z);
      var e = math.map(z, function (v) {
        return Math.exp(v - m);
      });
      return math.divide(e, math.sum(e));
    };
    return {
      exp: entrywise(math, Math.exp),
      log: entrywise(math, Math.log),
      tanh: entrywise(math, Math.tanh),
      abs: entrywise(math, Math.abs),
      sqrt: entrywise(math, Math.sqrt),
      sign: entrywise(math, Math.sign),
      softmax: softmax,
      tr: function (a) {
        return math.trace(a);
      },
      // diag of a column is the diagonal matrix; of a square matrix, its diagonal as a column
      diag: function (a) {
        var sz = math.size(a).valueOf();
        if (sz.length === 2 && sz[1] === 1) {
          return math.diag(math.flatten(a));
        }
        if (sz.length === 2 && sz[0] === sz[1]) return column(math, math.diag(a).valueOf());
        return math.diag(a);
      },
      outer: function (a, b) {
        return math.multiply(a, math.transpose(b));
      },
      // vec: the columns stacked into one column (column-major, as mathproofs.vec)
      vec: function (a) {
        if (typeof a === "number") return math.matrix([[a]]);
        var rows = a.valueOf(), out = [];
        var cols = Array.isArray(rows[0]) ? rows[0].length : 1;
        for (var j = 0; j < cols; j++) {
          for (var i = 0; i < rows.length; i++) out.push([Array.isArray(rows[i]) ? rows[i][j] : rows[i]]);
        }
        return math.matrix(out);
      },
    };
  }

  // The scope of an exercise at the point X: its data (vectors as columns), the variable,
  // the functions, and its named quantities ("y": "M * x"), evaluated in that order.
  function scope(math, form, X) {
    var s = functions(math);
    Object.keys(form.data).forEach(function (name) {
      s[name] = column(math, form.data[name]);
    });
    if (form.variable) s[form.variable] = column(math, X);
    // named quantities are written as a student writes them, each from the names before it
    var known = {};
    if (form.variable) known[form.variable] = true;
    Object.keys(form.data).forEach(function (name) {
      known[name] = true;
    });
    var symbols = form.symbols || {};
    Object.keys(symbols).forEach(function (name) {
      s[name] = math.evaluate(mathjs(parse(symbols[name], known)), s);
      known[name] = true;
    });
    return s;
  }

  // The names a student may use in this exercise.
  function knownNames(form) {
    var known = {};
    (form.variable ? [form.variable] : []).concat(Object.keys(form.data), Object.keys(form.symbols || {})).forEach(
      function (n) {
        known[n] = true;
      }
    );
    return known;
  }

  // A mathjs value as a numpy-like nested array: an n x 1 column is the vector (n,) when the
  // variable is a vector (vectors are columns here), anything else keeps its two dimensions;
  // a number is 1 x 1.
  function toArray(math, value, variableIsVector) {
    if (typeof value === "number") value = math.matrix([[value]]);
    if (!math.isMatrix(value)) {
      throw InputError("The answer is not a real matrix (it evaluates to " + math.typeOf(value) + ").");
    }
    var a = value.valueOf();
    var sz = math.size(value).valueOf();
    if (sz.length === 1) a = a.map(function (v) {
      return [v];
    });
    var rows = a.length, cols = rows ? a[0].length : 0;
    a.forEach(function (row) {
      row.forEach(function (v) {
        if (typeof v !== "number") {
          throw InputError("The answer has an entry that is not a real number (" + math.format(v) + ").");
        }
      });
    });
    if (variableIsVector && cols === 1) return a.map(function (row) {
      return row[0];
    });
    return a;
  }

  function scalar(math, value) {
    if (typeof value === "number") return value;
    if (math.isMatrix(value) && math.size(value).valueOf().every(function (d) {
      return d === 1;
    })) return math.flatten(value).valueOf()[0];
    throw InputError("f is not a scalar: it has size " + math.size(value).valueOf().join(" x "));
  }

  // f of an exercise form as a function of the variable (a numpy-like nested array).
  function formFunction(math, form) {
    math = numeric(math);
    var code = math.compile(form.f);
    return function (X) {
      return scalar(math, code.evaluate(scope(math, form, X)));
    };
  }

  // The matrix a matrix form's answer should be, for gc.checkMatrix: mode "matrix", the form's
  // expected (mathjs) over its data; mode "jacobian", the Jacobian of vec(map) in vec(variable)
  // at X by central differences (gc.numericalJacobian, as mp.numerical_jacobian).
  function expectedMatrix(math, gc, form, constants) {
    math = numeric(math);
    if (form.mode === "matrix") return toArray(math, math.evaluate(form.expected, scope(math, form)), false);
    var code = math.compile(form.map);
    var F = function (X) {
      return toArray(math, code.evaluate(scope(math, form, X)), false);
    };
    return gc.numericalJacobian(F, form.X, { constants: constants });
  }

  function shapeText(math, v) {
    return typeof v === "number" ? "a number" : math.size(v).valueOf().join(" × ");
  }

  // Read an answer: {tree, expression (mathjs), node (mathjs), value (nested array)} or an
  // InputError with a sentence for the student.
  function readAnswer(math, text, form) {
    math = numeric(math);
    var known = knownNames(form);
    var tree = parse(text, known);
    var expression = mathjs(tree);
    var node = math.parse(expression);
    var X = form.X;
    var s = scope(math, form, X);
    var value;
    try {
      value = node.evaluate(s);
    } catch (err) {
      var m = /Dimension mismatch|dimension|size/i.test(err.message);
      if (!m) throw InputError("Could not evaluate the answer: " + err.message);
      var sizes = Object.keys(known).map(function (n) {
        return n + " is " + shapeText(math, s[n]);
      });
      throw InputError("The shapes do not fit (" + err.message.replace(/\.$/, "") + "). " +
        "Here vectors are columns: " + sizes.join(", ") + ".");
    }
    var isVector = X !== undefined && !Array.isArray(X[0]);
    return { tree: tree, expression: expression, node: node, value: toArray(math, value, isVector) };
  }

  // TeX of the answer as read, for the preview: mathjs's toTex, with transpose as ^\top.
  function toTex(node) {
    return node.toTex({
      parenthesis: "auto",
      implicit: "hide",
      handler: function (n, options) {
        if (n.type === "FunctionNode" && n.fn && (n.fn.name === "transpose" || n.fn.name === "inv")) {
          var arg = n.args[0];
          if (n.fn.name === "transpose" && arg.type === "FunctionNode" && arg.fn &&
              arg.fn.name === "inv" && arg.args[0].type === "SymbolNode") {
            return "{" + arg.args[0].toTex(options) + "}^{-\\top}";
          }
          var inner = arg.toTex(options);
          var simple = arg.type === "SymbolNode" || arg.type === "ConstantNode";
          var base = simple ? "{" + inner + "}" : "\\left(" + inner + "\\right)";
          if (n.fn.name === "inv" && arg.type === "SymbolNode") base = "{" + inner + "}";
          return base + (n.fn.name === "transpose" ? "^{\\top}" : "^{-1}");
        }
        if (n.type === "OperatorNode" && (n.fn === "multiply" || n.fn === "dotMultiply")) {
          // a product as written: side by side (a number times: a dot), \odot entry by entry
          var side = function (arg, right) {
            var inner = arg.type === "ParenthesisNode" ? arg.getContent() : arg;
            var tex = inner.toTex(options);
            var op = inner.type === "OperatorNode" ? inner.fn : "";
            var loose = op === "add" || op === "subtract" || (right && op === "unaryMinus") ||
              (n.fn === "dotMultiply" && (op === "multiply" || op === "divide" || op === "unaryMinus"));
            return loose ? "\\left(" + tex + "\\right)" : tex;
          };
          var b = n.args[1].type === "ParenthesisNode" ? n.args[1].getContent() : n.args[1];
          var join = n.fn === "dotMultiply" ? " \\odot " : b.type === "ConstantNode" ? " \\cdot " : "\\,";
          return side(n.args[0], false) + join + side(n.args[1], true);
        }
        if (n.type === "SymbolNode") {
          // every name as the reader wrote it (mathjs would set g, W, h, A upright: units)
          var names = { lam: "\\lambda", delta: "\\delta", beta: "\\beta", eta: "\\eta",
            sigma: "\\sigma", one: "\\mathbf{1}" };
          if (names[n.name]) return names[n.name];
          var m = /^([A-Za-z])(\d+)$/.exec(n.name);
          if (m) return m[1] + "_{" + m[2] + "}";
          return /^[A-Za-z]$/.test(n.name) ? n.name : "\\mathit{" + n.name + "}";
        }
        if (n.type === "FunctionNode" && n.fn && n.fn.name === "kron") {
          var factor = function (arg) {
            var tex = arg.toTex(options);
            var op = arg.type === "OperatorNode" ? arg.fn : "";
            return op === "add" || op === "subtract" || op === "unaryMinus" ? "\\left(" + tex + "\\right)" : tex;
          };
          return factor(n.args[0]) + " \\otimes " + factor(n.args[1]);
        }
        if (n.type === "FunctionNode" && n.fn && ["softmax", "diag", "tr", "vec"].indexOf(n.fn.name) >= 0) {
          return "\\operatorname{" + n.fn.name + "}\\left(" +
            n.args.map(function (a) {
              return a.toTex(options);
            }).join(", ") + "\\right)";
        }
        return undefined;
      },
    });
  }

  return {
    tokenize: tokenize,
    parse: parse,
    toMathjs: function (text, form) {
      return mathjs(parse(text, knownNames(form)));
    },
    readAnswer: readAnswer,
    formFunction: formFunction,
    expectedMatrix: expectedMatrix,
    scope: scope,
    toArray: toArray,
    toTex: toTex,
  };
});
