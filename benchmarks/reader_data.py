"""Does the zoo attributor's scene reader gain from more generated images of its own seed (issue 20, item 3)? The reader is trained
as `zoo_attributor.build_reader` trains it (its data's train images + rendered scenes), once as built and once with the images of
`--extra` more scenes (base seed caption_seed + 2, one image per scene and generator), and each field of the scene grammar is
scored against the true prompts on held-out images: the build's validation split and zoo:200's validation split (never its test
split, which the benchmark reports). Also prints, per source, which colours and shapes the shipped reader reads for which."""
import argparse, time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from t2i_attribution.attribution_eval import DESCRIPTION_FIELDS, field_errors
from t2i_attribution.captioners import (READER_FILE, ZOO_ATTRIBUTOR, fit_scene_reader, load_scene_reader, read_specs, reader_images,
                                        reader_input, rendered_scenes)
from t2i_attribution.dataset import GenerateConfig, generate_dataset
from t2i_attribution.scenes import caption
from t2i_attribution.zoo_attributor import ZooAttributorConfig, own_prompts


@torch.no_grad()
def read(net, x:np.ndarray, bs:int=256)->list:
    "The scenes `net` reads from uint8 images `x`, in batches (what the zoo-reader captioner writes, for a reader held in memory)."
    return [s for i in range(0, len(x), bs) for s in read_specs(net(reader_input(x[i:i + bs])))]

def field_table(got:list, specs:list, srcs:list)->pd.DataFrame:
    "Per source (and all): % of images whose read scene `got` has each field wrong against `specs`, and any field wrong."
    df = pd.DataFrame([dict(source=s, **field_errors(caption(t), caption(g))) for t, g, s in zip(specs, got, srcs)])
    df['any'] = df[list(DESCRIPTION_FIELDS)].any(axis=1)
    t = df.groupby('source').mean()
    t.loc['all'] = df.drop(columns='source').mean()
    return (100 * t).round(1)

def confusions(got:list, specs:list, srcs:list, source:str)->tuple[pd.DataFrame, pd.DataFrame]:
    "Colour and shape read (columns) against asked for (rows), over `source`'s objects whose position was read right."
    rows = [(o.colour, g[o.position].colour, o.shape, g[o.position].shape)
            for t, r, s in zip(specs, got, srcs) if s == source
            for g in [{q.position: q for q in r.objects}] for o in t.objects if o.position in g]
    d = pd.DataFrame(rows, columns=['colour', 'colour read', 'shape', 'shape read'])
    return pd.crosstab(d['colour'], d['colour read']), pd.crosstab(d['shape'], d['shape read'])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--build', default='runs/zoo-attributor-build', help="t2ia-zoo-attributor's working folder (its data/ is used)")
    ap.add_argument('--bench', default='data/zoo200', help="zoo:200 of base seed 0 (its val split is scored)")
    ap.add_argument('--extra', type=int, default=1200, help='more scenes of its own for the reader')
    a = ap.parse_args()
    torch.set_num_threads(2)
    cfg, data = ZooAttributorConfig(a.build), Path(a.build)/'data'
    src = own_prompts(ZooAttributorConfig(a.build, prompts=a.extra, caption_seed=cfg.caption_seed + 2))  # disjoint from the evaluated
    extra = Path(a.build)/'reader-extra'
    t0 = time.time()
    generate_dataset(GenerateConfig(src, list(cfg.generators), str(extra), 1, base_seed=cfg.caption_seed + 2, splits=(1.0, 0.0, 0.0)),
                     progress=True)
    print(f'extra images: {time.time() - t0:.0f} s')
    x, s, _ = reader_images(data, 'train')
    rx, rs = rendered_scenes(cfg.renders, seed=cfg.caption_seed + 1, exclude=cfg.exclude)
    ex, es, _ = reader_images(extra, 'train')
    held = {'build val': reader_images(data, 'val'), 'zoo:200 val': reader_images(a.bench, 'val')}
    shipped = load_scene_reader(ZOO_ATTRIBUTOR/READER_FILE)[0]
    variants = {'shipped': lambda: shipped,
                'as built': lambda: fit_scene_reader(np.concatenate([x, rx]), s + rs, epochs=cfg.reader_epochs),
                f'+ {a.extra} scenes': lambda: fit_scene_reader(np.concatenate([x, ex, rx]), s + es + rs, epochs=cfg.reader_epochs)}
    for name, make in variants.items():
        t0 = time.time()
        net = make()
        print(f'\n# {name} ({time.time() - t0:.0f} s to train)')
        got = {h: read(net, hx) for h, (hx, _, _) in held.items()}  # each held-out image read once per reader
        for h, (hx, hs, hsrc) in held.items(): print(f'## {h} ({len(hx)} images): % read wrong\n{field_table(got[h], hs, hsrc)}')
        if name == 'shipped': shipped_got = got['build val']
    for source in ('zoo-sd', 'zoo-sd-ft'):
        for c in confusions(shipped_got, *held['build val'][1:], source): print(f'\n{source}, shipped reader:\n{c}')
