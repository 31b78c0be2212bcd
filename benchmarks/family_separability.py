"""Information estimates for the fine-tune family: for every pair of sources in a `t2ia-generate` dataset, how well a logistic
regression on simple statistics tells them apart (per image and per same-prompt pair, AUC on the test split with prompt-bootstrap
95 % CIs), through `finetunes.pair_table`. Run on `zoo:200` made by zoo-sd and its fine-tunes (`t2ia-zoo build --models family`)."""
import argparse, time

from t2i_attribution.finetunes import pair_table, pivot_pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', required=True, help='a t2ia-generate dataset with the family')
    ap.add_argument('--features', default='colour-moments,image-stats')
    ap.add_argument('--base', default='zoo-sd', help='pairs with this source first, then the other pairs')
    ap.add_argument('--n-boot', type=int, default=1000)
    ap.add_argument('--out', default=None, help='write the rows as CSV here')
    a = ap.parse_args()
    t = time.perf_counter()
    tab = pair_table(a.data, base=a.base, features=tuple(a.features.split(',')), n_boot=a.n_boot)
    print(pivot_pairs(tab).to_string())
    print(f'{tab.n_prompts.iloc[0]} test prompts, {time.perf_counter() - t:.0f} s in all')
    if a.out: tab.to_csv(a.out, index=False)


if __name__ == '__main__': main()
