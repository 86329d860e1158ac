#!/usr/bin/env python3
"""How the expected decisions of tests/engine/builtin_strategies_test.cpp were worked out.

Independent of talon's code: plain-Python formulas of the published indicator definitions
(TA-Lib's EMA / MACD / BBANDS / ATR seeding, Donchian, TradingView's supertrend) applied to
the first 300 one-minute bars of tests/data/binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz,
and the strategies' rules as their headers state them (long only: a buy when flat, a sell
when long; market orders fill at the next open, so the position has changed by the next
close). Prints, per strategy, the close times (minutes after 2025-06-01T00:00Z) and actions.
"""
import csv, gzip, math, os, sys

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, '..', 'data', 'binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz')
rows = list(csv.DictReader(gzip.open(path, 'rt')))[:300]
O = [float(r['open']) for r in rows]; H = [float(r['high']) for r in rows]
L = [float(r['low']) for r in rows]; C = [float(r['close']) for r in rows]
N = len(C); nan = float('nan')

def ema(xs, p, start=None):
    out = [nan] * len(xs)
    s = start if start is not None else next(i for i, x in enumerate(xs) if not math.isnan(x))
    if s + p - 1 >= len(xs): return out
    v = sum(xs[s:s + p]) / p; out[s + p - 1] = v; k = 2.0 / (p + 1)
    for i in range(s + p, len(xs)): v = v + k * (xs[i] - v); out[i] = v
    return out

def macd(xs, f, s, sig):
    # TA-Lib: both EMAs start at index s-1; the fast one is seeded on the f closes ending there.
    slow = ema(xs, s); fast = ema(xs, f, start=s - f)
    m = [fast[i] - slow[i] if not math.isnan(slow[i]) else nan for i in range(len(xs))]
    sg = ema(m, sig)
    return m, sg

def bbands(xs, p, k):
    up, mid, lo = [nan] * len(xs), [nan] * len(xs), [nan] * len(xs)
    for i in range(p - 1, len(xs)):
        w = xs[i - p + 1:i + 1]; m = sum(w) / p
        sd = math.sqrt(max(sum(x * x for x in w) / p - m * m, 0.0))
        up[i], mid[i], lo[i] = m + k * sd, m, m - k * sd
    return up, mid, lo

def atr(p):
    tr = [nan] + [max(H[i] - L[i], abs(H[i] - C[i - 1]), abs(L[i] - C[i - 1])) for i in range(1, N)]
    out = [nan] * N
    if p == 1:
        return tr
    v = sum(tr[1:p + 1]) / p; out[p] = v
    for i in range(p + 1, N): v = (v * (p - 1) + tr[i]) / p; out[i] = v
    return out

def supertrend(p, mult):
    a = atr(p); d = [nan] * N; fu = fl = None; prev_st_upper = None
    for i in range(N):
        if math.isnan(a[i]): continue
        mid = (H[i] + L[i]) / 2; bu = mid + mult * a[i]; bl = mid - mult * a[i]
        if fu is None:
            fu, fl = bu, bl; d[i] = -1; prev_st_upper = True; continue
        nu = bu if (bu < fu or C[i - 1] > fu) else fu
        nl = bl if (bl > fl or C[i - 1] < fl) else fl
        if prev_st_upper: dirn = 1 if C[i] > nu else -1
        else: dirn = -1 if C[i] < nl else 1
        fu, fl = nu, nl; d[i] = dirn; prev_st_upper = dirn == -1
    return d

def follow(signs):
    out, last, long = [], 0, False
    for i, s in enumerate(signs):
        if s is None or s == 0: continue
        prev, last = last, s
        if prev != 0 and prev != s:
            if s > 0 and not long: out.append((i, 'BUY')); long = True
            elif s < 0 and long: out.append((i, 'SELL')); long = False
    return out

def sign(x): return 0 if x == 0 else (1 if x > 0 else -1)

res = {}
f5, s20 = ema(C, 5), ema(C, 20)
res['ema_cross fast=5 slow=20'] = follow([None if math.isnan(s20[i]) else sign(f5[i] - s20[i]) for i in range(N)])
m, sg = macd(C, 12, 26, 9)
res['macd_trend 12/26/9'] = follow([None if math.isnan(sg[i]) else sign(m[i] - sg[i]) for i in range(N)])
for mode in ('breakout', 'reversion'):
    up, mid, lo = bbands(C, 20, 2.0); out, long = [], False
    for i in range(N):
        if math.isnan(mid[i]): continue
        if not long and ((mode == 'breakout' and C[i] > up[i]) or (mode == 'reversion' and C[i] < lo[i])):
            out.append((i, 'BUY')); long = True
        elif long and ((mode == 'breakout' and C[i] < mid[i]) or (mode == 'reversion' and C[i] > mid[i])):
            out.append((i, 'SELL')); long = False
    res['bollinger_' + mode + ' period=20 k=2'] = out
a14 = atr(14); out, long, stop = [], False, 0.0
for i in range(20, N):
    if math.isnan(a14[i]): continue
    hi = max(H[i - 20:i]); lo = min(L[i - 10:i])
    if not long and C[i] > hi: out.append((i, 'BUY')); long = True; stop = C[i] - 2 * a14[i]
    elif long and (C[i] < lo or C[i] < stop): out.append((i, 'SELL')); long = False
res['donchian_breakout entry=20 exit=10 atr=14'] = out
d = supertrend(10, 3.0)
res['supertrend period=10 multiplier=3'] = follow([None if math.isnan(x) else int(x) for x in d])
for k, v in res.items():
    print(k, len(v)); print('  ', [(i, a) for i, a in v])
