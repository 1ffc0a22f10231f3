"""Schema 2: the full 学籍 record (records issue).

- ``students`` is rebuilt: every national-template field, the lifecycle columns (上报状态, void),
  nullable 学号/学籍号 (a draft has none yet) with uniqueness that ignores voided records, and
  triggers that refuse an in-place change of either number unless the audited correction path
  first wrote the matching row to ``number_aliases``.
- ``family_members`` is rebuilt with the template's twelve fields.
- New: terms, courses, grades, conduct evaluations, rewards and punishments, attendance,
  internships, skill certificates, financial aid, destinations, attachments, the document
  checklist, status changes (学籍异动), field history, number aliases, graduation rules, and the
  derived search index (``search_keys``; excluded from the content hash).

Codes are stored, labels are shown. Dates are ISO ``YYYY-MM-DD`` text, months ``YYYYMM``.
Booleans are 0/1, NULL when not yet known. Money is integer fen (分).
"""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 2

_TEXT_FIELDS = (
    "name_pinyin",
    "former_name",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "student_category",
    "study_mode",
    "admission_mode",
    "boarding_mode",
    "nationality",
    "overseas_status",
    "marital_status",
    "train_route",
    "source_place",
    "birthplace",
    "native_place",
    "hukou_address",
    "police_station",
    "hukou_place",
    "hukou_type",
    "residence_type",
    "enrolment_month",
    "major_catalogue",
    "major_direction",
    "program_length",
    "ethnicity",
    "political_status",
    "health_status",
    "student_source",
    "enrolment_target",
    "phone",
    "recruitment_mode",
    "joint_type",
    "exam_ticket_no",
    "candidate_no",
    "exam_score",
    "joint_form",
    "joint_school_code",
    "offsite_site",
    "staged_training",
    "english_name",
    "email",
    "home_address",
    "postal_code",
    "home_phone",
    "graduation_assessment",
)

_STATUSES = (
    "'enrolled','on_leave','graduated','completed_without_diploma',"
    "'studied_without_completing','withdrawn','expelled','transferred_out','deregistered',"
    "'deceased'"
)

STUDENTS = f"""
CREATE TABLE students_new (
    id INTEGER PRIMARY KEY,
    student_no TEXT,
    registry_no TEXT,
    name TEXT NOT NULL,
    {", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in _TEXT_FIELDS)},
    migrant_child INTEGER CHECK (migrant_child IN (0, 1)),
    poverty_registered INTEGER CHECK (poverty_registered IN (0, 1)),
    major_code TEXT REFERENCES majors(code),
    class_group_id INTEGER REFERENCES class_groups(id),
    photo_blob TEXT REFERENCES blobs(name),
    status TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ({_STATUSES})),
    report_status TEXT NOT NULL DEFAULT 'draft'
        CHECK (report_status IN ('draft', 'confirmed', 'reported', 'approved', 'returned')),
    returned_reason TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT,
    confirmed_by TEXT,
    graduation_outcome TEXT NOT NULL DEFAULT '',
    graduation_date TEXT NOT NULL DEFAULT '',
    diploma_no TEXT,
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT '',
    voided_at TEXT,
    voided_by TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
)
"""

COPY_STUDENTS = """
INSERT INTO students_new (id, student_no, registry_no, name, name_pinyin, former_name, gender,
    birth_date, id_type, id_number, ethnicity, political_status, native_place, hukou_place,
    hukou_type, major_code, class_group_id, enrolment_month, phone, home_address, status,
    report_status, confirmed_at, created_at, updated_at)
SELECT id, NULLIF(student_no, ''), NULLIF(registry_no, ''), name, name_pinyin, former_name,
    gender, birth_date, id_type, id_number, ethnicity, political_status, native_place,
    hukou_place, hukou_type, major_code, class_group_id, enrolment_month, phone, address, status,
    'confirmed', created_at, created_at, updated_at
FROM students
"""

FAMILY = """
CREATE TABLE family_members_new (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students_new(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    is_guardian INTEGER NOT NULL DEFAULT 0 CHECK (is_guardian IN (0, 1)),
    phone TEXT NOT NULL DEFAULT '',
    birth_month TEXT NOT NULL DEFAULT '',
    id_type TEXT NOT NULL DEFAULT '',
    id_number TEXT NOT NULL DEFAULT '',
    ethnicity TEXT NOT NULL DEFAULT '',
    political_status TEXT NOT NULL DEFAULT '',
    health_status TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    UNIQUE (student_id, seq)
)
"""

COPY_FAMILY = """
INSERT INTO family_members_new (id, student_id, seq, name, relation, is_guardian, phone)
SELECT id, student_id, seq, name, relation, is_guardian, phone FROM family_members
"""

