"""Evaluation wall time vs pure embedding time of the same unique images, measured in one run.

    python benchmarks/eval_bench.py --model RUN_DIR --data DATASET_ROOT [--repeat 3] [--n-boot 1000]

Times, alternately and best of --repeat, on the same machine in one process:
  embed   reading and decoding every unique image of the validation and test splits once, and one forward pass of the
          Siamese model over each (the unavoidable work);
  eval    `evaluate_core` for the Siamese model alone: the same reading and embedding, plus scoring every within-prompt
          pair, calibration on validation, the Table II rows with prompt-bootstrap intervals (--n-boot resamples).
Prints both and the ratio eval/embed (goal <= 1.2: the metrics must not cost more than a fifth of the embedding).
Then, once, the full `t2ia-eval` report with its default options, with its time split, for information.
"""
import argparse, tempfile, time
from pathlib import Path

import torch
from t2i_attribution.runs import resolve_model
from t2i_attribution.scoring import build_scorers, SplitCache, evaluate_core
from t2i_attribution.evaluate import EvalConfig, check_data, evaluate
from t2i_attribution.metrics import model_embeddings


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', required=True); ap.add_argument('--data', required=True)
    ap.add_argument('--repeat', type=int, default=3); ap.add_argument('--n-boot', type=int, default=1000)
    a = ap.parse_args()
    run = resolve_model(a.model)
    man = check_data(a.data, 'test', [run])
    siamese = build_scorers([run], baselines=False)[:1]
    scorer, view = siamese[0]

    def embed_only():
        cache = SplitCache(a.data, man)
        for split, src in (('val', view['sources']), ('test', None)): model_embeddings(scorer.model, cache.get(split, view, sources=src))

    def eval_core():
        evaluate_core(siamese, SplitCache(a.data, man), 'test', n_boot=a.n_boot)

    embed_only(); eval_core()  # warm-up: kernels, file cache
    best = {'embed': float('inf'), 'eval': float('inf')}
    for _ in range(a.repeat):
        for name, fn in (('embed', embed_only), ('eval', eval_core)):
            t = time.perf_counter(); fn(); best[name] = min(best[name], time.perf_counter() - t)
    n = sum(len(SplitCache(a.data, man).get(s, view, sources=src)) for s, src in (('val', view['sources']), ('test', None)))
    print(f'{n} unique images (val + test), torch threads {torch.get_num_threads()}')
    print(f"embed only: {best['embed']:.2f} s   evaluate_core: {best['eval']:.2f} s   ratio eval/embed {best['eval'] / best['embed']:.3f} (goal <= 1.2)")
    rep = evaluate(EvalConfig([a.model], a.data, Path(tempfile.mkdtemp())/'report', n_boot=a.n_boot), progress=False)
    print('full report (defaults: model + frozen backbone + pixel statistics, bias control, figures): '
          + ', '.join(f'{k} {v} s' for k, v in rep['seconds'].items()))


if __name__ == '__main__': main()
