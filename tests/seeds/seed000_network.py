"""Seed 000's ``NeuralNetwork`` class, ported to Python 3 with its bugs kept, and its fixes.

Notebook 06 shows this same code in its cells (``tests/test_bug_hunt.py`` checks that every
method below appears there verbatim) and hunts the bugs with a gradient check.

Changes from the post (https://www.cnblogs.com/sandy-t/p/6838405.html), nothing else:

- ``import math`` and ``import numpy as np``, which the post uses but never shows;
- ``print`` is a function (Python 3);
- a ``verbose`` argument (default True, the post's behaviour): with ``verbose=False`` the class
  prints nothing, neither the loss at every step nor ``ydata``/``ydata_hat`` at the end;
- ``calcu_loss`` also appends each loss to ``self.losses`` (a list made in ``__init__``), so the
  curve can be plotted; the loss it computes is unchanged;
- randomness: the class still draws from NumPy's global generator (``np.random.rand``), as the
  post does; :func:`post_script` calls ``np.random.seed(seed)`` first so runs are repeatable.

Bugs kept (the post's ``NeuralNetwork``):

1. ``f_derivative(z) = f(z)*f(1-z)``; the logistic derivative is ``f(z)*(1-f(z))``.
2. ``partial_w[j][i] = fz[j][i]*partial_z[j][i]`` uses the neuron's own output; dL/dw needs the
   neuron's input: ``dL/dw[j][i][k] = input_k * dL/dz[j][i]`` (input = x for layer 0, else
   ``fz[j-1]``).
3. ``partial_w`` has shape (num_hidden, num_inputs), one number per neuron, and the update
   subtracts that one number from every weight of the neuron's row; the weights have shape
   (num_hidden, num_inputs, num_inputs), so dL/dw needs one number per weight.

Not a bug in the gradient: the printed loss is ``sum (y - y_hat)^2`` while ``bp`` starts from
``y_hat - y``, the derivative of ``1/2 sum (y - y_hat)^2`` (the post's written loss). The
gradient is half that of the printed quantity: the same direction, a learning rate halved.

The fixes: :class:`DerivativeFixed` (bug 1), :class:`WeightGradFixed` (bugs 2 and 3, whose
``bp`` differs from the post's only in the ``partial_w`` block) and :class:`FixedNetwork` (all).
"""
import copy
import math

import numpy as np


class NeuralNetwork:
    def __init__(self,num_inputs=3, num_hidden=4,learn_rate=0.1,verbose=True):
        self.num_inputs=num_inputs
        self.num_hidden=num_hidden
        self.w=np.random.rand(num_hidden,num_inputs,num_inputs)
        self.b=np.random.rand(num_hidden,num_inputs)
        self.z=np.zeros([num_hidden,num_inputs])
        self.fz=np.zeros([num_hidden,num_inputs])
        self.learn_rate=learn_rate
        self.verbose=verbose
        self.losses=[]

    def fit(self,xdata,ydata,step=100):
        self.xdata=xdata
        self.ydata=ydata
        self.ydata_hat=np.zeros([len(xdata)])
        for i in range(step):
            self.ydata_hat=self.get_y_hat(self.xdata)
            self.calcu_loss()
            self.bp()
        if self.verbose:
            print('ydata:')
            print(self.ydata)
            print('ydata_hat:')
            print(self.ydata_hat)

    def calcu_loss(self):
        tmp=self.ydata-self.ydata_hat
        loss=np.dot(tmp,tmp)
        self.losses.append(loss)
        if self.verbose:
            print('loss =',loss)
        return

    def f(self,z):
        return 1 / (1 + math.exp(-z))

    def f_derivative(self,z):
        return self.f(z)*self.f(1-z)

    def get_y_hat(self,x):
        ##前向传播
        for j in range(self.num_hidden):
            for i in range(self.num_inputs):
                if j==0:
                    self.z[j][i]=np.dot(self.w[j][i],x)+self.b[j][i]
                else:
                    self.z[j][i]=np.dot(self.w[j][i],self.fz[j-1])+self.b[j][i]
                self.fz[j][i]=self.f(self.z[j][i])
        return self.fz[-1]

    def bp(self):
        ##反向传播
        partial_z=np.zeros([self.num_hidden,self.num_inputs])
        for j in range(self.num_hidden-1,-1,-1):
            for i in range(self.num_inputs-1,-1,-1):
                if j==self.num_hidden-1:
                    partial_z[j][i]=(self.ydata_hat[i]-self.ydata[i])*self.f_derivative(self.z[j][i])
                else:
                    partial_z[j][i]=np.dot(self.w[j+1][:,i],partial_z[j+1])*self.f_derivative(self.z[j][i])

        partial_w=np.zeros([self.num_hidden,self.num_inputs])
        for j in range(self.num_hidden):
            for i in range(self.num_inputs):
                partial_w[j][i]=self.fz[j][i]*partial_z[j][i]

        ##更新权值
        for j in range(self.num_hidden):
            for i in range(self.num_inputs):
                self.w[j][i]=self.w[j][i]-self.learn_rate*partial_w[j][i]
                self.b[j][i]=self.b[j][i]-self.learn_rate*partial_z[j][i]
        return


