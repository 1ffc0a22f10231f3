"""``python -m xueji_desktop`` starts the desktop application."""

from xueji_desktop.ui.app import main

raise SystemExit(main())
