"""bpcore: exact, readable backpropagation for small dense networks.

>>> from bpcore import Network, gradcheck, perceptron, datasets
"""
from . import activations, datasets, gradcheck, init, layers, losses, perceptron
from .network import Grads, History, Network, Trace

__all__ = ["Network", "Trace", "Grads", "History", "activations", "datasets", "gradcheck",
           "init", "layers", "losses", "perceptron"]
__version__ = "0.1.0"
