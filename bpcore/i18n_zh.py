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
