"""The kinds a block declares in its ``# checks: eq-... (kinds)`` marker are what its code does.

The blocks and their markers are read by the site plugin's registry
(``mathproofs_site.registry``), the code that builds the Verification map (Markdown fences,
boxes included, and notebook cells). Each block's code
is parsed with ``ast``; names are resolved through its imports (``import mathproofs as mp``,
``from mathproofs.checking import numerical_gradient``, ``import numpy as np``, simple
aliases such as ``fd = mp.numerical_gradient``). The rules are static and pragmatic: they
read the code, they do not run it (running it is what the page tests do).

``finite-difference``
    The block calls ``mathproofs.numerical_gradient`` or ``mathproofs.directional_derivative``.
``symbolic``
    The block imports sympy and calls something from it.
``exact``
    An assertion compares without a tolerance (``np.array_equal``, ``np.array_equiv``,
    ``np.testing.assert_array_equal``/``assert_equal``, ``==`` in an ``assert``, sympy's
    ``.equals``, or a function defined in the block that returns such a test, like
    ``is_zero``), not under ``not``, and what it compares

    * is not a shape: no operand is ``.shape``, ``.ndim``, ``.size``, ``.dtype``, ``len``,
      ``type``, a tuple literal or a string (a shape check is not an exact check of an
      equation);
    * involves no floating-point data: no float literal, no float-making call
      (``standard_normal``, ``normal``, ``uniform``, ``random``, ``linspace``, ``float``,
      ``np.sqrt``, ``np.linalg.*``, ``np.ones``/``zeros``/``eye``/``full``/``empty``
      without an integer dtype, ``mp.numerical_gradient``, ``mp.gradient_step``, the
      tolerance constants...), directly or through names bound to such data;
    * involves integer or rational data, directly or through names: an integer literal
      array (``np.array([[1, 2], [3, 4]])``, a list of ints, as passed to the package),
      ``rng.integers``, ``np.arange``/``range``, ``dtype=int``, ``fractions.Fraction``,
      sympy, or sizes and byte counts (``.shape``, ``.size``, ``.nbytes``, ``len``), which
      are integers whatever the array holds.

    Names are followed in reading order (a name rebound to random floats is floating point
    from there on), through tuple assignments, loops (twice, for what one pass binds the
    next uses), both branches of an ``if`` (floating point on either wins), comprehensions,
    lambdas and the return values of functions defined in the code; in a notebook, the
    earlier cells count too. Not seen: true division of integer arrays (it makes floats).
``must-fail``
    The block asserts that a wrong variant differs: ``assert not`` applied to a comparison
    (``np.allclose``, ``np.array_equal``, ``np.array_equiv``, ``np.isclose``,
    ``math.isclose``, ``np.all``, ``.equals``, ``==``), an ``assert`` with ``!=``, or an
    expected failure: ``pytest.raises``/``np.testing.assert_raises`` as a context manager,
    or ``try: ... except E: ... else: raise AssertionError(...)``. An ordering (``>``) does
    not count: it cannot be told from a precondition such as ``min |z| > margin``.

``numeric`` is not checked here: every block runs, and the tolerances rule is the style
guide's. The last tests show that each rule fails on a synthetic page.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pytest
from sitebuild import DOCS, ROOT

import mathproofs as mp
from mathproofs_site import registry
from mathproofs_site.config import read_site
from mathproofs_site.registry import Source

FD_FUNCTIONS = {"mathproofs.numerical_gradient", "mathproofs.directional_derivative"}
EXACT_CALLS = {
    "numpy.array_equal",
    "numpy.array_equiv",
    "numpy.testing.assert_array_equal",
    "numpy.testing.assert_equal",
}
COMPARISON_CALLS = {
    "numpy.allclose",
    "numpy.array_equal",
    "numpy.array_equiv",
    "numpy.isclose",
    "numpy.all",
    "math.isclose",
}
RAISES_CALLS = {"pytest.raises", "numpy.testing.assert_raises"}
METADATA_ATTRIBUTES = {"shape", "ndim", "size", "dtype"}
# Integers whatever the array holds.
INT_ATTRIBUTES = {"shape", "ndim", "size", "nbytes", "itemsize"}
METADATA_CALLS = {"len", "type", "isinstance", "str", "repr"}
# Methods and functions whose result is floating point.
FLOAT_METHODS = {
    "standard_normal",
    "normal",
    "uniform",
    "random",
    "rand",
    "randn",
    "exponential",
}
FLOAT_CALLS = {
    "float",
    "numpy.float64",
    "numpy.float32",
    "numpy.linspace",
    "numpy.logspace",
    "numpy.sqrt",
    "numpy.exp",
    "numpy.log",
    "numpy.sin",
    "numpy.cos",
    "numpy.mean",
    "math.sqrt",
    "mathproofs.numerical_gradient",
    "mathproofs.directional_derivative",
    "mathproofs.gradient_step",
}
FLOAT_PREFIXES = ("numpy.linalg.", "numpy.random.")
# NumPy constructors whose default dtype is float64.
FLOAT_DEFAULT_CALLS = {
    "numpy.ones",
    "numpy.zeros",
    "numpy.eye",
    "numpy.identity",
    "numpy.empty",
    "numpy.full",
}
FLOAT_CONSTANTS = {
    "mathproofs.EXACT_RTOL",
    "mathproofs.EXACT_ATOL",
    "mathproofs.FD_RTOL",
    "mathproofs.FD_ATOL",
    "mathproofs.FD_STEP",
    "mathproofs.KINK_MARGIN",
    "numpy.pi",
    "numpy.e",
    "numpy.inf",
    "numpy.nan",
    "math.pi",
}
INT_CALLS = {"fractions.Fraction", "numpy.int64", "numpy.int32", "int"}
INT_DTYPES = {"int", "numpy.int64", "numpy.int32", "numpy.integer", "object"}


def _canonical(name: str) -> str:
    """``mathproofs.checking.numerical_gradient`` and the like as ``mathproofs.<name>``."""
    parts = name.split(".")
    if parts[0] == "mathproofs" and len(parts) > 2 and parts[-1] in mp.__all__:
        return f"mathproofs.{parts[-1]}"
    return name


@dataclass
class Scope:
    """What the code binds: imported names and aliases; per name, "float" or "exact" data."""

    aliases: dict[str, str] = field(default_factory=dict)
    state: dict[str, str] = field(default_factory=dict)
    # Functions defined in the code that return an equality test (``def is_zero(a):
    # return all(sp.expand(e) == 0 for e in a)``): calling one is a comparison.
    predicates: set[str] = field(default_factory=set)
    # Functions defined in the code: the kind of what they return (their parameters
    # unknown). Naming a function is not data; calling it is.
    functions: dict[str, str | None] = field(default_factory=dict)

    def qualname(self, node: ast.AST) -> str | None:
        """The dotted name an expression stands for (``mp.vec`` -> ``mathproofs.vec``)."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            head = self.qualname(node.value)
            return None if head is None else _canonical(f"{head}.{node.attr}")
        return None

    def names(self, kind: str) -> set[str]:
        return {name for name, k in self.state.items() if k == kind}


