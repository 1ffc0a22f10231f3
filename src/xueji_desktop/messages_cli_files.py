"""Sentences and labels of ``xueji file …`` (issue 8: the archive room's paper files): a table
only, (zh, en), read through ``xueji_desktop.cli_files.text``. Placeholders are filled with
``str.format_map``; a missing one reads as empty."""

from __future__ import annotations

CLI_FILES_TEXTS: dict[str, tuple[str, str]] = {
    # -- where the file is (Whereabouts.state) ------------------------------------------------
    "state_in_room": ("在档案室", "in the archive room"),
    "state_on_loan": ("已借出", "lent out"),
    "state_dispatched": ("已转递", "sent on"),
    "state_kept": ("学校归档保存", "kept by the school"),
    "state_unregistered": ("未登记", "not registered"),
    # -- kinds --------------------------------------------------------------------------------
    "intake_new_intake": ("新生入学", "new intake"),
    "intake_transfer_in": ("转入", "transfer in"),
    "intake_other": ("其他", "other"),
    "receiver_school": ("升学学校", "next school"),
    "receiver_employer": ("工作单位", "employer"),
    "receiver_talent_centre": ("人才服务中心", "talent centre"),
    "receiver_hukou_place": ("户籍所在地", "place of household registration"),
    "receiver_military": ("部队", "the military"),
    "receiver_other": ("其他", "other"),
    "via_confidential_mail": ("机要", "confidential mail"),
    "via_in_person": ("专人送达", "in person"),
    "via_other": ("其他方式", "other"),
    "event_received": ("接收", "received"),
    "event_lent": ("借出", "lent"),
    "event_returned": ("归还", "returned"),
    "event_dispatched": ("转递", "sent on"),
    "event_receipt": ("收到回执", "receipt back"),
    "event_dispatch_voided": ("转递作废", "dispatch voided"),
    "event_located": ("登记位置", "shelved"),
    "event_kept": ("归档保存", "kept"),
    # -- "where is my file" -------------------------------------------------------------------
    "who": (
        "{name}（{student_no}，{class_name}，{status}）",
        "{name} ({student_no}, {class_name}, {status})",
    ),
    "who_left": ("{status}，{left_on} 离校", "{status}, left {left_on}"),
    "locate_line": ("{who}：{where}", "{who}: {where}"),
    "unit": ("（{unit}）", " ({unit})"),
    "collector": ("（领取人 {name}）", " (collected by {name})"),
    "place_cabinet": ("柜 {value}", "cabinet {value}"),
    "place_shelf": ("层 {value}", "shelf {value}"),
    "place_box": ("盒 {value}", "box {value}"),
    "place_unknown": ("位置未登记", "place not recorded"),
    "where_in_room": ("在档案室：{place}", "In the archive room: {place}"),
    "where_on_loan": (
        "已借出：{borrower}{unit}，{lent_on} 借出，应于 {due_on} 归还{overdue}",
        "Lent to {borrower}{unit} on {lent_on}, due back {due_on}{overdue}",
    ),
    "overdue_mark": ("（已逾期）", " (overdue)"),
    "where_dispatched": (
        "{dispatched_on} 转递给{receiver}（{receiver_kind}），{via}{number}；{receipt}",
        "Sent on {dispatched_on} to {receiver} ({receiver_kind}), {via}{number}; {receipt}",
    ),
    "receipt_back": ("{receipt_on} 收到回执", "receipt back on {receipt_on}"),
    "receipt_missing": ("回执未收到", "no receipt yet"),
    "where_kept": ("学校归档保存：{place}", "Kept by the school: {place}"),
    "where_unregistered": (
        "档案室没有这份纸质档案的登记",
        "The archive room has no record of this paper file",
    ),
    "no_match": ("没有找到“{text}”。", "Nobody matches “{text}”."),
    "event_line": ("    {date} {kind}{detail}", "    {date} {kind}{detail}"),
    "kept_undone": ("（取消）", " (undone)"),
    # -- confirmations ------------------------------------------------------------------------
    "received": (
        "已登记接收 {count} 名学生的档案，接收批次号 {id}。",
        "Received the files of {count} students as intake batch {id}.",
    ),
    "lent": (
        "已登记借出（借阅号 {id}），应于 {due_on} 归还。",
        "Lent out (loan {id}); due back {due_on}.",
    ),
    "returned": ("已登记归还。", "Return recorded."),
    "dispatched": (
        "已登记转递 {count} 份档案，转递号 {first} 至 {last}。",
        "Recorded {count} files sent on, dispatch numbers {first} to {last}.",
    ),
    "dispatched_one": ("已登记转递，转递号 {first}。", "Recorded as sent on, dispatch {first}."),
    "dispatch_preview": (
        "将转递以下 {count} 名学生的档案（预览，档案库没有任何改动）：",
        "These {count} students' files would be sent on (a preview; nothing changed):",
    ),
    "nothing_to_dispatch": (
        "这个班没有需要转递的档案：学生都还在校，或档案已转递、已借出或由学校归档保存。",
        "Nothing to send on for this class: its students are still at school, or their files "
        "are already sent, lent out or kept by the school.",
    ),
    "class_empty": ("这个班没有学生。", "This class has no students."),
    "receipt_recorded": ("已登记回执。", "Receipt recorded."),
    "dispatch_voided": (
        "这次转递已作废，可以重新登记转递。",
        "The dispatch is voided; the file can be sent again.",
    ),
    "shelved": ("已登记 {count} 份档案的位置。", "The place of {count} files is recorded."),
    "shelved_none": ("位置没有变化。", "The place did not change."),
    "kept": ("已改为学校归档保存。", "The school now keeps this file."),
    "unkept": ("已取消归档保存，档案可以转递。", "No longer kept; the file can be sent on."),
    "no_loans": ("没有借阅记录。", "No loans."),
    "no_overdue": ("没有逾期未还的档案。", "No overdue loans."),
    "no_dispatches": ("没有转递记录。", "No dispatches."),
    "no_receipts_overdue": ("没有超期未收到的回执。", "No receipts overdue."),
    "no_intakes": ("还没有接收登记。", "No intake batches yet."),
    "loan_line": (
        "{id}\t{student_no}\t{name}\t{borrower}{unit}\t{purpose}\t{lent_on} → {due_on}\t{state}",
        "{id}\t{student_no}\t{name}\t{borrower}{unit}\t{purpose}\t{lent_on} → {due_on}\t{state}",
    ),
    "loan_open": ("未还", "out"),
    "loan_overdue": ("逾期未还", "overdue"),
    "loan_returned": ("{returned_on} 已还", "returned {returned_on}"),
    "dispatch_line": (
        "{id}\t{dispatched_on}\t{student_no}\t{name}\t{receiver}\t{via}{number}\t{state}",
        "{id}\t{dispatched_on}\t{student_no}\t{name}\t{receiver}\t{via}{number}\t{state}",
    ),
    "dispatch_voided_state": ("已作废", "voided"),
    "intake_line": (
        "{id}\t{received_on}\t{kind}\t{source}\t{delivered_by}",
        "{id}\t{received_on}\t{kind}\t{source}\t{delivered_by}",
    ),
    "printed": ("已保存：{path}", "Saved: {path}"),
    # -- usage errors (exit status 2) ---------------------------------------------------------
    "bad_contents": (
        "--contents 应写成“材料=份数,材料=份数”（份数为 0 到 999 的整数），"
        "如 入学登记表=1,照片=2；不能是“{value}”。",
        "--contents is written as TYPE=PIECES,TYPE=PIECES (pieces a whole number from 0 to "
        "999), such as enrolment_form=1,photo=2; not “{value}”.",
    ),
    "bad_types": (
        "材料名称应以逗号分开，如 录取通知书,照片；不能是“{value}”。",
        "Types are separated by commas, such as admission_notice,photo; not “{value}”.",
    ),
    "need_students": (
        "请给出学生（学号、学籍号或 #记录号），或用 --class 给出班级。",
        "Name the students (学号, 学籍号 or #record number), or a class with --class.",
    ),
    "students_or_class": (
        "学生和 --class 只能选一种。",
        "Name either the students or a class with --class, not both.",
    ),
    "need_dispatch": (
        "请给出学生（学号）或用 --dispatch 给出转递号，只能选一种。",
        "Name either the student (学号) or the dispatch with --dispatch, one of the two.",
    ),
    "needs_dispatch_no": (
        "机要转递请用 --dispatch-no 给出机要编号。",
        "Confidential mail needs its number: add --dispatch-no.",
    ),
    "needs_carrier": (
        "专人送达请用 --carrier 给出领取人姓名。",
        "Sending in person needs the name of the person who collects it: add --carrier.",
    ),
    "today_without_overdue": (
        "--today 只和 --overdue 一起使用。",
        "--today goes with --overdue only.",
    ),
    "not_text": (
        "命令行里有无法识别的文字（不是 UTF-8 编码），请检查输入法或终端的编码后重新输入。",
        "The command line holds characters that are not UTF-8 text; check the terminal's "
        "encoding and type it again.",
    ),
    "bad_locate_limit": (
        "条数应为 1 到 500 之间的整数，不能是“{value}”。",
        "The number of results must be a whole number from 1 to 500, not “{value}”.",
    ),
    "not_pdf": ("要保存为 .pdf 文件，不能是“{path}”。", "Save as a .pdf file, not “{path}”."),
    "need_slips": (
        "请给出转递号，或用 --batch 给出转递批次。",
        "Name the dispatch numbers, or a batch with --batch.",
    ),
}
