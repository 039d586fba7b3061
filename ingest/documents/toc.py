"""Parse the table of contents (卷内目录) into TocEntry rows.

The binding checks compare these rows with the documents actually found, so
the parser must survive how table text comes out of a PDF: one row per line
("1 法律援助申请表 1-2", "3 | 会见笔录 | 5—7"), or every cell on its own line
(scans, some generators). Both are handled by one token stream: numbers,
page ranges and title text, read with a small state machine.
"""
from __future__ import annotations

import re
from datetime import datetime

from ingest.facts.casenumbers import YEAR_BRACKET_NUMBER_RE
from ingest.datamodel import Page, TocEntry
from ingest.dates import WRAPPED_DAY, find_dates
from ingest.pages.titles import title_type

_FW = str.maketrans("０１２３４５６７８９｜", "0123456789|")
_RANGE_SEP = r"[-－—–~～﹣−至]"
_RANGE_NORM = re.compile(rf"(\d)\s*{_RANGE_SEP}+\s*(\d)")
_HEADER = {"序号", "顺序号", "文件名称", "文件题名", "题名", "材料名称", "页号", "页次", "页码", "起止页号",
           "起止页码", "起止页", "文件材料题名", "备注", "责任者", "日期", "文号", "页数", "卷内目录", "卷内文件目录", "目录",
           "名称", "文件", "号"}
# the header row, often run together with the first row by text extraction
# ("序号 文件材料题名 日期 页号 备注法律援助申请表 1-2"): two or more header words at a line's start
_HEADER_RUN = re.compile(r"^(?:(?:顺序号|序号|顺序|文件材料题名|文件材料名称|文件题名|文件名称|材料名称|材料题名|题名|起止页号|"
                         r"起止页码|起止页|页号|页次|页码|备注|责任者|文号|页数|形成日期|形成时间|日期)\s*){2,}")
# a row number OCR read as a look-alike letter at the start of the line ("q. 开庭笔录": 9)
_OCR_DIGIT = {"q": "9", "g": "9", "O": "0", "o": "0", "l": "1", "I": "1", "Z": "2", "S": "5", "B": "8"}
_OCR_SEQ = re.compile(r"^([qgOolIZSB])([.、．]?\s+)(?=[\u4e00-\u9fff])")
_SKIP_LINE = re.compile(r"卷内(文件)?目录|^目\s*录$|案号|^共\s*\d+\s*页|立卷人|检查人|第\s*\d+\s*页\s*共")
_PAGES = re.compile(r"^第?(\d{1,4})(?:-(\d{1,4}))?页?$")
_SEQ_LEAD = re.compile(r"^(\d{1,3})[.、．]?(?=[\u4e00-\u9fff（(《])")
_NUMBER_DOT = re.compile(r"^(\d{1,4}(?:-\d{1,4})?)[.,，。、·'°º˚`\"”’]$")
_PAGES_TAIL = re.compile(r"(?<=[\u4e00-\u9fff）)》])(\d{1,4}(?:-\d{1,4})?)$")

_MARGIN_NO = re.compile(r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?)$")
TOC_TITLE = re.compile(r"卷\s*内\s*(文\s*件\s*)?目\s*录")


def is_toc_page(page: Page) -> bool:
    """Heuristic when no classifier is available: a 卷内目录 heading near the top."""
    head = "".join(ln.text for ln in page.lines[:4]) if page.lines else page.text[:80]
    return bool(TOC_TITLE.search(head.replace(" ", "")))


