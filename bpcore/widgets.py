"""Compatibility module: the panels moved to :mod:`bpcore.panels`; this only re-exports them.

``import bpcore.widgets as widgets; widgets.xor_panel()`` keeps working for notebooks written
before the move. New code: ``from bpcore import panels``.
"""
from .panels import *  # noqa: F401,F403  (re-export only)
