"""Attribution cost against the sum of its parts, measured in one run: for S = 1, 2, 4 suspects, the time of `attribute` for one
query vs S x (K regenerations + K embeddings) + 1 query embedding, each part timed alone. Ratios, not wall-clock claims."""
import argparse, statistics, tempfile, time
from pathlib import Path

from t2i_attribution.attribute import attribute, load_attributor, embed, suspect_pipeline
from t2i_attribution.captioners import describe_scene
from t2i_attribution.core import load_image
from t2i_attribution.dataset import load_manifest
from t2i_attribution.runs import run_config
from t2i_attribution.generators import generate_images, zoo_names


def timed(fn, repeats):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--model', default='runs/lite0', help='a run folder evaluated by t2ia-eval')
    ap.add_argument('--k', type=int, default=3)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    att = load_attributor(a.model)
    cfg = run_config(Path(a.model), Path(a.model)/'best')
    man = load_manifest(cfg['data'])
    query = load_image(Path(cfg['data'])/man[man.split == 'test'].path.iloc[0])
    desc = describe_scene(query)
    suspects = zoo_names()[:4]
    seeds = list(range(a.k))
    for s in suspects: generate_images(suspect_pipeline(s), [desc], [0])  # warm: every generator loaded and run once
    embed(att, [query] * (a.k + 1))
    gen = {s: timed(lambda s=s: generate_images(suspect_pipeline(s), [desc] * a.k, seeds, batch_size=16), a.repeats) for s in suspects}
    emb = timed(lambda: embed(att, [query] * a.k), a.repeats) / a.k
    print(f'parts (median of {a.repeats}): K={a.k} regenerations ' + ', '.join(f'{s} {t:.3f} s' for s, t in gen.items())
          + f'; one embedding {emb * 1000:.1f} ms')
    for S in (1, 2, 4):
        sus = suspects[:S]
        parts = sum(gen[s] for s in sus) + (S * a.k + 1) * emb
        whole = timed(lambda: attribute([query], sus, att, description=desc, k=a.k, cache=tempfile.mkdtemp()), a.repeats)
        print(f'S={S}: attribute {whole:.3f} s vs parts {parts:.3f} s: ratio {whole / parts:.3f}')
    cache = tempfile.mkdtemp()
    first = timed(lambda: attribute([query], suspects, att, description=desc, k=a.k, cache=cache), 1)
    again = attribute([query], suspects, att, description=desc, k=a.k, cache=cache)
    second = timed(lambda: attribute([query], suspects, att, description=desc, k=a.k, cache=cache), a.repeats)
    made = sum(x['generated_now'] for x in again[0]['suspects'])
    print(f'same description again (cache hit): {second:.3f} s vs {first:.3f} s first ({first / second:.1f}x), references generated: {made}')


if __name__ == '__main__':
    main()