def _loaded_names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _int_literal(node: ast.AST) -> bool:
    """A (nested) list or tuple of integer literals, or one integer literal."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _int_literal(node.operand)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.List | ast.Tuple):
        return bool(node.elts) and all(_int_literal(e) for e in node.elts)
    return False


def _dtype_kind(call: ast.Call, scope: Scope) -> str | None:
    """The kind a ``dtype=`` keyword asks for, if any."""
    for keyword in call.keywords:
        if keyword.arg == "dtype":
            dtype = scope.qualname(keyword.value) or (
                keyword.value.id if isinstance(keyword.value, ast.Name) else None
            )
            if dtype in {"float", "numpy.float64", "numpy.float32"}:
                return "float"
            if dtype in INT_DTYPES:
                return "exact"
    return None


def _kind_here(node: ast.AST, scope: Scope) -> str | None:
    """The kind of data this node itself makes, whatever its parts are (None: look at them)."""
    if isinstance(node, ast.Constant):
        return "float" if isinstance(node.value, float) else None
    if isinstance(node, ast.Attribute) and node.attr in INT_ATTRIBUTES:
        return "exact"  # a size or a byte count, whatever the array holds
    if isinstance(node, ast.Attribute | ast.Name):
        name = scope.qualname(node) or ""
        if name in FLOAT_CONSTANTS:
            return "float"
        if name == "sympy" or name.startswith("sympy."):
            return "exact"
    if isinstance(node, ast.List | ast.Tuple) and _int_literal(node) and len(node.elts) > 1:
        return "exact"  # [1, 2, 3], [(1, 1), (2, 3)]
    if not isinstance(node, ast.Call):
        return None
    name = scope.qualname(node.func) or (node.func.id if isinstance(node.func, ast.Name) else "")
    dtype = _dtype_kind(node, scope)
    if dtype is not None:
        return dtype
    if name in FLOAT_CALLS or name.startswith(FLOAT_PREFIXES) or name in FLOAT_DEFAULT_CALLS:
        return "float"
    if isinstance(node.func, ast.Attribute) and node.func.attr in FLOAT_METHODS:
        return "float"
    if name in INT_CALLS or name in {"numpy.arange", "range", "len"}:
        return "exact"
    if isinstance(node.func, ast.Attribute) and node.func.attr == "integers":
        return "exact"
    if name in {"numpy.array", "numpy.asarray"} and node.args and _int_literal(node.args[0]):
        return "exact"
    if name.startswith("mathproofs.") and any(
        isinstance(a, ast.List | ast.Tuple) and _int_literal(a) for a in node.args
    ):
        return "exact"
    return None


def _kind_of(node: ast.AST, scope: Scope) -> str | None:
    """ "float" if the expression involves floating-point data, else "exact" if it involves
    integer or rational data, else None (e.g. a seeded generator, a shape)."""
    here = _kind_here(node, scope)
    if here is not None:
        return here
    if isinstance(node, ast.Name):
        return scope.state.get(node.id)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in scope.functions
    ):
        parts = [*node.args, *(k.value for k in node.keywords)]
        kinds = {scope.functions[node.func.id], *(_kind_of(a, scope) for a in parts)}
        return "float" if "float" in kinds else "exact" if "exact" in kinds else None
    if isinstance(node, ast.GeneratorExp | ast.ListComp | ast.SetComp):
        inner = Scope(scope.aliases, dict(scope.state), scope.predicates, scope.functions)
        for generator in node.generators:
            _bind(generator.target, generator.iter, _kind_of(generator.iter, inner), inner)
        return _kind_of(node.elt, inner)  # the entries, not what they are drawn from
    if isinstance(node, ast.Lambda):
        inner = Scope(scope.aliases, dict(scope.state), scope.predicates, scope.functions)
        for arg in node.args.args:
            inner.state.pop(arg.arg, None)
        return _kind_of(node.body, inner)
    kinds = {_kind_of(child, scope) for child in ast.iter_child_nodes(node)}
    return "float" if "float" in kinds else "exact" if "exact" in kinds else None


def _read_imports(tree: ast.AST, scope: Scope) -> None:
    """Imports, and simple aliases such as ``fd = mp.numerical_gradient``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    scope.aliases[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    scope.aliases[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = _canonical(f"{node.module}.{alias.name}")
                scope.aliases[alias.asname or alias.name] = full
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            name = scope.qualname(node.value)
            if isinstance(target, ast.Name) and name is not None:
                scope.aliases[target.id] = name
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            scope.aliases.pop(node.name, None)  # a local definition shadows an import
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
            _is_equality(sub, scope)
            for ret in ast.walk(node)
            if isinstance(ret, ast.Return) and ret.value is not None
            for sub in ast.walk(ret.value)
        ):
            scope.predicates.add(node.name)


def _is_equality(node: ast.AST, scope: Scope) -> bool:
    """``a == b``, or a call that tests equality or closeness."""
    if isinstance(node, ast.Compare):
        return all(isinstance(o, ast.Eq) for o in node.ops)
    if isinstance(node, ast.Call):
        return (
            scope.qualname(node.func) in COMPARISON_CALLS | EXACT_CALLS
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "equals")
            or (isinstance(node.func, ast.Name) and node.func.id in scope.predicates)
        )
    return False


