import os
import sys

import matplotlib

matplotlib.use("Agg")  # tests never open windows
sys.path.insert(0, os.path.dirname(__file__))  # so tests can import tests/seeds/*
