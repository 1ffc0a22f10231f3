# PyInstaller run-time hook (installer/xueji.spec): both programs import the Python modules they
# share from one zip in the folder instead of each carrying a copy in its own archive.
import os
import sys

sys.path.append(os.path.join(sys._MEIPASS, "xueji-modules.zip"))
