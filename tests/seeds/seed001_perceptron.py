"""Seed 001 (the perceptron post), ported to Python 3 and otherwise verbatim.

Changes from the post: the line numbers of the listing are removed, the `print` calls append
a record to a list instead, and the `while loss_result != 0` loop takes a `max_epochs` bound
(the post's data converges long before it) so a test cannot hang.
"""
import numpy as np

# 输入数据
x = np.array([[1, 1], [-1, 1], [-1, -0.5], [-1, 1.5]])
t = np.array([0, 1, 0, 1])


# 前向传播
def forward(x, w, b):
    val = np.matmul(x, w.T) + b
    y_pre = np.zeros_like(val)
    for i in range(x.shape[0]):
        if val[i] > 0:
            y_pre[i] = 1
        else:
            y_pre[i] = 0
    return y_pre, val


# 计算loss损失
def loss_fuc(y_pre, w, b):
    val = np.matmul(x, w.T) + b
    loss = -(np.matmul(t - y_pre, val) / 4)
    return loss


# parameter update
def grad_update(y_pre, w_old, b_old, lr):
    grad_w = -(np.matmul(t-y_pre, x)) / 4.0
    one = np.ones_like(t-y_pre).T
    grad_b = -(np.matmul(t-y_pre, one) / 4.0)
    w_new = w_old - lr * grad_w
    b_new = b_old - lr * grad_b

    return w_new, b_new


def run(w_init=np.array([1, 1]), b_init=0, lr=0.9, max_epochs=1000):
    records = []
    epoch = 0
    # 前向传播
    y_pre, val = forward(x, w_init, b_init)
    # 计算loss
    loss_result = loss_fuc(y_pre, w_init, b_init)
    records.append(dict(epoch=epoch, val=val, w=w_init, b=b_init, y_pre=y_pre, loss=loss_result))
    # 反向传播
    while loss_result != 0 and epoch < max_epochs:
        epoch += 1
        w_init, b_init = grad_update(y_pre, w_init, b_init, lr)
        y_pre, val = forward(x, w_init, b_init)
        loss_result = loss_fuc(y_pre, w_init, b_init)
        records.append(dict(epoch=epoch, val=val, w=w_init, b=b_init, y_pre=y_pre, loss=loss_result))
    return records