class DerivativeFixed(NeuralNetwork):
    """Bug 1 fixed: the derivative of the logistic function is f(z) (1 - f(z))."""

    def f_derivative(self, z):
        return self.f(z) * (1 - self.f(z))


class WeightGradFixed(NeuralNetwork):
    """Bugs 2 and 3 fixed: dL/dw[j][i][k] = input_k * dL/dz[j][i], one number per weight."""

    def bp(self):
        partial_z=np.zeros([self.num_hidden,self.num_inputs])
        for j in range(self.num_hidden-1,-1,-1):
            for i in range(self.num_inputs-1,-1,-1):
                if j==self.num_hidden-1:
                    partial_z[j][i]=(self.ydata_hat[i]-self.ydata[i])*self.f_derivative(self.z[j][i])
                else:
                    partial_z[j][i]=np.dot(self.w[j+1][:,i],partial_z[j+1])*self.f_derivative(self.z[j][i])

        partial_w = np.zeros([self.num_hidden, self.num_inputs, self.num_inputs])  # bug 3: shape of w
        for j in range(self.num_hidden):
            layer_input = self.xdata if j == 0 else self.fz[j - 1]                # bug 2: the input
            for i in range(self.num_inputs):
                partial_w[j][i] = layer_input * partial_z[j][i]

        for j in range(self.num_hidden):
            for i in range(self.num_inputs):
                self.w[j][i]=self.w[j][i]-self.learn_rate*partial_w[j][i]
                self.b[j][i]=self.b[j][i]-self.learn_rate*partial_z[j][i]
        return


class FixedNetwork(DerivativeFixed, WeightGradFixed):
    """All three bugs fixed: f_derivative from DerivativeFixed, bp from WeightGradFixed."""


def start(cls, seed=3):
    """The post's start: np.random.seed(seed), then x = rand(3) and a 10-layer network."""
    np.random.seed(seed)
    x = np.random.rand(3)
    return x, cls(3, 10, verbose=False)


def half_sse(net, x, y):
    """The post's written loss L = 1/2 sum (y - y_hat)^2 at the network's current weights."""
    tmp = y - net.get_y_hat(x)
    return 0.5 * np.dot(tmp, tmp)


def applied_gradient(net, x, y):
    """What one call of ``bp`` subtracts from w and b, per unit learning rate; net is unchanged."""
    probe = copy.deepcopy(net)
    probe.learn_rate = 1.0
    probe.xdata, probe.ydata = x, y
    probe.ydata_hat = probe.get_y_hat(x)
    probe.bp()
    return net.w - probe.w, net.b - probe.b


def post_script(seed=3, cls=NeuralNetwork, num_hidden=10, step=500, verbose=False):
    """The post's script: ``x=np.random.rand(3); Network=NeuralNetwork(3,10); Network.fit(x,x,500)``.

    ``np.random.seed(seed)`` comes first, so ``x`` and the weights are repeatable.
    Returns ``(x, network)`` after training; ``network.losses`` holds the printed losses.
    """
    np.random.seed(seed)
    x=np.random.rand(3)
    Network=cls(3,num_hidden,verbose=verbose)
    Network.fit(x,x,step)
    return x, Network