_DATE_FRAG = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?|(?:19|20)\d\d[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?")
_DATE_LEFTOVER = re.compile(r"[年月日号]{1,2}")  # what a date cell split by OCR leaves after the dates are removed
_REMARKS = {"原件", "复印件", "附件", "无", "副本", "正本"}
_DAY_TOKEN = "@date:"  # a row's date cell in the token stream (dates are no titles or page numbers)


def _tokens(text: str) -> list[str]:
    return [t for t, _ in _line_tokens(text)]


def _line_tokens(text: str) -> list[tuple[str, int]]:
    """Cell tokens of a toc page's text, each with the number of the line it was read on."""
    out: list[tuple[str, int]] = []
    text = text.translate(_FW)
    # a date cell wrapped inside its table cell ("2024年10月16" / "日"): join, then drop dates
    text = re.sub(r"(月\s*\d{1,2})\s*\n\s*日", r"\1日", text)
    text = WRAPPED_DAY.sub(lambda m: f"{m[1]}年{m[2]}月{m[3]}日{m[4] or ''}", text)  # ... the page cell between
    text = re.sub(r"(年\s*\d{1,2})\s*\n\s*(月\s*\d{1,2}\s*日)", r"\1\2", text)
    text = re.sub(r"(年\s*\d{1,2}\s*月)\s*\n\s*(\d{1,2}\s*日)", r"\1\2", text)  # "2024年10月" / "12日"
    for line_no, raw_line in enumerate(text.splitlines()):
        line = raw_line.translate(_FW).strip()
        if not line or _MARGIN_NO.match(line):  # the toc page's own number, not a cell
            continue
        if _SKIP_LINE.search(line.replace(" ", "")):
            continue
        line = _HEADER_RUN.sub("", line).strip()
        if not line:
            continue
        for m in reversed(list(YEAR_BRACKET_NUMBER_RE.finditer(line))):
            line = line[:m.start()] + " " + line[m.end():]
        for day, a, b in reversed(find_dates(line)):  # a date cell: one token of its own
            line = line[:a] + f" {_DAY_TOKEN}{day:%Y%m%d} " + line[b:]
        line = _DATE_FRAG.sub(" ", line)
        line = _RANGE_NORM.sub(r"\1-\2", line)
        line = re.sub(r"(\d)\s+页", r"\1页", line)
        line = _OCR_SEQ.sub(lambda m: _OCR_DIGIT[m.group(1)] + m.group(2), line)  # "q. 开庭笔录" -> 9
        for cell in re.split(r"\s*\|\s*|\t|\s{2,}|\s+(?=\d)|(?<=\d)\s+", line):
            cell = cell.strip(" |_")
            cell = _NUMBER_DOT.sub(r"\1", cell)  # "16." : a number cell with OCR's speck after it
            if not cell or cell in _HEADER or _DATE_LEFTOVER.fullmatch(cell):
                continue
            if cell.startswith(_DAY_TOKEN):
                out.append((cell, line_no))
                continue
            m = _SEQ_LEAD.match(cell)
            if m:
                out.append((m.group(1), line_no))
                cell = cell[m.end():]
            m = _PAGES_TAIL.search(cell)
            tail = None
            if m and not re.search(r"第$|[（(]$", cell[:m.start()]):
                tail = m.group(1)
                cell = cell[:m.start()]
            if cell:
                out.append((cell, line_no))
            if tail:
                out.append((tail, line_no))
    return out


def _is_num(tok: str) -> bool:
    return _PAGES.match(tok) is not None


_RANGE_TAIL = re.compile(r"^[-—–~～]\s*(\d{1,4})$")  # "-22": a range's end the text layer split off its line
MAX_WRAPPED_TAIL = 5  # a title cell's overflow line ("…刑事判" / "决书"); longer is a row that lost its cells
MIN_BARE_TITLE = 4  # CJK characters of a row read with neither number nor pages
_HEADER_WORD = re.compile(r"页号|页次|备注|日期|题名|名称|序号|目录|页码")  # left of a header row, not a title


def parse_toc_text(text: str, page: int = 0) -> list[TocEntry]:
    """Rows of one toc page's text (either layout)."""
    pairs = _line_tokens(text)
    entries: list[TocEntry] = []
    cur: dict | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None and cur["title"]:
            entries.append(TocEntry(cur["seq"], cur["title"], cur["first"], cur["last"], page, cur.get("day")))
        cur = None

    toks, line_of, following = _token_columns(pairs)
    for i, tok in enumerate(toks):
        if tok.startswith(_DAY_TOKEN):  # the date cell of the row being read (before its pages)
            if cur is not None and cur["title"] and cur.get("day") is None:
                cur["day"] = datetime.strptime(tok[len(_DAY_TOKEN):], "%Y%m%d").date()
            continue
        nxt = following[i]
        if _is_num(tok):
            m = _PAGES.match(tok)
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            is_range = m.group(2) is not None
            if cur is None or not cur["title"]:
                if cur is None and not is_range:
                    cur = {"seq": a, "title": "", "first": None, "last": None}
                elif cur is not None and not is_range and cur["seq"] is None:
                    cur["seq"] = a
                continue  # stray number (e.g. a range before any title)
            # after a title: a range is always pages; a single number is pages
            # unless a title follows directly (then it is the next row's seq)
            # a number closing the title's own line, the next title on a line of its own, is
            # this row's pages ("3 法律援助指派通知书 3" / "法律援助公函 4": OCR lost the next seq)
            ends_row = (line_of[i] == cur.get("line") and (i + 1 == len(toks) or line_of[i + 1] != line_of[i]))
            if cur["first"] is None and (is_range or nxt is None or _is_num(nxt) or ends_row):
                cur["first"], cur["last"] = a, b
                close()
            elif not is_range:
                close()
                cur = {"seq": a, "title": "", "first": None, "last": None}
        elif (end := _range_end(tok, cur, entries)) is not None:
            entries[-1].last = end
        else:
            alone = i + 1 == len(toks) or line_of[i + 1] != line_of[i]  # a wrapped tail has its line to itself
            if (cur is None and entries and len(tok) <= MAX_WRAPPED_TAIL and tok not in _REMARKS
                    and (nxt is None or _is_num(nxt)) and alone):
                # the wrapped tail of the previous row's title cell ("…刑事判" / "决书")
                entries[-1].title += tok
                continue
            if cur is not None and cur["title"] and cur.get("day") is not None and line_of[i] != cur.get("line"):
                # a title on a new line after a dated row: that row lost its page cell (and this one
                # its seq); a wrapped title comes before its row's date, not after it
                close()
            if cur is None:
                cur = {"seq": None, "title": "", "first": None, "last": None}
            cur["title"] += tok
            cur["line"] = line_of[i]
    close()
    return [e for e in entries if _lists_a_document(e)]


def _range_end(tok: str, cur: dict | None, entries: list[TocEntry]) -> int | None:
    """'-22' right after a row closed on its single page 21: the end of that row's range (the cell
    '21-22' read as two pieces), not the tail of its title; None for any other token."""
    m = _RANGE_TAIL.match(tok)
    if not (m and cur is None and entries and entries[-1].first is not None
            and entries[-1].last == entries[-1].first):
        return None
    end = int(m.group(1))
    return end if end > entries[-1].first else None


def _token_columns(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int], list[str | None]]:
    """(tokens, line of each, the next token that is not a date cell); a lone date is dropped."""
    if sum(t.startswith(_DAY_TOKEN) for t, _ in pairs) < 2:  # one date is no date column (a 立卷日期 line)
        pairs = [(t, n) for t, n in pairs if not t.startswith(_DAY_TOKEN)]
    toks = [t for t, _ in pairs]
    line_of = [n for _, n in pairs]
    following: list[str | None] = [None] * len(toks)  # the next token that is not a date cell
    for i in range(len(toks) - 2, -1, -1):
        nxt_tok = toks[i + 1]
        following[i] = following[i + 1] if nxt_tok.startswith(_DAY_TOKEN) else nxt_tok
    return toks, line_of, following


