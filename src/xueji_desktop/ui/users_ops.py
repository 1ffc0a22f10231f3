"""Worker-side calls of the 用户 section (设置) and the 修改密码 dialog: one function per action.

Everything here runs on the session worker, never on the GUI thread, and touches no widget. The
services (services/users.py) check the role, ask for the admin's password again, apply the
password policy and audit. Each change answers with the fresh list, so the section shows what
the archive now holds.
"""

from __future__ import annotations

from xueji_desktop.core.roles import Role
from xueji_desktop.services import users
from xueji_desktop.services.auth import common_passwords
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams

UserInfo = users.UserInfo


def load(session: Session) -> list[UserInfo]:
    return users.list_users(session)


def common_words() -> frozenset[str]:
    """The bundled list of common passwords (a file read), for the dialogs' live hints."""
    return common_passwords()


def add_user(
    session: Session,
    *,
    admin_password: str,
    username: str,
    display_name: str,
    password: str,
    roles: frozenset[Role],
    kdf: KdfParams = PRODUCTION,
) -> list[UserInfo]:
    users.add_user(
        session,
        admin_password=admin_password,
        username=username,
        password=password,
        roles=roles,
        display_name=display_name,
        kdf=kdf,
    )
    return users.list_users(session)


def reset_password(
    session: Session,
    *,
    admin_password: str,
    username: str,
    new_password: str,
    kdf: KdfParams = PRODUCTION,
) -> list[UserInfo]:
    users.reset_password(
        session,
        admin_password=admin_password,
        username=username,
        new_password=new_password,
        kdf=kdf,
    )
    return users.list_users(session)


def unlock(session: Session, *, admin_password: str, username: str) -> list[UserInfo]:
    users.unlock(session, admin_password=admin_password, username=username)
    return users.list_users(session)


def set_disabled(
    session: Session, *, admin_password: str, username: str, disabled: bool
) -> list[UserInfo]:
    users.set_disabled(session, admin_password=admin_password, username=username, disabled=disabled)
    return users.list_users(session)


def change_own_password(
    session: Session, *, current_password: str, new_password: str, kdf: KdfParams = PRODUCTION
) -> None:
    users.change_own_password(
        session, current_password=current_password, new_password=new_password, kdf=kdf
    )
