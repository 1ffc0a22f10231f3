"""``python -m xueji_desktop`` starts the desktop application."""

from xueji_desktop.ui.app import main

# The guard matters: print batches start worker processes with "spawn", and each worker imports
# the parent's main module again (as "__mp_main__"); without it every worker would open the app.
if __name__ == "__main__":
    raise SystemExit(main())
