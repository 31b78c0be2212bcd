"""Train the Siamese model on what attribution compares (issue 20, item 3): besides the dataset's same-prompt groups, one group per
training query holding the query and the references each suspect regenerates from the captioner's description of it. Both variants
(`same-prompt groups` and `+ regenerated groups`) are trained with the `zoo` preset for each seed and measured on the test split as
attribution measures them: each query described by the captioner (and by its true prompt), K references per suspect, per-suspect
AUC of "did this suspect make it", the AUC of every suspect pair on its two sources' queries (the hardest pair first), and the answers
under a rule fitted on the captioned validation queries. References are cached: a rerun makes none."""
import argparse, json, shutil, time
from pathlib import Path

import numpy as np
import pandas as pd

from t2i_attribution.attribute import ReferenceCache, load_attributor, regenerate
from t2i_attribution.attribution_eval import decide, fit_rules, outcome_rates, query_probabilities, split_queries
from t2i_attribution.captioners import get_captioner
from t2i_attribution.core import atomic_save, load_image
from t2i_attribution.dataset import load_manifest
from t2i_attribution.image_ops import normalise_image
from t2i_attribution.metrics import prompt_bootstrap, weighted_auc
from t2i_attribution.train import PRESETS, TrainConfig, train
from t2i_attribution.verdicts import OUTCOMES, answer_outcome


def regenerated_dataset(src:Path, out:Path, n_prompts:int, k:int, cap, suspects:list, cache:ReferenceCache, side:int)->Path:
    "A copy of `src` (hard links) whose manifest adds, per query of its first `n_prompts` train prompts, a group: it and its references."
    if (out/'manifest.csv').exists(): return out
    man = load_manifest(src)
    tr = man[man.split == 'train']
    q = tr[tr.prompt_id.isin(sorted(tr.prompt_id.unique())[:n_prompts])].sort_values(['prompt_id', 'source', 'k']).reset_index(drop=True)
    descs = cap.describe([load_image(src/p) for p in q.raw_path])
    uniq = list(dict.fromkeys(descs))
    tmp = out.with_name(out.name + '.partial')
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp, copy_function=lambda a, b: Path(b).hardlink_to(a), ignore=shutil.ignore_patterns('manifest.*'))
    rows = [man]
    for s in suspects:
        refs, made = regenerate(s, uniq, k, 0, None, cache, 16, progress=True)
        for i, (r, d) in enumerate(zip(q.itertuples(index=False), descs)):
            if s == suspects[0]:  # the query itself, once
                rows.append(pd.DataFrame([{**r._asdict(), 'image_id': f'regen/query/{i:05d}', 'prompt_id': f'regen-{i:05d}'}]))
            for j, im in enumerate(refs[uniq.index(d)]):
                rel = f'norm/regen/{s}/{i:05d}_{j}.jpg'
                atomic_save(normalise_image(im, side), tmp/rel, quality=95)
                rows.append(pd.DataFrame([{**r._asdict(), 'image_id': f'regen/{s}/{i:05d}_{j}', 'prompt_id': f'regen-{i:05d}', 'source': s,
                                           'path': rel, 'raw_path': rel, 'raw_format': 'JPEG', 'k': j}]))
    pd.concat(rows, ignore_index=True).to_csv(tmp/'manifest.csv', index=False)
    tmp.rename(out)
    return out


def pair_aucs(stat:np.ndarray, q:pd.DataFrame, suspects:list, n_boot:int)->list:
    "For every suspect pair (a, b): the AUC of stat_a − stat_b telling a's queries from b's, with a prompt-bootstrap interval."
    rows = []
    for a in range(len(suspects)):
        for b in range(a + 1, len(suspects)):
            m = q.source.isin([suspects[a], suspects[b]]).to_numpy()
            y, v = (q.source[m] == suspects[a]).to_numpy(), stat[m, a] - stat[m, b]
            ci = prompt_bootstrap(y, v, q.prompt_id[m].to_numpy(), 0.0, n_boot)
            rows.append({'pair': f'{suspects[a]} ~ {suspects[b]}', 'auc': weighted_auc(y, v, np.ones(len(y))),
                         'lo': ci['auc_lo'], 'hi': ci['auc_hi']})
    return sorted(rows, key=lambda r: r['auc'])


