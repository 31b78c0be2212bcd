"""The hard-pair ablation (`nbs/17_hard_pair.ipynb`): train each configuration, evaluate it, write one table.

    python benchmarks/hard_pair_ablation.py --data data/zoo200 --kdata data/siblings-k6 --runs runs --out reports/hard-pair

Each configuration is one `t2ia-train` run in RUNS/NAME (an existing complete run is evaluated as it is, an interrupted one
resumed). Every row is measured with `ablation_row`: the `zoo-sd`~`zoo-sd-ft` AUC and accuracy at the validated threshold on
the test prompts (95 % intervals from resampling prompts), the weakest other pair, and the training time. The separability
rows come first; the K-reference rows (`k_reference_rows` on KDATA, a dataset with 6 images a prompt) for the runs named in
--k-runs come last. Writes OUT/ablation.csv, OUT/k_refs.csv and OUT/table.md.
"""
import argparse, time
from pathlib import Path

import pandas as pd
from t2i_attribution.train import TrainConfig, train
from t2i_attribution.hard_pair import separability, ablation_row, k_reference_rows

BASE = dict(image_size=64, epochs=30, step_size=12, lr=1e-4)  # the README's zoo recipe with the paper's loss and head
FROZEN = dict(image_size=64, epochs=14, step_size=6, lr=3e-4, freeze_backbone=True)
CONFIGS = {  # run name → (what the row tests, TrainConfig fields); each statistics-head row changes one thing from the chosen default
    'lite0': ("paper's recipe: fine-tuned EfficientNet-Lite0, 64 px", BASE),
    'lite0-frozen': ('backbone frozen (w/o fine-tune)', FROZEN),
    'lite0-32px': ("the zoo's native 32 px (no bicubic upscaling), 15 epochs", BASE | dict(image_size=32, epochs=15)),
    'lite0-frozen-stats': ('frozen + statistics head: the `zoo` preset (MLP head, bounded ±2, 5-fold cross-fitted)', FROZEN | dict(stats_head=True)),
    'lite0-frozen-stats-linear': ('frozen + linear statistics head (a logistic regression)', FROZEN | dict(stats_head=True, stats_hidden=0)),
    'lite0-frozen-stats-unbounded': ('frozen + statistics head, logit unbounded', FROZEN | dict(stats_head=True, stats_bound=0.0)),
    'lite0-frozen-stats-khosla': ("frozen + statistics head, Khosla's SupCon", FROZEN | dict(stats_head=True, loss='khosla')),
    'lite0-frozen-stats-bce3': ('frozen + statistics head, λ = 3', FROZEN | dict(stats_head=True, bce_weight=3.0)),
    'lite0-frozen-stats-t05': ('frozen + statistics head, τ = 0.5', FROZEN | dict(stats_head=True, temperature=0.5)),
    'lite0-frozen-stats-nofolds': ('frozen + statistics head, not cross-fitted', FROZEN | dict(stats_head=True, stats_folds=1)),
    'lite0-stats-plain': ('fine-tuned + statistics head, unbounded and not cross-fitted', BASE | dict(stats_head=True, stats_bound=0.0, stats_folds=1)),
}


def ensure_run(name:str, fields:dict, data:str, runs:Path)->Path:
    "Train RUNS/NAME unless a complete run is there; resume an interrupted one."
    run = runs/name
    hist = run/'history.csv'
    done = hist.exists() and len(pd.read_csv(hist)) >= fields['epochs'] and (run/'best'/'model.safetensors').exists()
    if not done:
        t = time.time()
        train(TrainConfig(data, str(run), **fields), resume=(run/'checkpoints').exists(), progress=False)
        print(f'  trained {name} in {time.time() - t:.0f} s', flush=True)
    return run


def _ci(r, k, pct=False):
    f = (lambda v: f'{100 * v:.1f} %') if pct else (lambda v: f'{v:.3f}')
    return f"{f(r[k])} [{f(r[k + '_lo'])}, {f(r[k + '_hi'])}]"


def table(sep:list, rows:list, krows:list)->str:
    L = ['| row | what | hard pair AUC [95 % CI] | accuracy at validated threshold | weakest other pair | training |', '|---|---|---|---|---|---|']
    for r in sep:
        L.append(f"| separability | logistic regression on {r['features']}, per {r['level']} | {_ci(r, 'auc')} | — | — | seconds |")
    for r in rows:
        L.append(f"| {r['run']} | {r['what']} | {_ci(r, 'auc')} | {_ci(r, 'accuracy', True)} | "
                 f"{r['other_min_pair']} {r['other_min_auc']:.3f} | {r['train_seconds'] / 60:.1f} min |")
    L += ['', '| run | K references | queries × suspects | AUC [95 % CI] | verdict accuracy [95 % CI] |', '|---|---|---|---|---|']
    L += [f"| {r['run']} | {r['k']} | {r['queries']} | {_ci(r, 'auc')} | {_ci(r, 'accuracy', True)} |" for r in krows]
    return '\n'.join(L) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--kdata', default=None, help='dataset with >= 6 images a prompt of both siblings (val and test prompts)')
    ap.add_argument('--runs', default='runs')
    ap.add_argument('--out', default='reports/hard-pair')
    ap.add_argument('--only', default='', help='comma-separated configuration names (default: all)')
    ap.add_argument('--k-runs', default='lite0,lite0-frozen,lite0-frozen-stats')
    a = ap.parse_args()
    out, runs = Path(a.out), Path(a.runs)
    out.mkdir(parents=True, exist_ok=True)
    sep = [r for f in ('colour-moments', 'image-stats') for r in separability(a.data, 'zoo-sd', 'zoo-sd-ft', features=f)]
    names = [n for n in a.only.split(',') if n] or list(CONFIGS)
    rows = []
    for name in names:
        what, fields = CONFIGS[name]
        run = ensure_run(name, fields, a.data, runs)
        r = ablation_row(run, a.data)
        rows.append({k: v for k, v in r.items() if k != 'rows'} | dict(what=what))
        print(f"{name}: AUC {r['auc']:.3f} [{r['auc_lo']:.3f}, {r['auc_hi']:.3f}] acc {r['accuracy']:.3f}", flush=True)
    krows = [x for n in a.k_runs.split(',') if n and a.kdata for x in k_reference_rows(runs/n, a.kdata)]
    pd.DataFrame(rows).to_csv(out/'ablation.csv', index=False)
    pd.DataFrame(krows).to_csv(out/'k_refs.csv', index=False)
    (out/'table.md').write_text(table(sep, rows, krows))
    print(table(sep, rows, krows))


if __name__ == '__main__': main()
