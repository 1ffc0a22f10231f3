from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.check import check_archive


def test_create_login_check(archive):
    root = archive.session.archive.layout.root
    archive.session.close()
    s = archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    try:
        report = check_archive(s)
        assert report.ok, report.problems
        assert report.tables["users"] == 1
    finally:
        s.close()
