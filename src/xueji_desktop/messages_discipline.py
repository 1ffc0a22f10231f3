"""Sentences and labels of ``xueji discipline`` (奖惩 on the command line): (zh, en) tables only,
read through ``cli_discipline.text``."""

from __future__ import annotations

DISCIPLINE_TEXTS: dict[str, tuple[str, str]] = {
    "kind_award": ("奖励", "award"),
    "kind_punishment": ("处分", "punishment"),
    "state_active": ("有效", "in force"),
    "state_lifted": ("已解除", "lifted"),
    "state_annulled": ("已撤销", "annulled"),
    "state_voided": ("已作废", "voided"),
    "added": ("已登记，奖惩记录号 {id}。", "Recorded as entry number {id}."),
    "lifted": ("处分已解除。", "The punishment is lifted."),
    "annulled": ("处分已撤销。", "The punishment is annulled."),
    "voided": ("已作废（记录仍保留，可查）。", "Voided (the entry is kept and can still be read)."),
    "empty": ("没有奖惩记录。", "No awards or punishments."),
    "line": (
        "#{id}\t{date}\t{kind}\t{level}\t{title}\t{document_no}\t{state}",
        "#{id}\t{date}\t{kind}\t{level}\t{title}\t{document_no}\t{state}",
    ),
    "line_lifted": ("\t解除：{date} {document_no}", "\tlifted: {date} {document_no}"),
    "line_annulled": ("\t撤销：{date} {reason}", "\tannulled: {date} {reason}"),
    "line_voided": ("\t作废原因：{reason}", "\tvoid reason: {reason}"),
    # usage errors (exit status 2)
    "bad_level": (
        "“{value}”不是处分类别。可用的有：警告、严重警告、记过、留校察看、开除学籍。",
        "“{value}” is not a kind of punishment. Use one of: 警告 (warning), 严重警告 "
        "(serious_warning), 记过 (demerit), 留校察看 (probation), 开除学籍 (expulsion).",
    ),
    "needs_document_no": (
        "处分和处分解除都要有文号：请用 --document-no 给出。",
        "A punishment and its lifting each need a document number: add --document-no.",
    ),
    "needs_reason": (
        "请用 --reason 写明原因（不能为空）。",
        "Give the reason with --reason (it cannot be empty).",
    ),
    "needs_text": (
        "请给出 {option}（不能为空）。",
        "Give {option} (it cannot be empty).",
    ),
    "not_text": (
        "参数中有无法识别的字符（不是有效的文字），请重新输入。",
        "An argument holds characters that are not valid text; type it again.",
    ),
}
