"""Information estimates for the fine-tune family: for every pair of sources in a `t2ia-generate` dataset, how well a logistic
regression on simple statistics tells them apart (per image and per same-prompt pair, AUC on the test split with prompt-bootstrap
95 % CIs). Run on `zoo:200` made by zoo-sd and its fine-tunes (`t2ia-zoo build --models family`)."""
import argparse, itertools, time

import pandas as pd

from t2i_attribution.hard_pair import separability
from t2i_attribution.dataset import load_manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', required=True, help='a t2ia-generate dataset with the family')
    ap.add_argument('--sources', default=None, help='comma-separated sources (default: every generated one)')
    ap.add_argument('--features', default='colour-moments,image-stats')
    ap.add_argument('--base', default='zoo-sd', help='pairs with this source first, then the other pairs')
    ap.add_argument('--n-boot', type=int, default=1000)
    ap.add_argument('--out', default=None, help='write the rows as CSV here')
    a = ap.parse_args()
    man = load_manifest(a.data)
    srcs = a.sources.split(',') if a.sources else [s for s in man.source.unique() if s != 'real']
    pairs = [(a.base, s) for s in srcs if s != a.base] + [p for p in itertools.combinations(srcs, 2) if a.base not in p]
    rows = []
    for x, y in pairs:
        for f in a.features.split(','):
            t = time.perf_counter()
            for r in separability(a.data, x, y, f, n_boot=a.n_boot):
                rows.append(dict(pair=f'{x} ~ {y}', **r, seconds=round(time.perf_counter() - t, 1)))
    df = pd.DataFrame(rows)
    df['cell'] = df.apply(lambda r: f'{r.auc:.3f} [{r.auc_lo:.3f}, {r.auc_hi:.3f}]', axis=1)
    print(df.pivot_table(index='pair', columns=['features', 'level'], values='cell', aggfunc='first', sort=False).to_string())
    print(f"n test prompts {df.n_prompts.iloc[0]}, {df.seconds.sum():.0f} s in all")
    if a.out: df.to_csv(a.out, index=False)


if __name__ == '__main__': main()