def _bind(target: ast.AST, value: ast.AST | None, kind: str | None, scope: Scope) -> None:
    """Give the names of an assignment target the kind of their value (element-wise for
    ``a, b = x, y``)."""
    if (
        isinstance(target, ast.Tuple | ast.List)
        and isinstance(value, ast.Tuple | ast.List)
        and len(target.elts) == len(value.elts)
    ):
        for t, v in zip(target.elts, value.elts, strict=True):
            _bind(t, v, _kind_of(v, scope), scope)
        return
    for name in _targets(target):
        if kind is None:
            scope.state.pop(name, None)
        else:
            scope.state[name] = kind


def _targets(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Tuple | ast.List | ast.Starred):
        inner = node.elts if isinstance(node, ast.Tuple | ast.List) else [node.value]
        return set().union(*(_targets(e) for e in inner))
    return set()  # E[i, j] = ..., obj.attr = ...: the name keeps its kind


def _merge(scope: Scope, branches: list[dict[str, str]]) -> None:
    """After an if/else: float if float on some branch, else exact if exact on some."""
    names = set().union(*branches)
    merged = {}
    for name in names:
        kinds = {b.get(name) for b in branches}
        merged[name] = "float" if "float" in kinds else "exact"
    scope.state = merged


def _walk(body: list[ast.stmt], scope: Scope, found: list[ast.AST]) -> None:
    """Run through the statements in order: bind names, collect exact comparisons."""
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            kind = _kind_of(stmt.value, scope)
            for target in stmt.targets:
                _bind(target, stmt.value, kind, scope)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            _bind(stmt.target, stmt.value, _kind_of(stmt.value, scope), scope)
        elif isinstance(stmt, ast.AugAssign):
            kinds = {_kind_of(stmt.value, scope), _kind_of(stmt.target, scope)}
            kind = "float" if "float" in kinds else "exact" if "exact" in kinds else None
            _bind(stmt.target, None, kind, scope)
        elif isinstance(stmt, ast.For | ast.While):
            for _ in range(2):  # twice: what one pass binds, the next one uses
                if isinstance(stmt, ast.For):
                    _bind(stmt.target, stmt.iter, _kind_of(stmt.iter, scope), scope)
                _walk(stmt.body, scope, found)
            _walk(stmt.orelse, scope, found)
        elif isinstance(stmt, ast.If):
            before = dict(scope.state)
            _walk(stmt.body, scope, found)
            after_body = scope.state
            scope.state = dict(before)
            _walk(stmt.orelse, scope, found)
            _merge(scope, [after_body, scope.state])
        elif isinstance(stmt, ast.With):
            for item in stmt.items:
                if item.optional_vars is not None:
                    kind = _kind_of(item.context_expr, scope)
                    _bind(item.optional_vars, item.context_expr, kind, scope)
            _walk(stmt.body, scope, found)
        elif isinstance(stmt, ast.Try):
            _walk(stmt.body, scope, found)
            for handler in stmt.handlers:
                _walk(handler.body, scope, found)
            _walk(stmt.orelse, scope, found)
            _walk(stmt.finalbody, scope, found)
        elif isinstance(stmt, ast.FunctionDef):
            # The body runs when called, with the names as they are here; parameters are
            # unknown. The function's name takes the kind of what it returns.
            inner = Scope(scope.aliases, dict(scope.state), scope.predicates, scope.functions)
            for arg in stmt.args.args + stmt.args.kwonlyargs:
                inner.state.pop(arg.arg, None)
            _walk(stmt.body, inner, found)
            returns = [
                _kind_of(r.value, inner)
                for r in ast.walk(stmt)
                if isinstance(r, ast.Return) and r.value is not None
            ]
            kind = "float" if "float" in returns else "exact" if "exact" in returns else None
            scope.state.pop(stmt.name, None)
            scope.functions[stmt.name] = kind
        elif isinstance(stmt, ast.Assert):
            found += _exact_in_assert(stmt.test, scope)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if scope.qualname(call.func) in EXACT_CALLS - {
                "numpy.array_equal",
                "numpy.array_equiv",
            }:
                if _exact_operands(list(call.args), scope):
                    found.append(call)


