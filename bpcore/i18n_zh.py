"""The Chinese catalog: ``{English template: Chinese template}`` for :func:`bpcore.i18n.tr`.

Keys are the exact English templates passed to ``tr``/``tr_plot`` (placeholders included); the
Chinese side keeps the same ``{placeholders}``. Terms follow the glossary of the Chinese edition
(notebooks/zh/00_overview.ipynb). ``tests/test_zh_i18n.py`` checks that every ``tr("...")`` in
bpcore has an entry here, and that the placeholders match.
"""
CATALOG = {
    # -- exercises.check ---------------------------------------------------------------------
    "not answered yet": "尚未作答",
    "correct": "正确",
    "your function": "你的函数",
    "central differences": "中心差分",
    "bpcore": "bpcore",
    "your function raised {error}: {text}": "你的函数抛出了 {error}：{text}",
    "{name} returned a {kind}, not an array of shape {shape}":
        "{name}返回的是 {kind}，而不是形状为 {shape} 的数组",
    "{name} returned {dkind!r}-kind data of type {kind}, not a float array":
        "{name}返回的是 {kind} 类型、{dkind!r} 种类的数据，而不是浮点数组",
    "{name} returned shape {got}; it should have shape {want}":
        "{name}返回的形状是 {got}；应当是 {want}",
    "entry {index}": "第 {index} 项",
    "the value": "这个值",
    "{where} is {got:.6g}, {source} give {want:.6g} ({bad} of {size} entries differ)":
        "{where}是 {got:.6g}，{source}给出 {want:.6g}（{size} 项中有 {bad} 项不同）",
    "expected a function, got {kind}": "这里应当是一个函数，收到的是 {kind}",
    "on inputs of shapes {shapes}: {message}": "输入形状为 {shapes} 时：{message}",
    "the two arrays": "这两个数组",
    "for arrays of shape {shape} and size {size:.0e}: {message}":
        "对形状为 {shape}、大小约为 {size:.0e} 的数组：{message}",
}
CATALOG.update({
    # -- plots -------------------------------------------------------------------------------
    "Training loss": "训练损失",
    "loss": "损失",
    "epoch": "轮次",
    "diverged at epoch {epoch}": "在第 {epoch} 轮发散",
    "class 0": "类别 0",
    "class 1": "类别 1",
    "Network output": "网络输出",
    "w = 0: no boundary line": "w = 0：没有决策边界",
    "Computational graph": "计算图",
    "Weights": "权重",
    "column": "列",
    "row": "行",
})
CATALOG.update({
    # -- divergence reasons (bpcore.network), through i18n.tr_reason ----------------------------
    "loss not finite": "损失不是有限数",
    "a weight not finite": "某个权重不是有限数",
    "a gradient not finite": "某个梯度不是有限数",
    "loss ×{ratio} of its start": "损失达到起始值的 {ratio} 倍",
    # -- panels: shared ----------------------------------------------------------------------
    "{label} = {new!r} refused ({text}); kept {old!r}": "{label} = {new!r} 被拒绝（{text}）；保留 {old!r}",
    "learning rate": "学习率",
    "epochs": "轮次数",
    "seed": "随机种子",
    "init": "初始化",
    "init scale": "初始化尺度",
    "activation": "激活函数",
    "output": "输出",
    "blew up at epoch {epoch}": "第 {epoch} 轮发散",
    "blew up at epoch {epoch}: no output": "第 {epoch} 轮发散：没有输出",
    "blew up at epoch {epoch} ({reason}): training stopped": "第 {epoch} 轮发散（{reason}）：训练停止",
    "{loss} loss": "{loss} 损失",
    # menu labels (the values stay the English keys)
    "uniform": "均匀分布（uniform）",
    "zeros": "全零（zeros）",
    "linear": "线性（linear）",
    "xor": "异或（xor）",
    "blobs": "两团点（blobs）",
    "moons": "双月（moons）",
    "circles": "同心圆（circles）",
    "spiral": "螺旋（spiral）",
    # -- panels: perceptron (notebook 04) ----------------------------------------------------
    "seed 001": "原博文 001",
    "XOR (not separable)": "XOR（线性不可分）",
    "no point misclassified": "没有分错的点",
    "loss == 0 (the post)": "loss == 0（原博文）",
    "stopped at max epochs ({epochs}): {last} point(s) still misclassified":
        "达到最大轮次（{epochs}）后停止：仍有 {last} 个点分错",
    "all points right after {epochs} epoch{plural}": "{epochs} 轮后所有点都分对了",
    "loss == 0 at epoch {epochs}, yet {last} point(s) misclassified":
        "第 {epochs} 轮 loss == 0，但仍有 {last} 个点分错",
    "start": "起点",
    "last epoch": "最后一轮",
    "misclassified points": "分错的点数",
    "errors per epoch": "每轮分错的点数",
    "lr = {lr:.3g}, max epochs = {max_epochs}": "lr = {lr:.3g}，最大轮次 = {max_epochs}",
    "max epochs": "最大轮次",
    "data": "数据",
    "stop rule": "停止规则",
    "<b>Perceptron (seed 001)</b>: move a slider to re-train from the new start.":
        "<b>感知机（原博文 001）</b>：移动滑块，从新的起点重新训练。",
    # -- panels: XOR (notebook 05) -----------------------------------------------------------
    "{correct}/4 XOR points right after {epochs} epochs, final {loss} {final:.3g}":
        "{epochs} 轮后 4 个 XOR 点分对 {correct} 个，最终 {loss} 为 {final:.3g}",
    "; the loss stopped falling": "；损失不再下降",
    "loss stopped falling": "损失不再下降",
    "no output: the weights overflowed": "没有输出：权重溢出了",
    "lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}; {hidden} {activation} -> {output}":
        "lr = {lr:.3g}，{init} x {scale:.3g}，随机种子 {seed}；{hidden} 个 {activation} -> {output}",
    "output at epoch {epoch}, where it blew up: {correct}/4 right":
        "第 {epoch} 轮（发散处）的输出：分对 {correct}/4",
    "output after {epochs} epochs: {correct}/4 right": "{epochs} 轮后的输出：分对 {correct}/4",
    "hidden units": "隐藏单元数",
    "<b>XOR network (seed 003)</b>: move a slider to re-train from scratch.":
        "<b>XOR 网络（原博文 003）</b>：移动滑块，从头重新训练。",
    # -- panels: playground (notebook 07) ----------------------------------------------------
    "epoch {epoch}: {loss} loss {value:.4g}, {percent:.1f}% of the points right":
        "第 {epoch} 轮：{loss} 损失 {value:.4g}，{percent:.1f}% 的点分对",
    "training loss": "训练损失",
    # no Chinese next to $...$ in one matplotlib text: mathtext draws all of it without the CJK font
    "$\\|dW_l\\|$ (log scale)": "各层梯度范数 ‖dW‖（对数坐标）",
    "gradient norm per layer": "每层的梯度范数",
    "gradient norm $\\|dW_l\\|$ (log scale)": "各层梯度范数 ‖dW‖（对数坐标）",
    "layer {number}": "第 {number} 层",
    " (output)": "（输出层）",
    "no": "无",
    "{dataset} (noise {noise:.2f}), {layers} hidden {activation}":
        "{dataset}（噪声 {noise:.2f}），隐藏层 {layers}，{activation}",
    "epoch {epoch}: {percent:.1f}% of the points right": "第 {epoch} 轮：{percent:.1f}% 的点分对",
    "lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}": "lr = {lr:.3g}，{init} x {scale:.3g}，随机种子 {seed}",
    "{loss} loss, lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}":
        "{loss} 损失，lr = {lr:.3g}，{init} x {scale:.3g}，随机种子 {seed}",
    "data set": "数据集",
    "noise": "噪声",
    "hidden layers": "隐藏层数",
    "neurons": "每层神经元",
    "run": "运行",
    "stop": "停止",
    "step": "单步",
    "reset": "重置",
    "train until the epochs target": "训练到目标轮次",
    "stop after the current chunk": "当前这一段训练完后停止",
    "train {chunk} epochs": "训练 {chunk} 轮",
    "a new network from the same settings": "用同样的设置新建一个网络",
    "<b>Playground</b>: choose the data and the network, then <b>run</b> (trains "
    "{chunk} epochs at a time and redraws), <b>stop</b>, <b>step</b> or <b>reset</b>.":
        "<b>演练场</b>：选好数据和网络，然后<b>运行</b>（每次训练 {chunk} 轮并重画）、"
        "<b>停止</b>、<b>单步</b>或<b>重置</b>。",
    " (at the epochs target: raise <i>epochs</i> to train on)":
        "（已达到目标轮次：调高<i>轮次数</i>可以继续训练）",
    "epoch <b>{epoch}</b> / {target}": "轮次 <b>{epoch}</b> / {target}",
    " (running)": "（运行中）",
})
CATALOG.update({
    # -- panels: backward-pass stepper (notebook 08) -----------------------------------------
    "seed 000's first neuron: a1 = σ(w1·x1 + w2·x2 + w3·x3 + b1)":
        "原博文 000 的第一个神经元：a1 = σ(w1·x1 + w2·x2 + w3·x3 + b1)",
    "two paths meet: z = s² · exp(s)": "两条路径汇合：z = s² · exp(s)",
    "micrograd's demo: L = (a·b + c) · f": "micrograd 的示例：L = (a·b + c) · f",
    "tanh neuron and its loss: L = (tanh(w1·x1 + w2·x2 + b) − y)²":
        "tanh 神经元及其损失：L = (tanh(w1·x1 + w2·x2 + b) − y)²",
    "step 0: seed ∂L/∂{node} = 1 at the output": "第 0 步：在输出处设 ∂L/∂{node} = 1",
    "step {index}: {via} → {node}:  local ∂{via}/∂{node} = {local:.4g},  "
    "upstream ∂L/∂{via} = {upstream:.4g},  product = {product:.4g}":
        "第 {index} 步：{via} → {node}：  局部导数 ∂{via}/∂{node} = {local:.4g}，  "
        "上游梯度 ∂L/∂{via} = {upstream:.4g}，  乘积 = {product:.4g}",
    "(path {term} of {terms}: the paths meet, so their products add)":
        "（第 {term} 条路径，共 {terms} 条：路径在此汇合，乘积相加）",
    "grad {value:.4g}": "梯度 {value:.4g}",
    "graph": "计算图",
    "previous": "上一步",
    "next": "下一步",
    "<b>Backward-pass stepper</b>: each step runs one edge of a closure: "
    "local derivative × upstream gradient, added (+=) to the current node's "
    "gradient (red ring). Click a button or focus the slider and use the arrow keys.":
        "<b>反向传播单步演示器（stepper）</b>：每一步执行闭包中的一条边：局部导数 × 上游梯度，"
        "累加（+=）到当前节点（红圈）的梯度上。点击按钮，或选中滑块后用方向键。",
})
CATALOG.update({
    # -- bpcore.autograd: the printed verdict of compare_with_reference ----------------------
    "PyTorch installed: compared with torch.autograd": "已安装 PyTorch：与 torch.autograd 比较",
    "PyTorch not installed: compared with central differences": "未安装 PyTorch：与中心差分比较",
    "{where}; relative error < {tol:g}: {ok}": "{where}；相对误差 < {tol:g}：{ok}",
})
# -- notebook 08 (zh-08) --
CATALOG.update({
    # the testers of 08's code exercises (bpcore.exercises)
    "at a = {a:.4g}, out_grad = {g:.4g}: {message}": "在 a = {a:.4g}、out_grad = {g:.4g} 处：{message}",
    "in the engine, L = sin(x*y) * x at x = {x:.4g}, y = {y:.4g}, [dL/dx, dL/dy]: {message}":
        "在引擎中，L = sin(x*y) * x 在 x = {x:.4g}、y = {y:.4g} 处的 [dL/dx, dL/dy]：{message}",
    "at a = {a:.4g}, b = {b:.4g}, out_grad = {g:.4g}, (dL/da, dL/db): {message}":
        "在 a = {a:.4g}、b = {b:.4g}、out_grad = {g:.4g} 处的 (dL/da, dL/db)：{message}",
    # the XOR panel's init menu entry added with notebook 09's symmetry demo
    "constant": "常数（constant）",
})
