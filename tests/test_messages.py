"""Finding messages are named templates in review/data/messages.yaml, not literals in code.

A misspelt template name or a forgotten placeholder value would raise inside a check, which
the engine turns into an ``uncertain`` finding, so every name the code asks for is checked
here, and the file holds no template that nothing uses.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path
from string import Formatter

import pytest

from review.messages import MESSAGES_FILE, MessageError, labels, load_messages, message, templates
from source_scan import REVIEW, ROOT, calls, review_calls

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _imports_from_messages(path: Path, name: str) -> bool:
    """The module imports ``name`` from review.messages (report.py has a ``labels`` of its own)."""
    return any(isinstance(node, ast.ImportFrom) and node.module == "review.messages"
               and any(a.name == name for a in node.names)
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _literal_names(name: str) -> list[tuple[Path, ast.Call, str | None]]:
    """(file, call, its literal first argument or None) of every ``name(...)`` call in the modules
    that import it from review.messages; a literal inside a conditional
    (``message("a" if x else "b")``) counts for each branch."""
    out: list[tuple[Path, ast.Call, str | None]] = []
    for path, call in review_calls(name):
        if not _imports_from_messages(path, name):
            continue
        arg = call.args[0] if call.args else None
        branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
        for b in branches:
            out.append((path, call, b.value if isinstance(b, ast.Constant) and isinstance(b.value, str) else None))
    return out


def test_templates_load_as_texts():
    loaded = templates()
    assert len(loaded) > 100
    assert all(isinstance(k, str) and "." in k and isinstance(v, str) and v for k, v in loaded.items())
    assert message("engine.not_applicable") == "本案不适用"
    assert message("missing.absent", types="会见笔录") == "未见会见笔录"


def test_unknown_template_raises_naming_it():
    with pytest.raises(MessageError, match="no_such.template"):
        message("no_such.template")
    with pytest.raises(MessageError, match="no_such_family"):
        labels("no_such_family")


def test_missing_placeholder_raises_naming_the_template():
    with pytest.raises(MessageError, match=r"missing\.absent.*types"):
        message("missing.absent")
    with pytest.raises(MessageError, match="followups.asked"):
        message("followups.asked", type="会见笔录", page=3)  # no kind


def test_placeholder_named_name_is_a_value():
    assert message("page_flags.named_in_own_forms", name="王某").startswith("“王某”")


@pytest.mark.parametrize("text", ["just a string\n", "fam: [a, b]\n", "fam: {a: 1}\n", "fam: {a: '{x'}\n",
                                  "fam: {a: 'x{}'}\n"])
def test_bad_templates_file_is_refused(tmp_path, text):
    path = tmp_path / "messages.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MessageError):
        load_messages(path)


def test_every_template_the_code_names_exists():
    calls = _literal_names("message")
    assert len(calls) > 100
    bad = [f"{p.relative_to(ROOT)}:{c.lineno}" for p, c, name in calls if name not in templates()]
    assert not bad, f"message() without a known literal name: {bad}"
    families = _literal_names("labels")
    bad = [f"{p.relative_to(ROOT)}:{c.lineno}" for p, c, fam in families
           if fam is None or not any(k.startswith(fam + ".") for k in templates())]
    assert not bad, f"labels() without a known literal family: {bad}"


def test_every_call_fills_exactly_its_templates_placeholders():
    """Checked at each call site, so a path no test reaches cannot raise (or drop a value) either."""
    bad = []
    for path, call, name in _literal_names("message"):
        if name is None or name not in templates() or any(k.arg is None for k in call.keywords):
            continue
        given = {k.arg for k in call.keywords}
        wanted = {f for _, f, _, _ in Formatter().parse(templates()[name]) if f is not None}
        if given != wanted:
            bad.append(f"{path.relative_to(ROOT)}:{call.lineno} {name}: gives {sorted(given)}, needs {sorted(wanted)}")
    assert not bad, "\n".join(bad)


def test_every_template_is_used():
    used = {name for _, _, name in _literal_names("message")}
    tables = {fam for _, _, fam in _literal_names("labels")}
    unused = {k for k in templates() if k not in used and k.split(".")[0] not in tables}
    assert unused == set(), f"templates in {MESSAGES_FILE.name} that no code asks for: {sorted(unused)}"


def _cjk_literal_messages(tree: ast.AST) -> list[int]:
    """Lines of ``Finding(...)`` calls whose message (5th positional or ``message=``) holds, anywhere
    in its expression (joined, concatenated, in a generator), a string literal or f-string part
    with Chinese characters."""
    lines = []
    for call in calls(tree, "Finding"):
        args = call.args[4:5] + [k.value for k in call.keywords if k.arg == "message"]
        for arg in args:
            if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)
                   for n in ast.walk(arg)):
                lines.append(call.lineno)
    return lines


def test_scan_sees_literal_messages():
    tree = ast.parse('Finding("MD-01", "pass", 0.9, message="未见")\n'
                     'Finding("x", "fail", 1, [], f"第{p}页")\n'
                     'Finding("x", "fail", message="已见" + ", ".join(x))\n'
                     'Finding("x", "pass", message=message("engine.not_applicable"))\n'
                     'Finding("x", "pass", message="；".join(m for m in ms))\n'
                     'Finding("x", "pass", message="；".join(f"第{p}页" for p in ps))\n')
    assert _cjk_literal_messages(tree) == [1, 2, 3, 6]


def test_no_finding_gets_a_literal_chinese_message():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted(REVIEW.rglob("*.py"))
             for line in _cjk_literal_messages(ast.parse(path.read_text(encoding="utf-8")))]
    assert not found, f"literal messages (name them in {MESSAGES_FILE.name}): {found}"
    assert len(review_calls("Finding")) > 50  # the scan reads the checks
