"""Settings for the test run: the app's own settings, with what a test process needs on top.

Processes the tests start (`manage.py up`, workers, daphne) run with `config.settings`, as on a server.
"""

import os
import tempfile
from pathlib import Path

from config.settings import *
from config.settings import CHANNEL_LAYERS, DATABASES, HUEY

# Per process, so pytest-xdist workers and concurrent runs never share a file.
_TEMP = Path(tempfile.gettempdir())
_PID = os.getpid()

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # On disk, not in memory, so worker threads of the real queue share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(_TEMP / f"creative-test-{_PID}.sqlite3")}

if HUEY["huey_class"] == "huey.SqliteHuey" and not os.getenv("HUEY_SQLITE_PATH"):
    HUEY["filename"] = str(_TEMP / f"creative-test-huey-{_PID}.sqlite3")
if HUEY["huey_class"] == "huey.PriorityRedisHuey":
    # A queue and channel groups of this process's own: two pytest-xdist workers on one Redis would otherwise
    # run each other's tasks against the wrong test database.
    HUEY["name"] = f"{HUEY['name']}-{_PID}"
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] += f"-{_PID}"
# Tasks run inline through the same task functions (huey's testing guideline); the `real_queue`
# fixture turns the queue on for the tests whose subject it is.
HUEY["immediate"] = True

MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT") or _TEMP / f"creative-test-media-{_PID}")
# Scoring in the test's own thread; the tests of the pool ask for it.
CREATIVE_CPU_PROCESSES = int(os.getenv("CREATIVE_CPU_PROCESSES", "0"))
# The built-in renderer draws small pictures: rendering and scoring 2048 px images took most of a run. The one
# end-to-end test at full size (tests/pipeline/test_pipeline.py) sets 2048 for itself.
CREATIVE_IMAGE_SIZE = 256

# django-axes refuses authenticate() calls without a request, which the test client's login() makes; the
# lockout tests (tests/web/test_security.py) turn it on for themselves.
AXES_ENABLED = False

# Every test client builds the middleware chain anew, and WhiteNoise then indexes every static file (54 ms a
# client, a minute of the admin permission test alone). Looked up per request instead, as in development;
# the tests of static serving with DEBUG off (tests/web/test_security.py) turn the index back on.
WHITENOISE_AUTOREFRESH = True
