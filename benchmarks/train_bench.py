"""Training: throughput against the backbone alone, peak memory against dataset size, and processes sharing the CPU.

    python benchmarks/train_bench.py --data SMALL_DATASET LARGE_DATASET [--image-size 64] [--epochs 2] [--groups-per-batch 8]
                                     [--workers 0] [--memory] [--scale 10] [--processes]

1. Throughput (always, for each --data): runs `train()` (the `t2ia-train` path: batches of prompt groups streamed from disk,
   decoded ahead by a thread of the training process (or --workers DataLoader processes, started once a run), SupCon + pair
   BCE, Adam step; validation and checkpoints excluded from the timed loop), then times a bare backbone forward+backward+Adam
   step on the same batches, already as tensors. Prints images/s, the ratio (goal >= 0.9: data loading and the losses are not
   the bottleneck) and what share of a step the optimiser and the heads and losses take, and what the data path would add
   if it were not decoded ahead.
2. --memory: one training epoch in a fresh process each, on the dataset and on a view of it SCALE times larger (manifest rows
   replicated as new prompts, pointing at the same files), streamed and held in memory. Prints peak resident memory (the
   process and its DataLoader workers) and the growth (goal for streaming: <= 1.3x at 10x the data).
3. --processes: two epochs in one process, then in two processes under `accelerate launch` (each taking its share of the
   cores through `core.share_threads`). Prints the training images/s of both and their ratio.
All figures come from one run of this script, so their ratios compare like with like on whatever machine runs it.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

import pandas as pd
import torch
from t2i_attribution.train import TrainConfig, train
from t2i_attribution.data import GroupData, batch_loader, within_group_pairs
from t2i_attribution.losses import paper_supcon_loss, pair_bce_loss
from t2i_attribution.siamese import SiameseAttributor
from t2i_attribution.dataset import load_manifest


def throughput(a, data:str):
    out = Path(tempfile.mkdtemp())/'run'
    cfg = TrainConfig(data, str(out), backbone=a.backbone, pretrained=True, image_size=a.image_size, epochs=a.epochs,
                      groups_per_batch=a.groups_per_batch, workers=a.workers)
    res = train(cfg, progress=False)
    t_train = sum(h['seconds'] for h in res['history'][1:]) or res['history'][0]['seconds']  # skip the warm-up epoch
    n_ep = max(1, len(res['history']) - 1)
    m = SiameseAttributor(a.backbone, cfg.proj_dim, cfg.head_hidden, a.image_size, True).train()
    tr = GroupData(data, 'train', m.image_size, m.mean, m.std)
    batches = tr.batches(a.groups_per_batch, 0, 0)
    t = time.perf_counter()
    px = [x for _, x in batch_loader(tr, batches)]  # the data path alone: read, decode, hand over (overlapped in train())
    t_data = time.perf_counter() - t
    xs = [tr.normalise(x) for x in px]
    n_img = sum(len(b) for b in batches)
    opt = torch.optim.Adam(m.parameters(), 1e-4)
    def bare(x):  # the backbone alone: forward, backward, Adam step
        opt.zero_grad()
        m.backbone(x).float().pow(2).mean().backward()
        opt.step()
    def full(x, rows, clock):  # what a training step adds: projection, pair head, SupCon + BCE; the optimiser timed apart
        rows = torch.as_tensor(rows)
        src, grp = tr.src[rows], tr.grp[rows]
        i, j, y = within_group_pairs(grp, src)
        opt.zero_grad()
        e = m.embed(x)
        loss = paper_supcon_loss(e[:, :cfg.proj_dim], src, grp, cfg.temperature) + pair_bce_loss(m.score(e[i], e[j]), y)
        loss.backward()
        t = time.perf_counter()
        opt.step()
        clock['opt'] += time.perf_counter() - t
    for x in xs[:2]: bare(x)  # warm-up
    t = time.perf_counter()
    for _ in range(n_ep):
        for x in xs: bare(x)
    t_bb = time.perf_counter() - t
    clock = {'opt': 0.0}
    t = time.perf_counter()
    for _ in range(n_ep):
        for x, rows in zip(xs, batches): full(x, rows, clock)
    t_full = time.perf_counter() - t
    r_train, r_bb = n_img * n_ep / t_train, n_img * n_ep / t_bb
    print(f'{data}: {a.backbone} at {a.image_size}px, {len(batches)} batches/epoch ({n_img} images), {n_ep} timed epoch(s), '
          f'torch threads {torch.get_num_threads()}, workers {a.workers}')
    print(f'  train() step loop       : {r_train:7.1f} images/s')
    print(f'  backbone fwd+bwd+step   : {r_bb:7.1f} images/s')
    print(f'  ratio train/backbone    : {r_train / r_bb:.3f}  (goal >= 0.9)')
    step = t_full / n_ep
    print(f'  one epoch of steps, {step:.2f} s: optimiser {clock["opt"] / t_full:.0%}, heads and losses {max(0.0, t_full - t_bb) / t_full:.0%}; '
          f'the data path alone would add {t_data / step:.0%} (train() decodes it ahead, in parallel)')
    return r_train / r_bb


def scaled_view(root:Path, scale:int, dst:Path)->Path:
    "A dataset SCALE times larger: every prompt's rows replicated as new prompts, the files copied once."
    man = load_manifest(root)
    dst.mkdir(parents=True)
    for sub in {Path(p).parts[0] for p in pd.concat([man.path, man.raw_path]).dropna()}:  # one copy of the files (symlinks would
        shutil.copytree(root/sub, dst/sub)  # point outside the root, which load_manifest refuses)
    parts = [man.assign(prompt_id=man.prompt_id + f'~{k}', image_id=man.image_id.astype(str) + f'~{k}') for k in range(scale)]
    pd.concat(parts).to_csv(dst/'manifest.csv', index=False)
    (dst/'config.json').write_text((root/'config.json').read_text())
    return dst


CHILD = '''
import json, resource, sys
from t2i_attribution.train import TrainConfig, train
cfg = TrainConfig(**json.loads(sys.argv[1]))
train(cfg, progress=False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({'peak_mib': peak / 1024}))
'''


def peak_memory(data:Path, in_memory:bool, a, out:Path)->float:
    cfg = dict(data=str(data), out=str(out), image_size=a.image_size, epochs=1, groups_per_batch=a.groups_per_batch, in_memory=in_memory)
    p = subprocess.run([sys.executable, '-c', CHILD, json.dumps(cfg)], capture_output=True, text=True)
    if p.returncode: sys.exit(p.stderr[-2000:])
    return json.loads(p.stdout.strip().splitlines()[-1])['peak_mib']


def memory(a):
    tmp = Path(tempfile.mkdtemp())
    big = scaled_view(Path(a.data), a.scale, tmp/f'x{a.scale}')
    print(f'peak resident memory, one epoch at {a.image_size}px (process + DataLoader workers):')
    for in_memory in (False, True):
        t = time.time()
        m1 = peak_memory(Path(a.data), in_memory, a, tmp/f'run-1-{in_memory}')
        mk = peak_memory(big, in_memory, a, tmp/f'run-{a.scale}-{in_memory}')
        what = 'in memory' if in_memory else 'streamed '
        print(f'  {what}: 1x {m1:7.0f} MiB, {a.scale}x {mk:7.0f} MiB, growth {mk / m1:.2f}x  ({time.time() - t:.0f} s)')


def processes(a):
    tmp = Path(tempfile.mkdtemp())
    opts = ['--data', a.data, '--image-size', str(a.image_size), '--epochs', '2', '--groups-per-batch', str(a.groups_per_batch), '--quiet']
    acc = str(Path(sys.executable).parent/'accelerate')
    runs = {'1 process ': [sys.executable, '-m', 't2i_attribution.train', '--out', str(tmp/'one'), *opts],
            '2 processes': [acc, 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1', '--mixed_precision', 'no',
                            '--dynamo_backend', 'no', '-m', 't2i_attribution.train', '--out', str(tmp/'two'), *opts]}
    rate = {}
    for name, cmd in runs.items():
        p = subprocess.run(cmd, capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'})
        if p.returncode: sys.exit(p.stderr[-2000:])
        out = Path(cmd[cmd.index('--out') + 1])
        h = pd.read_csv(out/'history.csv')
        n_img = len(GroupData(a.data, 'train', a.image_size, (0, 0, 0), (1, 1, 1)))
        rate[name] = n_img / h.seconds.iloc[-1]  # the second epoch: warmed up
        print(f'training, {name}: {rate[name]:6.1f} images/s (second epoch)')
    print(f'ratio 2 processes / 1   : {rate["2 processes"] / rate["1 process "]:.2f}  ({os.cpu_count()} cores)')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True, nargs='+', help='one or more datasets (e.g. a small and a large one), measured in one run')
    ap.add_argument('--workers', type=int, default=0, help='DataLoader processes (0: the default thread)')
    ap.add_argument('--backbone', default='efficientnet-lite0')
    ap.add_argument('--image-size', type=int, default=64)
    ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--groups-per-batch', type=int, default=8)
    ap.add_argument('--memory', action='store_true')
    ap.add_argument('--scale', type=int, default=10)
    ap.add_argument('--processes', action='store_true')
    a = ap.parse_args()
    ratios = [throughput(a, d) for d in a.data]
    print('ratios train/backbone: ' + ', '.join(f'{r:.3f}' for r in ratios))
    a.data = a.data[0]  # --memory and --processes: the first dataset
    if a.memory: memory(a)
    if a.processes: processes(a)


if __name__ == '__main__':
    main()