# Statements after the rebuild. Separated by ";\n" (see apply()).
SCHEMA = """
CREATE UNIQUE INDEX students_student_no ON students(student_no)
    WHERE voided = 0 AND student_no IS NOT NULL;
CREATE UNIQUE INDEX students_registry_no ON students(registry_no)
    WHERE voided = 0 AND registry_no IS NOT NULL;
CREATE UNIQUE INDEX students_id_number ON students(id_type, id_number)
    WHERE voided = 0 AND id_number <> '';
CREATE UNIQUE INDEX students_diploma_no ON students(diploma_no)
    WHERE voided = 0 AND diploma_no IS NOT NULL;
CREATE INDEX students_student_no_all ON students(student_no);
CREATE INDEX students_class ON students(class_group_id);
CREATE INDEX students_name ON students(name);
CREATE INDEX students_status ON students(status);
CREATE INDEX students_birth ON students(birth_date);
CREATE INDEX family_student ON family_members(student_id);
CREATE INDEX family_phone ON family_members(phone);
-- Old numbers stay findable; a row here is also the permit for the correction trigger below.
CREATE TABLE number_aliases (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('student_no', 'registry_no')),
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    ts TEXT NOT NULL
);
CREATE INDEX number_aliases_old ON number_aliases(old_value);
CREATE INDEX number_aliases_student ON number_aliases(student_id);
CREATE TRIGGER students_student_no_fixed BEFORE UPDATE OF student_no ON students
WHEN OLD.student_no IS NOT NULL AND NEW.student_no IS NOT OLD.student_no
 AND NOT EXISTS (SELECT 1 FROM number_aliases a WHERE a.student_id = OLD.id
     AND a.kind = 'student_no' AND a.old_value = OLD.student_no
     AND a.new_value = NEW.student_no)
BEGIN SELECT RAISE(ABORT, 'student_no is fixed: use an audited correction'); END;
CREATE TRIGGER students_registry_no_fixed BEFORE UPDATE OF registry_no ON students
WHEN OLD.registry_no IS NOT NULL AND NEW.registry_no IS NOT OLD.registry_no
 AND NOT EXISTS (SELECT 1 FROM number_aliases a WHERE a.student_id = OLD.id
     AND a.kind = 'registry_no' AND a.old_value = OLD.registry_no
     AND a.new_value = NEW.registry_no)
BEGIN SELECT RAISE(ABORT, 'registry_no is fixed: use an audited correction'); END;
-- Nothing is hard-deleted: records are voided.
CREATE TRIGGER students_no_delete BEFORE DELETE ON students
BEGIN SELECT RAISE(ABORT, 'students are never deleted: void the record'); END;
CREATE TABLE field_history (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    entity TEXT NOT NULL DEFAULT 'student',
    entity_id INTEGER,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL DEFAULT '',
    change_kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    ts TEXT NOT NULL
);
CREATE INDEX field_history_student ON field_history(student_id, field);
CREATE TRIGGER field_history_no_update BEFORE UPDATE ON field_history
BEGIN SELECT RAISE(ABORT, 'field_history is append-only'); END;
CREATE TRIGGER field_history_no_delete BEFORE DELETE ON field_history
BEGIN SELECT RAISE(ABORT, 'field_history is append-only'); END;
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    school_year INTEGER NOT NULL,
    semester INTEGER NOT NULL CHECK (semester IN (1, 2)),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    UNIQUE (school_year, semester)
);
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    course_type TEXT NOT NULL CHECK (course_type IN ('public_basic', 'professional', 'internship')),
    credits REAL NOT NULL DEFAULT 0 CHECK (credits >= 0),
    hours INTEGER NOT NULL DEFAULT 0 CHECK (hours >= 0),
    major_code TEXT REFERENCES majors(code),
    required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1))
);
CREATE TABLE grades (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    course_id INTEGER NOT NULL REFERENCES courses(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    grade_label TEXT NOT NULL DEFAULT '',
    makeup_score REAL CHECK (makeup_score IS NULL OR (makeup_score >= 0 AND makeup_score <= 100)),
    makeup_date TEXT NOT NULL DEFAULT '',
    retake_score REAL CHECK (retake_score IS NULL OR (retake_score >= 0 AND retake_score <= 100)),
    retake_term_id INTEGER REFERENCES terms(id),
    remark TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (student_id, course_id, term_id)
);
CREATE INDEX grades_term ON grades(term_id, course_id);
CREATE INDEX grades_course ON grades(course_id);
CREATE TABLE conduct_evaluations (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    grade TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (student_id, term_id)
);
CREATE TABLE rewards_punishments (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('award', 'punishment')),
    level TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    document_no TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL,
    issued_by TEXT NOT NULL DEFAULT '',
    lifted_on TEXT,
    lifted_document_no TEXT NOT NULL DEFAULT '',
    annulled_on TEXT,
    annulled_reason TEXT NOT NULL DEFAULT '',
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (kind = 'punishment' OR (lifted_on IS NULL AND annulled_on IS NULL))
);
CREATE INDEX rewards_punishments_student ON rewards_punishments(student_id);
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    sick_leave_hours INTEGER NOT NULL DEFAULT 0 CHECK (sick_leave_hours >= 0),
    personal_leave_hours INTEGER NOT NULL DEFAULT 0 CHECK (personal_leave_hours >= 0),
    truancy_hours INTEGER NOT NULL DEFAULT 0 CHECK (truancy_hours >= 0),
    late_count INTEGER NOT NULL DEFAULT 0 CHECK (late_count >= 0),
    UNIQUE (student_id, term_id)
);
CREATE TABLE internships (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    employer TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    supervisor TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL DEFAULT '',
    assessment TEXT NOT NULL DEFAULT '',
    remark TEXT NOT NULL DEFAULT '',
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX internships_student ON internships(student_id);
CREATE TABLE skill_certificates (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    name TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    issuer TEXT NOT NULL DEFAULT '',
    certificate_no TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL,
    is_1x INTEGER NOT NULL DEFAULT 0 CHECK (is_1x IN (0, 1)),
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX skill_certificates_student ON skill_certificates(student_id);
CREATE TABLE financial_aid (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    kind TEXT NOT NULL CHECK (kind IN ('state_grant', 'tuition_waiver', 'other')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    paid_on TEXT NOT NULL DEFAULT '',
    remark TEXT NOT NULL DEFAULT '',
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX financial_aid_once ON financial_aid(student_id, term_id, kind)
    WHERE voided = 0;
CREATE TABLE destinations (
    student_id INTEGER PRIMARY KEY REFERENCES students(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('employment', 'further_study', 'military', 'stage_transfer', 'other')),
    employer TEXT NOT NULL DEFAULT '',
    matches_major INTEGER CHECK (matches_major IN (0, 1)),
    recorded_on TEXT NOT NULL,
    remark TEXT NOT NULL DEFAULT ''
);
CREATE TABLE document_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    required_when TEXT NOT NULL DEFAULT 'always'
        CHECK (required_when IN ('always', 'graduated', 'left', 'never')),
    sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO document_types (code, name, required_when, sort_order) VALUES
    ('enrolment_form', '入学登记表', 'always', 10),
    ('id_copy', '身份证件复印件', 'always', 20),
    ('hukou_copy', '户口簿复印件', 'always', 30),
    ('admission_notice', '录取通知书', 'always', 40),
    ('junior_diploma', '初中毕业证书复印件', 'always', 50),
    ('photo', '照片', 'always', 60),
    ('conduct_record', '思想品德评价材料', 'always', 70),
    ('transcript', '成绩单', 'always', 80),
    ('aid_record', '资助材料', 'never', 90),
    ('reward_punishment', '奖惩材料', 'never', 100),
    ('status_change_proof', '学籍异动材料', 'never', 110),
    ('internship_assessment', '岗位实习考核表', 'graduated', 120),
    ('graduate_form', '毕业生登记表', 'graduated', 130),
    ('other', '其他材料', 'never', 900);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    doc_type TEXT NOT NULL REFERENCES document_types(code),
    blob_name TEXT NOT NULL REFERENCES blobs(name),
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_student ON attachments(student_id);
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are never deleted: void them'); END;
CREATE TABLE status_changes (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL,
    category_code TEXT NOT NULL DEFAULT '',
    reason_code TEXT NOT NULL DEFAULT '',
    effective_date TEXT NOT NULL,
    document_no TEXT NOT NULL DEFAULT '',
    approver TEXT NOT NULL DEFAULT '',
    proof_attachment_id INTEGER REFERENCES attachments(id),
    details TEXT NOT NULL DEFAULT '{}',
    status_before TEXT NOT NULL,
    status_after TEXT NOT NULL,
    before_values TEXT NOT NULL DEFAULT '{}',
    report_status TEXT NOT NULL DEFAULT 'draft'
        CHECK (report_status IN ('draft', 'confirmed', 'reported', 'approved', 'returned')),
    returned_reason TEXT NOT NULL DEFAULT '',
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    revoke_reason TEXT NOT NULL DEFAULT '',
    revoked_at TEXT,
    revoked_by TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX status_changes_student ON status_changes(student_id, id);
CREATE TRIGGER status_changes_no_delete BEFORE DELETE ON status_changes
BEGIN SELECT RAISE(ABORT, 'status changes are never deleted: revoke them'); END;
CREATE TABLE graduation_rules (
    major_code TEXT PRIMARY KEY,
    rules TEXT NOT NULL
);
-- Derived search index (names, pinyin readings and initials, numbers, aliases). Rebuilt from
-- the records at any time; not part of the content hash.
CREATE TABLE search_keys (
    key TEXT NOT NULL,
    student_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (key, student_id, source)
) WITHOUT ROWID;
CREATE INDEX search_keys_student ON search_keys(student_id)
"""


def _run(conn: Connection, script: str) -> None:
    # Not executescript(): it would commit the surrounding transaction.
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def apply(conn: Connection) -> None:
    conn.execute(STUDENTS)
    conn.execute(COPY_STUDENTS)
    conn.execute(FAMILY)
    conn.execute(COPY_FAMILY)
    conn.execute("DROP TABLE family_members")
    conn.execute("DROP TABLE students")
    conn.execute("ALTER TABLE students_new RENAME TO students")
    conn.execute("ALTER TABLE family_members_new RENAME TO family_members")
    conn.execute("ALTER TABLE class_groups ADD COLUMN graduation_year INTEGER")
    conn.execute("ALTER TABLE majors ADD COLUMN active INTEGER NOT NULL DEFAULT 1")
    _run(conn, SCHEMA)
