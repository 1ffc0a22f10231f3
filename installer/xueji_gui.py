"""Entry script of the frozen ``xueji-desktop`` (windowed) program: see installer/xueji.spec."""

from xueji_desktop.ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
