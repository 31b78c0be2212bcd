__version__ = "0.0.1"

import os as _os

# GNU OpenMP (torch's on Linux) keeps an idle thread spinning 300,000 turns before it sleeps: two commands sharing the cores then
# spin for each other. A shorter spin, set before torch loads, unless the user set one (00_core: "Threads when processes share a machine").
_os.environ.setdefault('GOMP_SPINCOUNT', '5000')
