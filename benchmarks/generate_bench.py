"""Throughput of dataset generation on a zoo model, measured in one run (ratios, not absolute times, are the result).

    python benchmarks/generate_bench.py [--generator zoo-sd] [--prompts 256] [--batch-size 16] [--steps 20] [--repeats 2]

Prints images/s for
  1. a bare script: load the pipeline, then call it over the same batches (`pipe(prompt=[...], generator=[...], ...)`),
  2. `generate_dataset` (the `t2ia-generate` path: plan, batching, PNG writing, normalised copies, manifest),
  3. the bare pipeline one prompt at a time,
and the ratios 2/1 (goal >= 0.95) and 1/3 (goal >= 2.5).

With --processes, also `t2ia-generate` over the same prompts in one process and sharded over two under `accelerate launch`
(each process taking its share of the cores through `core.share_threads`), and the ratio of their images/s.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

import torch
from t2i_attribution.core import generator_for
from t2i_attribution.generators import load_generator, resolve_generator
from t2i_attribution.dataset import GenerateConfig, generate_dataset, read_captions


def bare(pipe, prompts, seeds, steps, guidance, size, bs):
    for i in range(0, len(prompts), bs):
        pipe(prompt=prompts[i:i + bs], generator=[generator_for(s) for s in seeds[i:i + bs]], num_inference_steps=steps,
             guidance_scale=guidance, height=size, width=size, output_type='pil')


def sharded(a, prompts_file:Path, steps:int)->None:
    "t2ia-generate in one process, then in two under accelerate launch: images/s of each (loading included in both)."
    cli = ['--captions', str(prompts_file), '--generators', a.generator, '--batch-size', str(a.batch_size), '--steps', str(steps),
           '--no-normalise']
    acc = str(Path(sys.executable).parent/'accelerate')
    gen = str(Path(sys.executable).parent/'t2ia-generate')
    runs = {'1 process  ': [gen], '2 processes': [acc, 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1',
                                                  '--mixed_precision', 'no', '--dynamo_backend', 'no', gen]}
    n = len(prompts_file.read_text().splitlines())
    rate = {}
    for k, (name, cmd) in enumerate(runs.items()):
        t = time.perf_counter()
        p = subprocess.run([*cmd, *cli, '--out', str(prompts_file.parent/f'sharded{k}')], capture_output=True, text=True,
                           env={key: v for key, v in os.environ.items() if key != 'OMP_NUM_THREADS'})
        if p.returncode: sys.exit(p.stderr[-2000:])
        rate[name] = n / (time.perf_counter() - t)
        print(f't2ia-generate, {name}: {rate[name]:7.2f} images/s (includes start-up and loading)')
    print(f'ratio 2 processes / 1     : {rate["2 processes"] / rate["1 process  "]:.2f}  ({os.cpu_count()} cores)')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--generator', default='zoo-sd'); ap.add_argument('--prompts', type=int, default=256)
    ap.add_argument('--batch-size', type=int, default=16); ap.add_argument('--steps', type=int, default=None)
    ap.add_argument('--repeats', type=int, default=2)
    ap.add_argument('--processes', action='store_true', help='also compare one process with two sharded ones')
    a = ap.parse_args()
    pipe = load_generator(a.generator, device='cpu')
    steps, guidance, size = a.steps or pipe.t2ia.steps, pipe.t2ia.guidance, pipe.t2ia.size
    prompts = list(read_captions(f'zoo:{a.prompts}').prompt)
    seeds = list(range(len(prompts)))
    bare(pipe, prompts[:a.batch_size], seeds[:a.batch_size], steps, guidance, size, a.batch_size)  # warm the process (imports, allocator)
    root = Path(tempfile.mkdtemp())
    (root/'prompts.txt').write_text('\n'.join(prompts))  # the same prompts, without real images to render
    t_bare = t_ds = float('inf')
    for r in range(a.repeats):  # alternate the two, keep the best of each: a shared machine's noise hits both alike
        # like the dataset path, the bare script starts from a freshly loaded pipeline (a new pipeline pays a warm-up
        # of CPU kernels on its first batches: timing a warmed-up pipeline against a cold one would hide that)
        t = time.perf_counter()
        fresh = load_generator(a.generator, device='cpu'); bare(fresh, prompts, seeds, steps, guidance, size, a.batch_size)
        t_bare = min(t_bare, time.perf_counter() - t); del fresh
        cfg = GenerateConfig(str(root/'prompts.txt'), [a.generator], str(root/f'ds{r}'), images_per_prompt=1, batch_size=a.batch_size,
                             steps=steps, device='cpu')
        t = time.perf_counter(); generate_dataset(cfg, progress=False); t_ds = min(t_ds, time.perf_counter() - t)
    n1 = min(len(prompts), 64)
    t = time.perf_counter()
    fresh = load_generator(a.generator, device='cpu'); bare(fresh, prompts[:n1], seeds[:n1], steps, guidance, size, 1)
    t_one = time.perf_counter() - t
    if a.processes: sharded(a, root/'prompts.txt', steps)
    shutil.rmtree(root)
    r_bare, r_ds, r_one = len(prompts) / t_bare, len(prompts) / t_ds, n1 / t_one
    print(f'generator {a.generator} ({resolve_generator(a.generator).description or "local"}), {size}px, {steps} steps, '
          f'batch {a.batch_size}, {len(prompts)} prompts, best of {a.repeats}, torch threads {torch.get_num_threads()}')
    print(f'bare pipeline, batched     : {r_bare:7.2f} images/s (includes loading)')
    print(f't2ia-generate path         : {r_ds:7.2f} images/s (includes loading, PNG writing, normalised copies, manifest)')
    print(f'bare pipeline, one at a time: {r_one:7.2f} images/s (includes loading)')
    print(f'ratio generate/bare        : {r_ds / r_bare:.3f}  (goal >= 0.95)')
    print(f'ratio batched/one-at-a-time: {r_bare / r_one:.2f}  (goal >= 2.5)')


if __name__ == '__main__':
    main()
