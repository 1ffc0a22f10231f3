"""Validation of 10,000 generated records (issue 3 §7: goal under 1 s).

Records are keyed by the national template's Chinese column names, with labels (not codes) for
the code fields, varied names, ID numbers, regions, phones and addresses, and one or two family
members each: the shape an Excel import or ``xueji student add --from-json`` hands over. Times
``to_internal`` + ``check_student(draft=False)`` per record; prints the median of several runs
(wall clock and process CPU time), the first run alone (validation's memo of code/region values
and its per-layout plans start empty) and the number of problems found (a sanity check).

Run: .venv/bin/python benchmarks/validation.py [--records N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import time

from xueji_desktop.core import codes
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.majors import MAJORS
from xueji_desktop.core.regions import current_regions
from xueji_desktop.core.validation import check_student, to_internal

TODAY = datetime.date(2026, 1, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建宇浩然子轩梓涵欣怡"


def _label(rng: random.Random, table: str) -> str:
    return rng.choice(codes.choices(table))[1]


def make_records(n: int, seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    regions = [code for code, _ in current_regions()]
    majors = [m.code for m in MAJORS]
    records: list[dict[str, object]] = []
    for i in range(n):
        region = rng.choice(regions)
        birth = datetime.date(2009, 1, 1) + datetime.timedelta(days=rng.randrange(730))
        male = rng.random() < 0.5
        seq = rng.randrange(0, 998, 2) + (1 if male else 0)
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        id_number = first17 + check_char(first17)
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        record: dict[str, object] = {
            "姓名": name,
            "性别": "男" if male else "女",
            "出生日期": birth.isoformat() if i % 3 else f"{birth:%Y/%m/%d}",
            "身份证件类型": "居民身份证",
            "身份证件号": id_number if i % 7 else id_number.lower(),
            "班级名称": f"2025级{rng.randrange(1, 20)}班",
            "学号": f"2025{i:06d}",
            "学生类别": _label(rng, "student_category"),
            "学习形式": "全日制",
            "入学方式": _label(rng, "admission_mode"),
            "就读方式": rng.choice(("走读", "住校")),
            "国籍/地区": "中国",
            "港澳台侨外": "非港澳台侨",
            "是否随迁子女": rng.choice(("是", "否")),
            "出生地行政区划码": region,
            "籍贯地行政区划码": region,
            "户口所在地行政区划码": region,
            "户口性质": _label(rng, "hukou_type"),
            "学生居住地类型": _label(rng, "residence_type"),
            "入学年月": "202509",
            "专业": rng.choice(majors),
            "学制": "三年制",
            "民族": rng.choice(("汉族", "汉", "苗族", "土家族", "01", "瑶族")),
            "政治面貌": rng.choice(("共青团员", "群众", "03", "13")),
            "健康状况": "健康或良好",
            "招生对象": "应届初中毕业生",
            "联系电话": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            "是否建档立卡贫困户": "否",
            "分段培养方式": "非分段培养",
            "家庭现地址": f"某省某市某区建设路{rng.randrange(1, 999)}号",
            "学籍号": "G" + id_number,
            "家庭成员": [
                {"姓名": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                 "关系": rng.choice(("父亲", "母亲", "祖父")), "是否监护人": "是",
                 "联系电话": f"13{rng.randrange(10**9):09d}"}
                for _ in range(rng.choice((1, 2)))
            ],
        }  # fmt: skip
        records.append(record)
    return records


def run(records: list[dict[str, object]]) -> tuple[float, float, int]:
    problems = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for record in records:
        values, found = to_internal(record)
        checked = check_student(values, today=TODAY, draft=False)
        problems += len(found) + len(checked.problems)
    return time.perf_counter() - wall, time.process_time() - cpu, problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    records = make_records(args.records)
    results = [run(records) for _ in range(args.runs)]
    walls = [r[0] for r in results]
    cpus = [r[1] for r in results]
    print(
        f"validation of {args.records:,} records: median {statistics.median(walls):.3f} s wall, "
        f"{statistics.median(cpus):.3f} s CPU (min {min(walls):.3f} s, first run with cold "
        f"caches {walls[0]:.3f} s) over {args.runs} runs; {results[0][2]} problems found "
        f"(goal: under 1 s)"
    )


if __name__ == "__main__":
    main()
