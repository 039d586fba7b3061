"""BD: binding errors (order, table of contents, page numbers, page flags, cover).

The checks read ``Dossier.documents`` (types, ranges, titles), ``Page.printed_number``,
``Page.flags``/``Page.rotation``, ``CaseFacts.toc`` and ``CaseFacts.cover``; how sure the
readings behind their findings are is :mod:`review.checks.doubt`. One module per check;
the registry imports this package as the BD family, so importing it registers them all.
"""
from review.checks.binding import cover, order, page_flags, page_numbers, toc  # noqa: F401  (registers the checks)
