"""Training throughput vs the backbone alone, measured in one run.

    python benchmarks/train_bench.py --data DATASET_ROOT [--image-size 64] [--epochs 2] [--groups-per-batch 8]

Runs `train()` (the `t2ia-train` path: batches of prompt groups, normalisation, SupCon + pair BCE, Adam step, per-epoch
validation and checkpoint excluded from the timed loop) and then times a bare backbone forward+backward+Adam step on the
same batches, already as tensors. Prints images/s for both and the ratio (goal >= 0.85: data handling and the losses
must not be the bottleneck).
"""
import argparse, tempfile, time
from pathlib import Path

import numpy as np
import torch
from t2i_attribution.train import TrainConfig, train
from t2i_attribution.data import GroupData
from t2i_attribution.backbones import create_backbone


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True); ap.add_argument('--backbone', default='efficientnet-lite0')
    ap.add_argument('--image-size', type=int, default=64); ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--groups-per-batch', type=int, default=8)
    a = ap.parse_args()
    out = Path(tempfile.mkdtemp())/'run'
    cfg = TrainConfig(a.data, str(out), backbone=a.backbone, pretrained='true', image_size=a.image_size, epochs=a.epochs,
                      groups_per_batch=a.groups_per_batch)
    res = train(cfg, progress=False)
    t_train = sum(h['seconds'] for h in res['history'][1:]) or res['history'][0]['seconds']  # skip the warm-up epoch
    n_ep = max(1, len(res['history']) - 1)
    bb = create_backbone(a.backbone, pretrained=True, image_size=a.image_size)
    data = GroupData(a.data, 'train', bb.image_size, bb.mean, bb.std)
    batches = data.batches(a.groups_per_batch, 0, 0)
    xs = [data.images(b) for b in batches]
    n_img = sum(len(b) for b in batches)
    m = bb.module.train(); opt = torch.optim.Adam(m.parameters(), 1e-4)
    for x in xs[:2]: opt.zero_grad(); m(x).float().pow(2).mean().backward(); opt.step()  # warm-up
    t = time.perf_counter()
    for _ in range(n_ep):
        for x in xs: opt.zero_grad(); m(x).float().pow(2).mean().backward(); opt.step()
    t_bb = time.perf_counter() - t
    r_train, r_bb = n_img * n_ep / t_train, n_img * n_ep / t_bb
    print(f'{a.backbone} at {a.image_size}px, {len(batches)} batches/epoch ({n_img} images), {n_ep} timed epoch(s), torch threads {torch.get_num_threads()}')
    print(f'train() step loop       : {r_train:7.1f} images/s')
    print(f'backbone fwd+bwd+step   : {r_bb:7.1f} images/s')
    print(f'ratio train/backbone    : {r_train / r_bb:.3f}  (goal >= 0.85)')


if __name__ == '__main__':
    main()
