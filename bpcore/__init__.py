"""bpcore: exact, readable backpropagation for small dense networks.

>>> from bpcore import Network, gradcheck, perceptron, datasets

``bpcore.set_language("zh")`` switches what bpcore prints and draws to Chinese (see bpcore.i18n).
"""
from . import activations, datasets, gradcheck, init, layers, losses, perceptron
from .i18n import get_language, set_language
from .network import Grads, History, Network, Trace

__all__ = ["Network", "Trace", "Grads", "History", "activations", "datasets", "gradcheck",
           "init", "layers", "losses", "perceptron", "set_language", "get_language"]
__version__ = "0.1.0"
