"""Roles and what each may do.

One account may hold several roles (most archive rooms have one person who is admin and clerk).
Every service function names the permission it needs; ``allowed`` is the one place that decides.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # 管理员: users, settings, restore, key rotation
    CLERK = "clerk"  # 档案员: records, import, print, export
    VIEWER = "viewer"  # 查阅: read only


class Permission(StrEnum):
    READ_RECORDS = "read_records"
    WRITE_RECORDS = "write_records"
    EXPORT = "export"
    PRINT = "print"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    ROTATE_KEYS = "rotate_keys"
    RESTORE = "restore"
    CHECK_ARCHIVE = "check_archive"
    # 学号/学籍号 corrections and edits of graduates' (locked) records, always with a reason.
    CORRECT_RECORDS = "correct_records"
    # Making, listing, checking and drilling backups (issue 7); enrolling drives is
    # MANAGE_SETTINGS, restoring is RESTORE.
    BACKUP = "backup"
    # Approving the destruction of scans whose retention period has ended (issue 9 §4): admin
    # only, with the password again; proposing is WRITE_RECORDS.
    DESTROY_RECORDS = "destroy_records"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.READ_RECORDS,
            Permission.EXPORT,  # issue 6: exports are admin/clerk only
            Permission.MANAGE_USERS,
            Permission.MANAGE_SETTINGS,
            Permission.ROTATE_KEYS,
            Permission.RESTORE,
            Permission.CHECK_ARCHIVE,
            Permission.CORRECT_RECORDS,
            Permission.BACKUP,
            Permission.DESTROY_RECORDS,
        }
    ),
    Role.CLERK: frozenset(
        {
            Permission.READ_RECORDS,
            Permission.WRITE_RECORDS,
            Permission.EXPORT,
            Permission.PRINT,
            Permission.CHECK_ARCHIVE,
            Permission.BACKUP,
        }
    ),
    Role.VIEWER: frozenset({Permission.READ_RECORDS}),
}

# Actions that ask for the admin's password again even inside a session.
REAUTH_REQUIRED: frozenset[Permission] = frozenset(
    {
        Permission.MANAGE_USERS,
        Permission.ROTATE_KEYS,
        Permission.RESTORE,
        Permission.DESTROY_RECORDS,
    }
)


def allowed(roles: frozenset[Role], permission: Permission) -> bool:
    return any(permission in _GRANTS[r] for r in roles)


def parse_roles(text: str) -> frozenset[Role]:
    """'admin,clerk' -> {ADMIN, CLERK}; raises ValueError on an unknown role or an empty set."""
    parts = [p.strip() for p in text.replace("+", ",").split(",") if p.strip()]
    if not parts:
        raise ValueError("no role")
    return frozenset(Role(p) for p in parts)


def format_roles(roles: frozenset[Role]) -> str:
    order = [Role.ADMIN, Role.CLERK, Role.VIEWER]
    return ",".join(r.value for r in order if r in roles)


def sees_full_id_numbers(roles: frozenset[Role]) -> bool:
    """Clerks and admins see whole ID numbers in records and lists; viewers see them masked."""
    return allowed(roles, Permission.WRITE_RECORDS) or Role.ADMIN in roles
