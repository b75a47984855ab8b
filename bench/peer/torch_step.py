# PyTorch peer of the project's training step (src-main/training/core/train-step.ts), for
# bench/peer.ts: forward, loss (CE, KD T=4 alpha=0.9, AT beta=1000 per stage pair, NST-poly
# lambda=50 on the MMD^2 with d=2, c=0: the formulas of docs/methods.md), backward, SGD
# (momentum 0.9, weight decay 5e-4), float32, NCHW. The frozen teacher runs in eval mode under
# torch.no_grad(). Workloads come from bench/peer/workloads.json.
#   python torch_step.py --threads 1 --workload resnet8 --reps 5   one JSON object on stdout
#   python torch_step.py --threads 2 --serve                       JSON requests on stdin, one per line:
#     {"workload": "...", "reps": n, "warmup": bool, "batch": 64}  ->  {"workload", "wall": [ms], "cpu": [ms], "loss"}
#     {"params": true}                             ->  {"params": {model: count}, "torch": version}
#     {"gemm": n}                                  ->  {"gemmGflops": GFLOP/s of an n x n matmul}
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

from torch_models import build, count_params

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, 'workloads.json')) as f:
    WORKLOADS = json.load(f)

T = 4.0


def kd_loss(zs, zt):
    """T^2 * KL(p_T || p_S), batch mean (Hinton et al. 2015)."""
    return F.kl_div(F.log_softmax(zs / T, 1), F.softmax(zt / T, 1), reduction='batchmean') * T * T


def attention(f):
    """Unit attention vector per image: normalise(mean_c F^2) over the H*W positions."""
    return F.normalize(f.pow(2).mean(1).flatten(1), dim=1)


def at_loss(fs, ft):
    return (attention(fs) - attention(ft)).pow(2).mean()


def nst_poly_loss(fs, ft):
    """MMD^2, poly kernel d=2 c=0 = ||G_T - G_S||_F^2 with G = F^T F / C over L2-normalised channel maps."""
    s = F.normalize(fs.flatten(2), dim=2)  # [B, C_S, HW]
    t = F.normalize(ft.flatten(2), dim=2)  # [B, C_T, HW]
    gs = torch.bmm(s.transpose(1, 2), s) / s.shape[1]  # [B, HW, HW]
    gt = torch.bmm(t.transpose(1, 2), t) / t.shape[1]
    return (gt - gs).pow(2).sum((1, 2)).mean()


def objective(method, zs, taps_s, zt, taps_t, y):
    ce = F.cross_entropy(zs, y)
    if method == 'ce':
        return ce
    if method == 'kd':
        return 0.1 * ce + 0.9 * kd_loss(zs, zt)
    if method == 'at':
        return ce + 1000.0 * sum(at_loss(s, t) for s, t in zip(taps_s, taps_t))
    if method == 'nst-poly':
        return ce + 50.0 * nst_poly_loss(taps_s[-1], taps_t[-1])
    if method == 'kd+nst':
        return 0.1 * ce + 0.9 * kd_loss(zs, zt) + 50.0 * nst_poly_loss(taps_s[-1], taps_t[-1])
    raise ValueError(f'unknown method {method}')


class Workload:
    def __init__(self, name, batch):
        spec = WORKLOADS[name]
        torch.manual_seed(1)
        h, w, c = spec['shape']
        self.method = spec['method']
        self.x = torch.randn(batch, c, h, w)
        self.y = torch.arange(batch) % spec['classes']
        self.teacher = build(spec['teacher'], spec['classes']).eval() if spec['teacher'] else None
        self.student = build(spec['student'], spec['classes']).train() if spec['student'] else None
        if self.student is not None:
            self.opt = torch.optim.SGD(self.student.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def step(self):
        zt, taps_t = None, None
        if self.teacher is not None:
            with torch.no_grad():
                zt, taps_t = self.teacher(self.x)
        if self.student is None:
            return float(zt.sum())
        zs, taps_s = self.student(self.x)
        loss = objective(self.method, zs, taps_s, zt, taps_t, self.y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.item()


def timed(workload, reps):
    wall, cpu, loss = [], [], None
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        value = workload.step()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        loss = value if loss is None else loss
    return {'wall': wall, 'cpu': cpu, 'loss': loss}


def param_counts():
    return {name: count_params(build(name, classes)) for name, classes in
            [('resnet8', 10), ('cnn', 10), ('resnet8x4', 100), ('resnet32x4', 100)]}


def gemm_gflops(n, reps=5):
    """Attained FP32 GFLOP/s of an n x n x n matmul (median of reps): a measured ceiling for this machine."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    return 2 * n ** 3 / sorted(times)[reps // 2] / 1e9


def serve():
    cache = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req.get('gemm'):
            out = {'gemmGflops': gemm_gflops(req['gemm'])}
        elif req.get('params'):
            out = {'params': param_counts(), 'torch': torch.__version__,
                   'threads': torch.get_num_threads(), 'interop': torch.get_num_interop_threads()}
        else:
            key = (req['workload'], req.get('batch', 64))
            if key not in cache:
                cache[key] = Workload(*key)
                cache[key].step()  # warm-up: first calls allocate and pick kernels
            elif req.get('warmup'):
                cache[key].step()  # untimed: caches and the allocator back after the other engines' turns
            out = {'workload': req['workload'], **timed(cache[key], req['reps'])}
        print(json.dumps(out), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--interop', type=int, default=1)
    p.add_argument('--workload', default='resnet8')
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--serve', action='store_true')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop)
    if a.serve:
        return serve()
    w = Workload(a.workload, a.batch)
    for _ in range(a.warmup):
        w.step()
    print(json.dumps({'workload': a.workload, 'batch': a.batch, 'threads': a.threads, 'torch': torch.__version__,
                      'params': param_counts(), **timed(w, a.reps)}))


if __name__ == '__main__':
    main()