def _lists_a_document(e: TocEntry) -> bool:
    """Not a noise row: a seq, pages or a title of a document's length (a row whose number
    cells OCR lost keeps its title: it still lists a document)."""
    return (e.seq is not None or e.first is not None
            or (len(re.findall(r"[\u4e00-\u9fff]", e.title)) >= MIN_BARE_TITLE and not _HEADER_WORD.search(e.title)))


def parse_toc(pages: list[Page]) -> list[TocEntry]:
    """Entries of all toc pages in order (continuation pages included)."""
    out: list[TocEntry] = []
    scanned: set[int] = set()
    for pg in pages:
        out.extend(parse_toc_text(pg.text, pg.index))
        if pg.text_source == "ocr":
            scanned.add(pg.index)
    for k in range(len(out) - 1):  # a row whose number OCR lost, between 3 and 5, is 4
        prev, row, nxt = out[k - 1] if k else None, out[k], out[k + 1]
        if prev is not None and row.seq is None and prev.seq is not None and nxt.seq == prev.seq + 2:
            row.seq = prev.seq + 1
        if row.page in scanned:
            _restore_lost_dash(prev.last if prev is not None else 0, row, nxt)
    return out


def _restore_lost_dash(prev_last: int | None, row: TocEntry, nxt: TocEntry) -> None:
    """A scanned range whose dash OCR lost ("9-11" read as 911) is the range that fills the gap
    between its neighbours exactly: 911 between a row ending on 8 and one starting on 12 (12
    as the first row, before one starting on 3: pages 1-2)."""
    if prev_last is None or nxt.first is None or row.first is None or row.first != row.last:
        return
    a, b = prev_last + 1, nxt.first - 1
    if a < b and str(row.first) == f"{a}{b}":
        row.first, row.last = a, b


def pin_lost_page_cells(toc: list[TocEntry], physical: dict[int, int], types_at: dict[int, str]) -> None:
    """A row whose page cell OCR lost lists the pages its neighbours leave: from the page after the
    row before it (page 1 for the first row) to the page before the next row. The row takes them
    when its title names the type of the document that starts there (``types_at``: physical first
    page -> type; ``physical``: printed page -> physical page)."""
    for k, row in enumerate(toc):
        if row.first is not None or k + 1 >= len(toc) or toc[k + 1].first is None:
            continue
        prev = toc[k - 1] if k else None
        if prev is not None and prev.first is None:
            continue
        lo = 1 if prev is None else (prev.last if prev.last is not None else prev.first) + 1
        hi = toc[k + 1].first - 1
        at = physical.get(lo)
        if lo <= hi and at is not None and title_type(row.title) == types_at.get(at):
            row.first, row.last = lo, hi