def split_inputs(root:Path, suspects:list, cap, val_prompts:int)->dict:
    "Per split (the first `val_prompts` validation prompts, the test split): its queries, their images and both descriptions."
    man, out = load_manifest(root), {}
    for sp in ('val', 'test'):
        q = split_queries(man, sp, suspects)
        if sp == 'val': q = q[q.prompt_id.isin(sorted(set(q.prompt_id))[:val_prompts])].reset_index(drop=True)
        ims = [load_image(root/x) for x in q.raw_path]
        out[sp] = (q, ims, {'captioner': cap.describe(ims), 'true prompt': list(q.prompt)})
    return out


def measure(run:Path, inputs:dict, suspects:list, cache:ReferenceCache, k:int, n_boot:int)->dict:
    "The model of `run` on the test split: pair AUCs and answers per description mode, the rule fitted on captioned val queries."
    att, p, res = load_attributor(run, require_rule=False), {}, {}
    for sp, (q, ims, descs) in inputs.items(): p[sp], _ = query_probabilities(att, ims, descs, suspects, k, cache, batch_size=16)
    (qv, _, _), (qt, _, _) = inputs['val'], inputs['test']
    fitted = fit_rules(p['val']['captioner'], qv.truth, suspects, k, k, 9.0)
    rule = fitted['rules'][fitted['main']]
    for m, pm in p['test'].items():
        _, _, ans = decide(pm, rule, suspects, k)
        r = outcome_rates(answer_outcome(ans, qt.truth.to_numpy()), qt.prompt_id, n_boot)
        res[m] = {'pairs': pair_aucs(pm.mean(-1).T, qt, suspects, n_boot), 'answers': r}
    res['rule'] = fitted['main']
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', required=True, help='a t2ia-generate dataset of zoo models (e.g. zoo:200 of base seed 0)')
    ap.add_argument('--out', required=True, help='working folder: the dataset with regenerated groups, the runs, results.json')
    ap.add_argument('--prompts', type=int, default=40, help='training prompts whose queries get a regenerated group')
    ap.add_argument('--k', type=int, default=1, help='references per suspect in each regenerated group')
    ap.add_argument('--seeds', default='0,1', help='training seeds of both variants')
    ap.add_argument('--val-prompts', type=int, default=8, help='validation prompts the rule is fitted on')
    ap.add_argument('--captioner', default='zoo-reader')
    ap.add_argument('--cache', default=None, help='reference cache (default: OUT/references)')
    ap.add_argument('--n-boot', type=int, default=1000)
    a = ap.parse_args()
    t0, out, src = time.perf_counter(), Path(a.out), Path(a.data)
    man = load_manifest(src)
    suspects = sorted(s for s in man.source.unique() if s.startswith('zoo-'))
    side = int(str(man.normalised.iloc[0]).split('px')[0])
    cap, cache = get_captioner(a.captioner), ReferenceCache(a.cache or out/'references')
    regen = regenerated_dataset(src, out/'data-regenerated', a.prompts, a.k, cap, suspects, cache, side)
    t_data, results, inputs = time.perf_counter() - t0, {}, split_inputs(src, suspects, cap, a.val_prompts)
    for seed in (int(s) for s in a.seeds.split(',')):
        for name, root in (('same-prompt groups', src), ('+ regenerated groups', regen)):
            run = out/'runs'/f"{'regen' if root == regen else 'base'}-{seed}"
            if not (run/'best').exists(): train(TrainConfig(str(root), str(run), **{**PRESETS['zoo'], 'seed': seed}), progress=False)
            results[f'{name}, seed {seed}'] = measure(run, inputs, suspects, cache, 3, a.n_boot)
    (out/'results.json').write_text(json.dumps(results, indent=1))
    print(f"{'variant':34s} {'mode':12s} {'hardest pair AUC [95% CI]':44s} " + ' '.join(f'{x:>7s}' for x in OUTCOMES))
    for name, r in results.items():
        for m in ('captioner', 'true prompt'):
            h, o = r[m]['pairs'][0], r[m]['answers']
            hard = f"{h['pair']} {h['auc']:.3f} [{h['lo']:.3f}, {h['hi']:.3f}]"
            print(f'{name:34s} {m:12s} {hard:44s} ' + ' '.join(f'{100 * o[x]:6.1f}%' for x in OUTCOMES))
    print(f'regenerated groups {t_data:.0f} s, {time.perf_counter() - t0:.0f} s in all (results in {out/"results.json"})')


if __name__ == '__main__': main()