def _exact_in_assert(test: ast.AST, scope: Scope) -> list[ast.AST]:
    found: list[ast.AST] = []
    for part in _positive_tests(test):
        if isinstance(part, ast.Compare) and all(isinstance(o, ast.Eq) for o in part.ops):
            if _exact_operands([part.left, *part.comparators], scope):
                found.append(part)
        elif isinstance(part, ast.Call) and _is_equality_call(part, scope):
            if _exact_operands([*part.args, *_receiver(part)], scope):
                found.append(part)
    return found


def _is_metadata(node: ast.AST) -> bool:
    """A shape, size, dtype, length, type or string: not data."""
    while isinstance(node, ast.Subscript):  # A.shape[0]
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr in METADATA_ATTRIBUTES
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in METADATA_CALLS
    if isinstance(node, ast.Tuple):  # (m, n): a shape
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _exact_operands(operands: list[ast.AST], scope: Scope) -> bool:
    """Operands of a tolerance-free comparison that are integer or rational data."""
    if not operands or any(_is_metadata(o) for o in operands):
        return False
    kinds = {_kind_of(o, scope) for o in operands}
    return "exact" in kinds and "float" not in kinds


def _positive_tests(test: ast.AST) -> Iterator[ast.AST]:
    """The parts of an assert's test that must be true (``and`` split, ``not`` dropped)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for value in test.values:
            yield from _positive_tests(value)
    elif not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        yield test


def _receiver(call: ast.Call) -> list[ast.AST]:
    return [call.func.value] if isinstance(call.func, ast.Attribute) else []


def _is_equality_call(call: ast.Call, scope: Scope) -> bool:
    """A call that tests equality without a tolerance."""
    name = scope.qualname(call.func)
    if name in {"numpy.array_equal", "numpy.array_equiv"}:
        return True
    if isinstance(call.func, ast.Name) and call.func.id in scope.predicates:
        return True
    return isinstance(call.func, ast.Attribute) and call.func.attr == "equals" and name is None


def _negated_comparisons(tree: ast.AST, scope: Scope) -> Iterator[ast.AST]:
    """``assert not <comparison>`` and ``assert ... != ...``: a wrong variant differs."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        for test in _conjuncts(node.test):
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                if _is_equality(test.operand, scope):
                    yield test
            elif isinstance(test, ast.Compare) and any(isinstance(o, ast.NotEq) for o in test.ops):
                yield test


