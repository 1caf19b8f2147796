"""The test suite. Importing this package isolates every test from the developer's environment: no ``.env``
file is read and no ``BILDUNGSGRAPH_*`` variable of the calling shell leaks into settings (this runs before
conftest.py and before any project module reads its settings)."""

import os

for _name in [n for n in os.environ if n.startswith("BILDUNGSGRAPH_")]:
    del os.environ[_name]
os.environ["BILDUNGSGRAPH_ENV_FILE"] = ""
# the service re-evaluates saved queries after each write; tests that measure it switch it on themselves
os.environ["BILDUNGSGRAPH_REWARM_AFTER_WRITE"] = "false"
