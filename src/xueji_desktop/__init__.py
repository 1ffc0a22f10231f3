"""Xueji Desktop (学籍档案室): the student-records archive of a secondary vocational school."""

__version__ = "0.1.0"
