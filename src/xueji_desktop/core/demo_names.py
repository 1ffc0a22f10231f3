"""Word lists for the demo data generator: names, places, phone prefixes, courses, employers,
certificates, awards and the other wording of a fictional school's records.

Given-name characters avoid common polyphonic characters so that the default pinyin reading is
the name reading. Nothing here names a real person; generated names are random combinations.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "AWARDS",
    "CERTIFICATES",
    "COMMUNITY_PARTS",
    "CONDUCT_COMMENTS",
    "EMPLOYER_KINDS",
    "EMPLOYER_WORDS",
    "ETHNIC_MIX",
    "FAMILY_WORK",
    "FAMOUS_NAMES",
    "FEMALE_GIVEN_CHARS",
    "FURTHER_STUDY",
    "GENERAL_CERTIFICATES",
    "INTERNSHIP_COURSE",
    "INTERNSHIP_PLACES",
    "MALE_GIVEN_CHARS",
    "MOBILE_PREFIXES",
    "OTHER_SCHOOLS",
    "POSTAL_CODES",
    "PROFESSIONAL_COURSES",
    "PROFESSIONAL_CREDITS",
    "PROFESSIONAL_TERMS",
    "PUBLIC_COURSES",
    "PUNISHMENT_REASONS",
    "RETURNED_REASONS",
    "ROADS",
    "SURNAMES",
    "SURNAME_PINYIN",
    "SURNAME_WEIGHTS",
    "TOWN_PARTS",
    "VILLAGE_PARTS",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common surnames with rough relative frequencies (per mille of the population).
_SURNAME_TABLE = (
    ("王", 71),
    ("李", 70),
    ("张", 67),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 22),
    ("赵", 20),
    ("吴", 18),
    ("周", 17),
    ("徐", 13),
    ("孙", 12),
    ("马", 11),
    ("朱", 11),
    ("胡", 10),
    ("郭", 10),
    ("何", 9),
    ("高", 9),
    ("林", 9),
    ("罗", 8),
    ("郑", 7),
    ("梁", 7),
    ("谢", 6),
    ("宋", 6),
    ("唐", 6),
    ("许", 5),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 5),
    ("曾", 4),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 3),
    ("蒋", 3),
    ("蔡", 3),
    ("余", 3),
    ("杜", 3),
    ("叶", 3),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 2),
    ("卢", 2),
    ("姜", 2),
    ("崔", 2),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 2),
    ("夏", 2),
    ("韦", 2),
    ("付", 2),
    ("方", 2),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("陶", 1),
    ("贺", 1),
    ("毛", 1),
    ("龚", 1),
    ("邵", 1),
    ("万", 1),
    ("覃", 1),
    ("戴", 1),
    ("莫", 1),
    ("向", 1),
    ("欧阳", 1),
)
SURNAMES: tuple[str, ...] = tuple(s for s, _ in _SURNAME_TABLE)
SURNAME_WEIGHTS: tuple[int, ...] = tuple(w for _, w in _SURNAME_TABLE)

# Surnames whose surname reading differs from the default pinyin reading.
SURNAME_PINYIN: Mapping[str, str] = MappingProxyType({"曾": "zeng", "覃": "qin", "欧阳": "ouyang"})

MALE_GIVEN_CHARS: tuple[str, ...] = tuple(
    "浩宇轩子涵博文俊杰明阳晨睿泽辰昊然鑫磊鹏伟强军涛斌超航凯哲瑞宁彬飞翔锐嘉豪思天佳志成"
    "宏林峰波亮毅康健诚逸铭洋帆安政宸振坤"
)
FEMALE_GIVEN_CHARS: tuple[str, ...] = tuple(
    "欣怡梓涵诗雨思佳琪婷悦雅静晓丽萱颖蕾琳菲娜倩瑶妍蓉慧敏芳洁雪月馨彤嘉可心语宁玥钰"
    "紫萌璐依梦媛佩莹晴兰"
)

# Combinations skipped because they are the names of well-known people.
FAMOUS_NAMES: frozenset[str] = frozenset(
    {"李娜", "王菲", "刘翔", "张杰", "刘洋", "李宁", "杨洋", "王宁", "张静", "李静", "孙杨"}
)

# Address parts.
TOWN_PARTS: tuple[str, ...] = _words(
    "城关 石桥 白沙 桥头 黄土 大坪 龙山 清水 高坪 马鞍 "
    "岩口 金屋 塘田 新田 花桥 枫林 水口 沙坪 双江 太平"
)
VILLAGE_PARTS: tuple[str, ...] = _words(
    "杨家 李家 石门 大塘 青山 桃花 柳林 新民 红星 和平 "
    "向阳 梅子 枫树 田心 竹山 荷叶 茶园 兴隆 富民 联合"
)
ROADS: tuple[str, ...] = _words(
    "人民路 建设路 解放路 中山路 新华路 文化路 青年路 "
    "和平路 东风路 五一路 学府路 迎宾路 滨江路 健康路 "
    "光明路 红旗路"
)
COMMUNITY_PARTS: tuple[str, ...] = _words(
    "阳光 金色 幸福 锦绣 翠湖 江景 东方 书香 紫荆 南苑 华府 枫丹"
)

# Plausible mainland mobile number prefixes.
MOBILE_PREFIXES: tuple[str, ...] = _words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 "
    "158 159 166 173 175 176 177 180 181 182 183 185 186 187 188 189 191 "
    "193 198 199"
)

# -- where students come from ------------------------------------------------------------------

# Minority shares by county code or by prefecture prefix (4 digits), GB/T 3304 codes: 06 苗族,
# 12 侗族, 13 瑶族, 14 白族, 15 土家族, 03 回族. Rough, for realism only; elsewhere in 湖南 a few
# 回族 (邵东, 隆回) and the odd 土家族.
ETHNIC_MIX: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "430529": (("06", 0.55), ("12", 0.05)),  # 城步苗族自治县
        "430527": (("06", 0.35), ("12", 0.15)),  # 绥宁县
        "430528": (("13", 0.08),),  # 新宁县
        "430524": (("13", 0.04), ("03", 0.02)),  # 隆回县
        "430525": (("13", 0.04),),  # 洞口县
        "431226": (("06", 0.6),),  # 麻阳苗族自治县
        "431227": (("12", 0.7),),  # 新晃侗族自治县
        "431228": (("12", 0.5),),  # 芷江侗族自治县
        "431229": (("06", 0.4), ("12", 0.2)),  # 靖州苗族侗族自治县
        "431230": (("12", 0.7),),  # 通道侗族自治县
        "431129": (("13", 0.6),),  # 江华瑶族自治县
        "431125": (("13", 0.4),),  # 江永县
        "430726": (("15", 0.5),),  # 石门县
        "430822": (("15", 0.6), ("14", 0.05)),  # 桑植县
        "4308": (("15", 0.55),),  # 张家界市
        "4331": (("15", 0.45), ("06", 0.3)),  # 湘西土家族苗族自治州
        "4312": (("12", 0.2), ("06", 0.1)),  # 怀化市
        "": (("03", 0.005), ("15", 0.005)),
    }
)

# Postal codes of 湖南's prefectures (prefecture code -> code of the city proper).
POSTAL_CODES: Mapping[str, str] = MappingProxyType(
    {
        "4301": "410000", "4302": "412000", "4303": "411100", "4304": "421000",
        "4305": "422000", "4306": "414000", "4307": "415000", "4308": "427000",
        "4309": "413000", "4310": "423000", "4311": "425000", "4312": "418000",
        "4313": "417000", "4331": "416000",
    }
)  # fmt: skip

# Work of parents and grandparents: (employer, position).
FAMILY_WORK: tuple[tuple[str, str], ...] = (
    ("务农", ""),
    ("务农", ""),
    ("个体经营", "店主"),
    ("外出务工", "工人"),
    ("广东省东莞市电子厂", "工人"),
    ("浙江省义乌市小商品市场", "营业员"),
    ("本地建筑公司", "木工"),
    ("本地物流公司", "司机"),
    ("县人民医院", "护士"),
    ("镇中心小学", "教师"),
    ("本地超市", "收银员"),
    ("自由职业", ""),
)

# -- school life -------------------------------------------------------------------------------

# 公共基础课: (code, name, credits, hours, term indices 1-6, graded by label).
PUBLIC_COURSES: tuple[tuple[str, str, float, int, tuple[int, ...], bool], ...] = (
    ("GB01", "中国特色社会主义", 2.0, 36, (1,), False),
    ("GB02", "心理健康与职业生涯", 2.0, 36, (2,), False),
    ("GB03", "哲学与人生", 2.0, 36, (3,), False),
    ("GB04", "职业道德与法治", 2.0, 36, (4,), False),
    ("GB05", "语文", 12.0, 216, (1, 2, 3, 4), False),
    ("GB06", "数学", 10.0, 180, (1, 2, 3, 4), False),
    ("GB07", "英语", 10.0, 180, (1, 2, 3, 4), False),
    ("GB08", "信息技术", 6.0, 108, (1, 2), False),
    ("GB09", "体育与健康", 8.0, 144, (1, 2, 3, 4, 5), False),
    ("GB10", "历史", 4.0, 72, (1, 2), False),
    ("GB11", "艺术", 2.0, 36, (3,), False),
    ("GB12", "劳动教育", 1.0, 16, (2,), True),
)
# 专业课 of each major, taught in the terms of PROFESSIONAL_TERMS (the last one a 综合实训).
PROFESSIONAL_TERMS: tuple[int, ...] = (1, 2, 3, 3, 4, 4, 5)
PROFESSIONAL_CREDITS: tuple[float, ...] = (4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 6.0)
PROFESSIONAL_COURSES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "710201": _words("计算机组装与维护 程序设计基础 数据库应用基础 网页设计与制作 "
                         "计算机网络基础 图形图像处理 计算机应用综合实训"),
        "730301": _words("基础会计 经济法基础 财务会计 成本会计 会计信息化 纳税实务 会计综合实训"),
        "660301": _words("机械制图 机械基础 金属加工与实训 极限配合与技术测量 数控加工技术 "
                         "钳工工艺与技能训练 机械加工综合实训"),
        "730701": _words("电子商务基础 市场营销基础 网店运营 网络营销 商品拍摄与图片处理 "
                         "电子商务数据分析 电子商务综合实训"),
        "700206": _words("汽车机械基础 汽车电工电子基础 汽车发动机构造与维修 汽车底盘构造与维修 "
                         "汽车电气设备构造与维修 汽车维护 汽车维修综合实训"),
        "720201": _words("解剖学基础 生理学基础 护理学基础 药物学基础 内科护理 外科护理 "
                         "护理综合实训"),
        "740101": _words("旅游概论 导游基础知识 旅游服务礼仪 模拟导游 旅行社业务 旅游地理 "
                         "旅游服务综合实训"),
        "770101": _words("幼儿卫生保健 幼儿心理学基础 幼儿教育学基础 幼儿保育实务 幼儿游戏与指导 "
                         "乐理与视唱 保育综合实训"),
    }
)  # fmt: skip
INTERNSHIP_COURSE = ("SX01", "岗位实习", 20.0, 600)

# 岗位实习 places per major: (employer, position).
INTERNSHIP_PLACES: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "710201": (("邵阳市恒信网络科技有限公司", "网络运维助理"),
                   ("长沙市麓谷软件有限公司", "测试员"), ("邵阳市智联电脑城", "技术支持")),
        "730301": (("邵阳市诚信会计师事务所", "会计助理"), ("邵阳市百汇超市有限公司", "出纳"),
                   ("湖南湘宝商贸有限公司", "财务助理")),
        "660301": (("邵阳市宏达机械制造有限公司", "数控操作员"),
                   ("湖南精工液压件有限公司", "钳工"), ("长沙市远航机床有限公司", "装配工")),
        "730701": (("邵阳市云端电子商务有限公司", "网店运营助理"),
                   ("长沙市星辰直播科技有限公司", "客服专员"), ("邵阳市特产网络营销中心", "美工")),
        "700206": (("邵阳市恒通汽车销售服务有限公司", "机修工"),
                   ("邵阳市顺达汽车维修厂", "维修学徒"), ("长沙市快修连锁店", "保养技师")),
        "720201": (("邵阳市第一人民医院", "实习护士"), ("邵阳市中心医院", "实习护士"),
                   ("邵阳县人民医院", "实习护士")),
        "740101": (("邵阳市崀山国际旅行社", "导游助理"), ("邵阳市华美达酒店", "前台接待"),
                   ("张家界市天门旅游服务有限公司", "景区讲解员")),
        "770101": (("邵阳市实验幼儿园", "保育员"), ("邵阳市阳光幼儿园", "保育员"),
                   ("双清区星星幼儿园", "配班保育员")),
    }
)  # fmt: skip

# 技能证书 per major: (name, level, issuer, 1+X). Issuers are named by kind, not by a real body.
CERTIFICATES: Mapping[str, tuple[tuple[str, str, str, bool], ...]] = MappingProxyType(
    {
        "710201": (("Web前端开发职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("计算机程序设计员", "四级", "职业技能等级认定机构", False)),
        "730301": (("业财一体信息化应用职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("智能财税职业技能等级证书", "初级", "1+X培训评价组织", True)),
        "660301": (("数控车铣加工职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("车工", "四级", "职业技能等级认定机构", False)),
        "730701": (("网店运营推广职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("电子商务数据分析职业技能等级证书", "初级", "1+X培训评价组织", True)),
        "700206": (("汽车运用与维修职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("汽车维修工", "四级", "职业技能等级认定机构", False)),
        "720201": (("老年照护职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("母婴护理职业技能等级证书", "初级", "1+X培训评价组织", True)),
        "740101": (("研学旅行策划与管理职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("导游资格证", "", "文化和旅游主管部门", False)),
        "770101": (("幼儿照护职业技能等级证书", "初级", "1+X培训评价组织", True),
                   ("保育师", "四级", "职业技能等级认定机构", False)),
    }
)  # fmt: skip
GENERAL_CERTIFICATES: tuple[tuple[str, str, str, bool], ...] = (
    ("全国计算机等级考试证书", "一级", "教育考试机构", False),
    ("普通话水平测试等级证书", "二级乙等", "语言文字工作机构", False),
)

# Awards: (level, title, issued by: "school" or "city").
AWARDS: tuple[tuple[str, str, str], ...] = (
    ("校级", "三好学生", "school"),
    ("校级", "优秀学生干部", "school"),
    ("校级", "文明学生", "school"),
    ("校级", "学习进步奖", "school"),
    ("校级", "技能节一等奖", "school"),
    ("市级", "优秀共青团员", "city"),
    ("市级", "职业院校技能大赛三等奖", "city"),
)
PUNISHMENT_REASONS: tuple[str, ...] = (
    "旷课累计超过规定课时",
    "违反宿舍管理规定，夜不归宿",
    "考试作弊",
    "与同学发生肢体冲突",
    "携带违禁电器进入宿舍",
)
CONDUCT_COMMENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "优秀": ("品德优良，积极参加集体活动，起到模范带头作用。",
                 "尊敬师长，团结同学，热心班级事务。"),
        "良好": ("遵守校纪校规，学习态度端正。", "为人诚恳，能按时完成学习任务。"),
        "合格": ("基本遵守校纪校规，学习主动性有待提高。", "能参加集体活动，需加强时间观念。"),
        "不合格": ("本学期多次违反校纪，需加强自我管理。",),
    }
)  # fmt: skip

# Where graduates go on to, and schools students transfer to (fictional names).
FURTHER_STUDY: tuple[str, ...] = (
    "湘中示范职业技术学院",
    "邵阳示范职业技术学院",
    "湖南示范工程职业技术学院",
    "湖南示范医药职业技术学院",
)
EMPLOYER_WORDS: tuple[str, ...] = _words("恒信 宏达 顺通 华美 诚信 百汇 金桥 湘宝 新城 远航")
EMPLOYER_KINDS: tuple[str, ...] = _words("科技 商贸 机械 汽车服务 医疗服务 文化旅游 教育咨询")
OTHER_SCHOOLS: tuple[str, ...] = (
    "怀化市示范职业中专学校",
    "长沙市示范中等职业学校",
    "衡阳市示范职业技术学校",
    "广东省东莞市示范职业技术学校",
)
RETURNED_REASONS: tuple[str, ...] = (
    "照片背景不符合要求，请重新采集后上报",
    "户口所在地详细地址与户口簿不一致，请核实",
)
