"""Entry script of the frozen ``xueji`` (console) program: see installer/xueji.spec."""

from xueji_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
