"""Two t2ia commands at once on one machine: each one's throughput alone and beside the other, from one run.

    python benchmarks/share_bench.py --data DATASET_ROOT [--model RUN_DIR] [--image IMG]

Pairs: generation beside training, and (with --model, a run evaluated by t2ia-eval, and --image) attribution beside generation.
For a pair (A, B), A runs alone, then again while B runs over and over in the background for the whole of A's run; the ratio is
A's solo wall time over its shared one (goal >= 0.4: each keeps 40 % of its solo throughput on a shared machine; 0.5 is a fair
half of the cores). Then the same with A and B swapped. Each command is a fresh process with the environment as a user has it.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

BIN = Path(sys.executable).parent


def commands(a, tmp:Path)->dict:
    cmds = {'generation': lambda n: [BIN/'t2ia-generate', '--captions', 'zoo:8', '--generators', 'zoo-ldm', '--images-per-prompt', '3',
                                     '--out', tmp/f'gen-{n}'],
            'training': lambda n: [BIN/'t2ia-train', '--data', a.data, '--out', tmp/f'run-{n}', '--epochs', '2', '--image-size', '64',
                                   '--quiet']}
    if a.model and a.image:
        cmds['attribution'] = lambda n: [BIN/'t2ia-attribute', a.image, '--suspect', 'zoo-ldm', '--model', a.model, '--k', '8',
                                         '--cache', tmp/f'refs-{n}']
    return cmds


def timed(cmd:list, env:dict)->float:
    t = time.perf_counter()
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env)
    if p.returncode: sys.exit(f'{cmd[0]} failed: {p.stderr[-1500:]}')
    return time.perf_counter() - t


def beside(cmd_a:list, make_b, env:dict)->tuple[float, int]:
    "A's wall time while B runs over and over in the background, and how many runs of B finished meanwhile."
    stop = tempfile.mktemp()
    loop = subprocess.Popen([sys.executable, '-c', LOOP, stop, *[str(c) for c in make_b('bg')]], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    time.sleep(3)  # B under way
    try: wall = timed(cmd_a, env)
    finally: Path(stop).touch()
    return wall, int(loop.communicate()[0].strip() or 0)


LOOP = '''
import os, shutil, subprocess, sys
stop, cmd = sys.argv[1], sys.argv[2:]
out = cmd[cmd.index('--out') + 1] if '--out' in cmd else cmd[cmd.index('--cache') + 1]
n = 0
while not os.path.exists(stop):
    shutil.rmtree(out, ignore_errors=True)
    n += subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
print(n)
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True, help='a t2ia-generate dataset to train on')
    ap.add_argument('--model', default=None, help='a run evaluated by t2ia-eval, for the attribution pair')
    ap.add_argument('--image', default=None, help='an image to attribute')
    ap.add_argument('--env', action='append', default=[], metavar='NAME=VALUE',
                    help='an environment variable for every command, e.g. GOMP_SPINCOUNT=300000 (OpenMP\'s default) to compare')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if not k.startswith('OMP_')} | dict(x.split('=', 1) for x in a.env)
    cmds = commands(a, tmp)
    pairs = [('generation', 'training'), ('training', 'generation')]
    if 'attribution' in cmds: pairs += [('attribution', 'generation'), ('generation', 'attribution')]
    solo = {name: timed(make(name + '-solo'), env) for name, make in cmds.items()}
    print(f'{os.cpu_count()} cores; solo wall times: ' + ', '.join(f'{k} {v:.1f} s' for k, v in solo.items()))
    for x, y in pairs:
        shared, n_b = beside(cmds[x](x + '-beside-' + y), cmds[y], env)
        print(f'{x:<12} beside {y:<12}: {solo[x]:6.1f} s alone, {shared:6.1f} s shared, keeps {solo[x] / shared:.0%} of its throughput '
              f'(goal >= 40%; {y} finished {n_b} run(s) meanwhile)')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