def _conjuncts(test: ast.AST) -> Iterator[ast.AST]:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for value in test.values:
            yield from _conjuncts(value)
    else:
        yield test


def _expected_failures(tree: ast.AST, scope: Scope) -> Iterator[ast.AST]:
    """``with pytest.raises(...)``, and ``try/except/else: raise AssertionError``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            for item in node.items:
                expr = item.context_expr
                if isinstance(expr, ast.Call) and scope.qualname(expr.func) in RAISES_CALLS:
                    yield node
        elif isinstance(node, ast.Try) and node.handlers:
            raises = [s for s in node.orelse if isinstance(s, ast.Raise) and s.exc is not None]
            if any(_raises_assertion(r) for r in raises):
                yield node


def _raises_assertion(node: ast.Raise) -> bool:
    exc = node.exc
    func = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(func, ast.Name) and func.id == "AssertionError"


def _calls(tree: ast.AST, scope: Scope) -> set[str]:
    return {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and (name := scope.qualname(node.func)) is not None
    }


def kind_problems(code: str, kinds: Iterable[str], context: Iterable[str] = ()) -> list[str]:
    """What the code fails to do of each declared kind (empty: it does them all).

    ``context`` is the code run before it in the same namespace (earlier notebook cells):
    its imports and names count, its assertions do not.
    """
    scope = Scope()
    for earlier in context:
        before = ast.parse(earlier)
        _read_imports(before, scope)
        _walk(before.body, scope, [])
    tree = ast.parse(code)
    _read_imports(tree, scope)
    exact: list[ast.AST] = []
    _walk(tree.body, scope, exact)
    problems = []
    kinds = set(kinds)
    if "finite-difference" in kinds and not _calls(tree, scope) & FD_FUNCTIONS:
        problems.append(
            "finite-difference: calls neither mp.numerical_gradient nor mp.directional_derivative"
        )
    if "symbolic" in kinds:
        imports_sympy = any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "sympy" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "sympy")
            for n in ast.walk(tree)
        )
        uses_sympy = any(c == "sympy" or c.startswith("sympy.") for c in _calls(tree, scope))
        if not (imports_sympy and uses_sympy):
            problems.append("symbolic: does not import sympy and call it")
    if "exact" in kinds and not exact:
        problems.append(
            "exact: no assertion compares integer or rational data without a tolerance "
            "(np.array_equal / == on data that is not a shape and not floating point)"
        )
    if "must-fail" in kinds and not (
        any(_negated_comparisons(tree, scope)) or any(_expected_failures(tree, scope))
    ):
        problems.append(
            "must-fail: no assertion that a wrong variant differs "
            "(assert not np.allclose/array_equal/isclose(...), assert ... != ..., "
            "or an expected failure)"
        )
    return problems


# ---------------------------------------------------------------- the site's blocks


def _page_problems(source: Source) -> list[str]:
    blocks = registry.blocks_of(source)
    found = []
    for k, block in enumerate(blocks):
        if not block.claims:
            continue
        context = [b.code for b in blocks[:k]] if source.notebook else []
        for problem in kind_problems(block.code, block.kinds, context):
            found.append(f"docs/{source.src_uri} block {block.index} ({block.where}): {problem}")
    return found


NOTEBOOKS = read_site(ROOT / "mkdocs.yml").plugin.notebooks
SOURCES = {s.src_uri: s for s in registry.docs_sources(DOCS, NOTEBOOKS)}


@pytest.mark.parametrize("src_uri", sorted(SOURCES))
def test_declared_kinds_match_the_code(src_uri: str) -> None:
    assert _page_problems(SOURCES[src_uri]) == []


def test_the_site_declares_every_kind() -> None:
    """Each rule is exercised by the site: a rule that matches no block would test nothing."""
    declared = {k for s in SOURCES.values() for b in registry.blocks_of(s) for k in b.kinds}
    assert {"exact", "symbolic", "finite-difference", "must-fail"} <= declared


# ---------------------------------------------------------------- each rule can fail


def fence(code: str) -> str:
    return f"```python\n{code}```\n"


EQUATION = "$$\ny = Mx\n\\label{eq-model}\n$$\n"
HEAD = "import numpy as np\nimport mathproofs as mp\n\n"


def problems_of_page(code: str) -> list[str]:
    return _page_problems(Source("x.md", EQUATION + fence(code)))


@dataclass(frozen=True)
class Example:
    kind: str
    good: str
    bad: str


EXAMPLES = {
    "finite-difference": Example(
        "finite-difference",
        HEAD + "gen = mp.rng()\nM, x, g = gen.standard_normal((2, 3)), gen.standard_normal(3), "
        "gen.standard_normal(2)\n"
        "num = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)\n"
        "np.testing.assert_allclose(mp.gradient(M, x, g), num, rtol=mp.FD_RTOL, "
        "atol=mp.FD_ATOL)\n",
        # The same comparison against a hand-written difference quotient: not the package's.
        HEAD + "gen = mp.rng()\nM, x, g = gen.standard_normal((2, 3)), gen.standard_normal(3), "
        "gen.standard_normal(2)\nE = np.zeros_like(M)\nE[0, 0] = 1e-6\n"
        "num = (mp.loss(M + E, x, g) - mp.loss(M - E, x, g)) / 2e-6\n"
        "assert np.isclose(mp.gradient(M, x, g)[0, 0], num, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)\n",
    ),
    "symbolic": Example(
        "symbolic",
        HEAD + "import sympy as sp\n\na, b = sp.symbols('a b')\nassert sp.expand((a + b) ** 2 "
        "- (a**2 + 2 * a * b + b**2)) == 0\n",
        # sympy is imported but the identity is checked on integers.
        HEAD
        + "import sympy as sp\n\na, b = 2, 3\nassert (a + b) ** 2 == a**2 + 2 * a * b + b**2\n",
    ),
    "exact": Example(
        "exact",
        HEAD + "A = np.array([[1, 2], [3, 4]])\nassert np.array_equal(mp.vec(A), [1, 3, 2, 4])\n",
        # Random floats compared with ==: not integer data.
        HEAD + "A = mp.rng().standard_normal((2, 2))\nassert np.array_equal(mp.vec(mp.unvec("
        "mp.vec(A), (2, 2))), mp.vec(A))\n",
    ),
    "must-fail": Example(
        "must-fail",
        HEAD + "A = np.array([[1, 2], [3, 4]])\nassert not np.array_equal(mp.vec(A), A.ravel())\n",
        # Only the right variant is asserted equal.
        HEAD + "A = np.array([[1, 2], [3, 4]])\nassert np.array_equal(mp.vec(A), [1, 3, 2, 4])\n",
    ),
}


def _marked(kind: str, code: str) -> str:
    return f"# checks: eq-model ({kind})\n{code}"


@pytest.mark.parametrize("kind", EXAMPLES)
def test_a_block_that_does_its_kind_passes(kind: str) -> None:
    assert problems_of_page(_marked(kind, EXAMPLES[kind].good)) == []


@pytest.mark.parametrize("kind", EXAMPLES)
def test_a_block_that_does_not_do_its_kind_fails(kind: str) -> None:
    problems = problems_of_page(_marked(kind, EXAMPLES[kind].bad))
    assert len(problems) == 1 and problems[0].startswith(f"docs/x.md block 1 (line 5): {kind}:")


EXACT_FAILS = {
    "a shape check only": "A = np.array([[1, 2]])\nassert mp.vec(A).shape == (2,)\n",
    "a float literal": "A = np.array([[1.0, 2.0]])\nassert np.array_equal(mp.vec(A), [1, 2])\n",
    "floats through names": "A = mp.rng().normal(size=(2, 2))\nB = A + 1\nC = B\n"
    "assert np.array_equal(mp.vec(C), mp.vec(C))\n",
    "floats through a function": "x = mp.rng().standard_normal(2)\n"
    "def f(k):\n    return k * x\nassert np.array_equal(f(2), f(2))\n",
    "a negated equality": "A = np.array([[1, 2], [3, 4]])\n"
    "assert not np.array_equal(mp.vec(A), A.ravel())\n",
    "float arrays of integers": "A = np.ones((2, 2))\n"
    "assert np.array_equal(mp.vec(A), [1, 1, 1, 1])\n",
    "after the name is rebound to floats": "A = np.array([[1, 2]])\n"
    "A = mp.rng().normal(size=(1, 2))\nassert np.array_equal(mp.vec(A), mp.vec(A))\n",
    "floats on one branch": "A = np.array([[1, 2]])\nif A.size > 1:\n    A = A * 0.5\n"
    "assert np.array_equal(mp.vec(A), mp.vec(A))\n",
    "a tolerance": "A = np.array([[1, 2]])\n"
    "assert np.allclose(mp.vec(A), [1, 2], rtol=0, atol=0)\n",
}


@pytest.mark.parametrize("code", EXACT_FAILS.values(), ids=EXACT_FAILS)
def test_exact_refuses(code: str) -> None:
    assert [p.split(": ")[1] for p in problems_of_page(_marked("exact", HEAD + code))] == ["exact"]


EXACT_PASSES = {
    "rng.integers": "gen = mp.rng()\nA = gen.integers(-5, 5, (2, 3))\n"
    "assert np.array_equal(mp.unvec(mp.vec(A), A.shape), A)\n",
    "fractions": "from fractions import Fraction\nA = np.array([[Fraction(1, 2)]])\n"
    "assert mp.loss(A, [2], [0]) == 1\n",
    "a list of ints to the package": "assert np.array_equal(mp.relu([-2, 0, 3]), [0, 0, 3])\n",
    "assert_array_equal": "A = np.arange(6).reshape(2, 3)\n"
    "np.testing.assert_array_equal(mp.vec(A), A.T.ravel())\n",
    "sympy": "import sympy as sp\nt = sp.Symbol('t')\n"
    "assert sp.expand((t + 1) ** 2) == t**2 + 2 * t + 1\n",
    "before the name is rebound to floats": "A = np.array([[1, 2]])\n"
    "assert np.array_equal(mp.vec(A), [1, 2])\nA = mp.rng().normal(size=(1, 2))\n",
    "byte counts of float arrays": "A = mp.rng().normal(size=(2, 3))\n"
    "assert A.nbytes == np.dtype(np.float64).itemsize * 6\n",
    "a local equality predicate": "def same(a, b):\n    return bool(np.all(a == b))\n"
    "assert same(mp.vec(np.arange(4).reshape(2, 2)), [0, 2, 1, 3])\n",
    "integer sizes in a loop": "for m in range(1, 4):\n    A = np.eye(m, dtype=int)\n"
    "    assert np.array_equal(mp.vec(A) @ mp.vec(A), m)\n",
}


@pytest.mark.parametrize("code", EXACT_PASSES.values(), ids=EXACT_PASSES)
def test_exact_accepts(code: str) -> None:
    assert problems_of_page(_marked("exact", HEAD + code)) == []


MUST_FAIL_PASSES = {
    "not allclose": "assert not np.allclose(mp.vec(np.eye(2)[::-1]), [1, 0, 0, 1], "
    "rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)\n",
    "not isclose": "assert not np.isclose(1.0, 2.0, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)\n",
    "!=": "assert mp.dL_dM([[1, 2]], [1, 1], [0]).shape != (1, 2)\n",
    "not ==": "assert not (mp.loss([[1]], [1], [0]) == 0)\n",
    "raises": "import pytest\nwith pytest.raises(AssertionError):\n"
    "    np.testing.assert_array_equal(mp.vec([[1, 2], [3, 4]]), [1, 2, 3, 4])\n",
    "not a local predicate": "import sympy as sp\n"
    "def is_zero(a):\n    return all(sp.expand(e) == 0 for e in np.ravel(a))\n"
    "t = sp.Symbol('t')\nassert not is_zero(np.array([(t + 1) ** 2 - t**2 - 1]))\n",
    "try/else": "try:\n    np.ones(2) @ np.ones(3)\nexcept ValueError:\n    pass\n"
    "else:\n    raise AssertionError('shapes do not fit')\n",
}


@pytest.mark.parametrize("code", MUST_FAIL_PASSES.values(), ids=MUST_FAIL_PASSES)
def test_must_fail_accepts(code: str) -> None:
    assert problems_of_page(_marked("must-fail", HEAD + code)) == []


MUST_FAIL_FAILS = {
    "only an ordering": "assert mp.loss([[2]], [1], [0]) > mp.loss([[1]], [1], [0])\n",
    "not of something else": "assert not np.any(np.isnan(mp.vec([[1.0]])))\n",
    "!= outside an assert": "if mp.vec([[1, 2]]).size != 2:\n    raise ValueError\n",
    "try without else": "try:\n    np.ones(2) @ np.ones(3)\nexcept ValueError:\n    pass\n",
}


@pytest.mark.parametrize("code", MUST_FAIL_FAILS.values(), ids=MUST_FAIL_FAILS)
def test_must_fail_refuses(code: str) -> None:
    problems = problems_of_page(_marked("must-fail", HEAD + code))
    assert [p.split(": ")[1] for p in problems] == ["must-fail"]


def test_finite_differences_resolve_through_imports_and_aliases() -> None:
    good = [
        "from mathproofs import numerical_gradient\nnumerical_gradient(sum, [1.0])\n",
        "from mathproofs.checking import directional_derivative as dd\ndd(sum, [1.0], [1.0])\n",
        "import mathproofs\nfd = mathproofs.numerical_gradient\nfd(sum, [1.0])\n",
    ]
    for code in good:
        assert problems_of_page(_marked("finite-difference", code)) == []
    bad = [
        "import mathproofs as mp\nnumerical_gradient = mp.gradient\n",  # a lookalike name
        "def numerical_gradient(f, x):\n    return x\nnumerical_gradient(sum, [1.0])\n",
        "import mathproofs as mp\nmp.numerical_gradient\n",  # named, not called
    ]
    for code in bad:
        assert problems_of_page(_marked("finite-difference", code)), code


def test_a_notebook_cell_sees_the_imports_of_earlier_cells() -> None:
    notebook = (
        "# %%\nimport numpy as np\nimport mathproofs as mp\nx = mp.rng().standard_normal(3)\n\n"
        "# %%\n# checks: eq-nb (finite-difference, exact)\n"
        "mp.numerical_gradient(lambda v: float(v @ v), x)\n"
        "assert np.array_equal(mp.vec(x), x)\n"
    )
    problems = _page_problems(Source("notebooks/n.py", notebook, notebook=True))
    # mp resolves through the first cell; x is floating point there, so == on it is not exact.
    assert [p.split(": ")[1] for p in problems] == ["exact"]


def test_several_missing_kinds_are_all_reported() -> None:
    code = "# checks: eq-model (exact, symbolic, finite-difference, must-fail)\nassert True\n"
    kinds = [p.split(": ")[1] for p in problems_of_page(code)]
    assert kinds == ["finite-difference", "symbolic", "exact", "must-fail"]
