"""The attribution benchmark's wall time against the sum of its parts, measured in one run: `attribution_eval` with an empty reference
cache vs (queries described + each reference it made + each image it embedded), every part timed alone on the same images.
The goal is a ratio <= 1.15: every (suspect, description, seed) regenerated once across modes and splits, every image embedded once."""
import argparse, statistics, tempfile, time
from pathlib import Path

from t2i_attribution.attribute import embed, load_attributor, suspect_pipeline, default_captioner
from t2i_attribution.attribution_eval import AttributionEvalConfig, attribution_eval
from t2i_attribution.captioners import get_captioner
from t2i_attribution.core import load_image
from t2i_attribution.dataset import load_manifest
from t2i_attribution.generators import generate_images, zoo_names


def timed(fn, repeats):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--model', default='t2ia-demo/run', help='a run folder of t2ia-train')
    ap.add_argument('--data', default='t2ia-demo/data', help='its dataset (val and test splits)')
    ap.add_argument('--captioner', default=None, help='default: what t2ia-attribute uses for these suspects')
    ap.add_argument('--per-prompt', type=int, default=1, help='queries per prompt and source (a cost control)')
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    suspects = zoo_names()
    cap_name = a.captioner or default_captioner(suspects)
    man = load_manifest(a.data)
    imgs = [load_image(Path(a.data)/p) for p in man[man.split == 'test'].path.iloc[:16]]
    prompts = list(man[man.split == 'test'].prompt.iloc[:8])
    att, cap = load_attributor(a.model, require_rule=False), get_captioner(cap_name)
    for s in suspects: generate_images(suspect_pipeline(s), prompts[:2], [0, 1], batch_size=8)  # loaded and warm, as in the whole run
    desc = timed(lambda: cap.describe(imgs), a.repeats) / len(imgs)
    gen = {s: timed(lambda s=s: generate_images(suspect_pipeline(s), prompts, list(range(len(prompts))), batch_size=8), a.repeats)
           / len(prompts) for s in suspects}
    emb = timed(lambda: embed(att, imgs), a.repeats) / len(imgs)
    print('parts alone (median of {}): describe {:.1f} ms, a reference {}, an embedding {:.1f} ms'.format(
        a.repeats, desc * 1000, ', '.join(f'{s} {t * 1000:.0f} ms' for s, t in gen.items()), emb * 1000), flush=True)
    cache = Path(tempfile.mkdtemp())
    cfg = AttributionEvalConfig(a.model, a.data, str(Path(tempfile.mkdtemp())/'report'), captioner=cap_name, cache=str(cache),
                                per_prompt=a.per_prompt, errors=False, quiet=True)
    t = time.perf_counter()
    rep = attribution_eval(cfg)
    whole = time.perf_counter() - t
    print(f'attribution_eval (captioner {cap_name}, empty reference cache): {whole:.1f} s', flush=True)
    made = {s: len(list((cache/s).glob('*.png'))) for s in suspects}
    counts = rep['counts']
    described = sum(c['queries'] for c in counts.values())
    embedded = sum(c['embedded'] for c in counts.values())
    parts = {'describe': described * desc, 'regenerate': sum(made[s] * gen[s] for s in suspects), 'embed': embedded * emb}
    total = sum(parts.values())
    splits = ', '.join(f"{k} {c['queries']}" for k, c in counts.items())
    print(f'queries {described} (splits {splits}), references made '
          + ', '.join(f'{s} {n}' for s, n in made.items()) + f', images embedded {embedded}')
    print('sum of parts ' + ', '.join(f'{k} {v:.1f} s' for k, v in parts.items()) + f' = {total:.1f} s')
    print(f'attribution_eval {whole:.1f} s: ratio {whole / total:.3f} (goal <= 1.15)')
    print(f"references requested {sum(c['references'] for c in counts.values())}, made {sum(made.values())}: "
          f"each (suspect, description, seed) once")


if __name__ == '__main__': main()
