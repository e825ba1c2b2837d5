"""The condition language of `only_when` and `except_when`.

    expr      := and_expr ("or" and_expr)*
    and_expr  := unary ("and" unary)*
    unary     := "not" unary | "(" expr ")" | predicate
    predicate := NAME | NAME "(" [arg ("," arg)*] ")"      # no space before "("
    arg       := bare word (no spaces, commas, parentheses or quotes) | "double-quoted"

Predicates are looked up by name when the rule set is compiled; this module only parses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import DiagnosticError, Span
from .model import All, Any_, Expr, Not, Predicate

_KEYWORDS = frozenset({"and", "or", "not"})
_WORD_STOP = frozenset(' \t,()"')


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "call", "string", "(", ")", ",", "end"
    text: str
    col: int  # 0-based offset within the expression


def _read_string(text: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise ValueError(start)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch in "(),":
            tokens.append(_Token(ch, ch, i))
            i += 1
        elif ch == '"':
            value, end = _read_string(text, i)
            tokens.append(_Token("string", value, i))
            i = end
        else:
            start = i
            while i < len(text) and text[i] not in _WORD_STOP:
                i += 1
            word = text[start:i]
            is_call = i < len(text) and text[i] == "(" and word not in _KEYWORDS
            tokens.append(_Token("call" if is_call else "word", word, start))
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span
        try:
            self.tokens = _tokens(text)
        except ValueError as exc:
            raise self._error(int(exc.args[0]), "unterminated string") from None
        self.pos = 0

    def _error(self, col: int, message: str) -> DiagnosticError:
        where = Span(self.span.source, self.span.line, self.span.col + col)
        return DiagnosticError("R110", message, where)

    def _peek(self) -> _Token:
        return self.tokens[self.pos]

    def _take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Expr:
        if self._peek().kind == "end":
            raise self._error(0, "empty condition")
        expr = self._or()
        token = self._peek()
        if token.kind != "end":
            raise self._error(token.col, f"unexpected {token.text!r}; expected 'and', 'or' or end")
        return expr

    def _or(self) -> Expr:
        items = [self._and()]
        while self._peek().kind == "word" and self._peek().text == "or":
            self._take()
            items.append(self._and())
        return items[0] if len(items) == 1 else Any_(tuple(items))

    def _and(self) -> Expr:
        items = [self._unary()]
        while self._peek().kind == "word" and self._peek().text == "and":
            self._take()
            items.append(self._unary())
        return items[0] if len(items) == 1 else All(tuple(items))

    def _unary(self) -> Expr:
        token = self._take()
        if token.kind == "word" and token.text == "not":
            return Not(self._unary())
        if token.kind == "(":
            inner = self._or()
            closing = self._take()
            if closing.kind != ")":
                raise self._error(closing.col, "missing ')'")
            return inner
        if token.kind == "word" and token.text not in _KEYWORDS:
            return Predicate(token.text, (), self._span_of(token))
        if token.kind == "call":
            return Predicate(token.text, self._args(), self._span_of(token))
        found = repr(token.text) if token.text else "end of line"
        raise self._error(token.col, f"expected a predicate, found {found}")

    def _args(self) -> tuple[str, ...]:
        self._take()  # "("
        args: list[str] = []
        if self._peek().kind == ")":
            self._take()
            return ()
        while True:
            token = self._take()
            if token.kind not in ("word", "string", "call"):
                raise self._error(token.col, "expected an argument")
            args.append(token.text)
            sep = self._take()
            if sep.kind == ")":
                return tuple(args)
            if sep.kind != ",":
                raise self._error(sep.col, "expected ',' or ')'")

    def _span_of(self, token: _Token) -> Span:
        return Span(self.span.source, self.span.line, self.span.col + token.col, len(token.text))


def parse_condition(text: str, span: Span) -> Expr:
    """Parse one condition; `span` points at the first character of `text`."""
    return _Parser(text, span).parse()
