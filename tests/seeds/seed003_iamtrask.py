"""Seed 003 (the iamtrask XOR network), ported to Python 3 and otherwise verbatim.

Changes from the post: `xrange` -> `range`, `print` is a function, the print goes into a list
instead of stdout, the post's lost `*` in `2*np.random.random` is restored, the loop is a
function of `num_epochs`, and the post's `np.random.seed(1)` (from the original iamtrask
article the post copied) is set before the weights are drawn.
"""
import numpy as np


def run(num_epochs=60000):
    printed = []
    #Step 1 Collect Data
    x = np.array([[0,0,1], [0,1,1], [1,0,1], [1,1,1]])
    y = np.array([[0], [1], [1], [0]])
    #Step 2 build model
    np.random.seed(1)
    #initialize weights
    syn0 = 2*np.random.random((3,4)) - 1
    syn1 = 2*np.random.random((4,1)) - 1
    syn0_init, syn1_init = syn0.copy(), syn1.copy()

    def nonlin(x,deriv=False):
        if(deriv==True):
            return x*(1-x)
        return 1/(1+np.exp(-x))

    for j in range(num_epochs):
        #feed forward through layers 0,1, and 2
        k0 = x
        k1 = nonlin(np.dot(k0, syn0))
        k2 = nonlin(np.dot(k1, syn1))
        #how much did we miss the target value?
        k2_error = y - k2
        if (j% 10000) == 0:
            printed.append("Error:" + str(np.mean(np.abs(k2_error))))
        #in what direction is the target value?
        k2_delta = k2_error*nonlin(k2, deriv=True)
        #how much did each k1 value contribute to k2 error
        k1_error = k2_delta.dot(syn1.T)
        k1_delta= k1_error * nonlin(k1,deriv=True)
        syn1 += k1.T.dot(k2_delta)
        syn0 += k0.T.dot(k1_delta)
    return {"printed": printed, "syn0_init": syn0_init, "syn1_init": syn1_init,
            "syn0": syn0, "syn1": syn1, "k2": k2,
            "final_output": nonlin(np.dot(nonlin(np.dot(x, syn0)), syn1))}
