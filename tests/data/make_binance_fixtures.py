#!/usr/bin/env python3
"""Rebuilds tests/data/binance-vision/: small zip files laid out exactly as data.binance.vision
lays them out (data/<market>/<daily|monthly>/<kind>/<SYMBOL>/[<interval>/]<name>.zip plus
<name>.zip.CHECKSUM in sha256sum format), made from real rows only. Sources and the few
derived columns are listed in tests/data/README.md. Run from the repository root:

    python3 tests/data/make_binance_fixtures.py [/path/to/shared/data]

The output is committed; the tests never run this script. Zip entries carry a fixed
timestamp so that re-running it gives byte-identical files.
"""
import csv
import gzip
import hashlib
import io
import os
import sys
import zipfile
from datetime import datetime, timezone
from decimal import Decimal

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "binance-vision")
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data")


def write_zip(rel_dir, name, text):
    d = os.path.join(ROOT, rel_dir)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, name + ".zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo(name + ".csv", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
    data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(data)
    with open(path + ".CHECKSUM", "w") as f:
        f.write("%s  %s\n" % (hashlib.sha256(data).hexdigest(), name + ".zip"))


def day_of_ms(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d")


def main():
    # 1. Spot 1m klines, original 12-column layout, no header: the 10 real ADABTC rows.
    with open(os.path.join(HERE, "binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv")) as f:
        ada = f.read()
    write_zip("data/spot/daily/klines/ADABTC/1m", "ADABTC-1m-2021-11-27", ada)
    # The same rows with times in microseconds, the layout of spot files from 2025-01-01 on
    # (open_time * 1000; close_time * 1000 + 999, the last microsecond of the minute).
    us_rows = []
    for line in ada.splitlines():
        f = line.split(",")
        f[0] = str(int(f[0]) * 1000)
        f[6] = str(int(f[6]) * 1000 + 999)
        us_rows.append(",".join(f))
    with open(os.path.join(HERE, "binance_spot_ADABTC_1m_2021-11-27_microseconds.csv"), "w") as f:
        f.write("\n".join(us_rows) + "\n")

    # 2. Spot aggTrades, original layout (no header, True/False): real XRPETH rows by UTC day.
    by_day = {}
    with open(os.path.join(SHARED, "binance_spot_XRPETH_aggtrades_2019-10-11_2019-10-13.csv")) as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            by_day.setdefault(day_of_ms(int(row[5])), []).append(",".join(row))
    for day, rows in sorted(by_day.items()):
        write_zip("data/spot/daily/aggTrades/XRPETH", "XRPETH-aggTrades-" + day, "\n".join(rows) + "\n")

    # 3. Spot trades, original layout id,price,qty,quoteQty,time,isBuyerMaker,isBestMatch:
    #    real BTCUSDT trades of 2024-08-09 00:00:00-00:01:59.999 UTC. quoteQty = price * qty
    #    (as Binance computes it) and isBestMatch = True (every spot trade) are derived.
    rows = []
    with gzip.open(os.path.join(SHARED, "binance_spot_BTCUSDT_trades_2024-08-08T2354_2024-08-09T0005.csv.gz"), "rt") as f:
        r = csv.reader(f)
        next(r)
        for tid, price, qty, t, _e, maker, _l in r:
            if 1723161600000 <= int(t) < 1723161720000:
                quote = (Decimal(price) * Decimal(qty)).quantize(Decimal("0.00000001"))
                rows.append("%s,%s,%s,%s,%s,%s,True" % (tid, price, qty, quote, t, "True" if maker == "true" else "False"))
    write_zip("data/spot/daily/trades/BTCUSDT", "BTCUSDT-trades-2024-08-09", "\n".join(rows) + "\n")

    # 4. USD-M futures files, header rows as Binance writes them; rows quoted from real files.
    write_zip("data/futures/um/daily/bookTicker/1000BONKUSDT", "1000BONKUSDT-bookTicker-2024-03-30",
              "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n"
              "4307082988118,0.02634800,315928.00000000,0.02634900,2385.00000000,1711756800080,1711756800087\n"
              "4307083859526,0.02634800,315563.00000000,0.02634900,2385.00000000,1711756801522,1711756802066\n")
    write_zip("data/futures/um/daily/bookDepth/1000BONKUSDT", "1000BONKUSDT-bookDepth-2025-07-31",
              "timestamp,percentage,depth,notional\n"
              "2025-07-31 00:00:07,-5,139762634.00000000,3886539.66954300\n"
              "2025-07-31 00:00:07,-4,116926083.00000000,3268150.53962000\n")
    write_zip("data/futures/um/daily/trades/1000000MOGUSDT", "1000000MOGUSDT-trades-2025-07-31",
              "id,price,qty,quote_qty,time,is_buyer_maker\n"
              "66119037,1.4327,11.6,16.61932,1753920002864,true\n"
              "66119038,1.4326,6.2,8.88212,1753920002864,true\n"
              "66119039,1.4326,74.8,107.15848,1753920002870,true\n"
              "66119040,1.4326,11.6,16.61816,1753920003180,true\n")
    write_zip("data/futures/um/daily/indexPriceKlines/1000000BOBUSDT/1h", "1000000BOBUSDT-1h-2025-07-31",
              "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n"
              "1753920000000,0.05850465,0.05864322,0.05814527,0.05849142,0,1753923599999,0,3600,0,0,0\n"
              "1753923600000,0.05849142,0.05852996,0.05754051,0.05804089,0,1753927199999,0,3600,0,0,0\n")

    # 5. USD-M monthly fundingRate layout calc_time,funding_interval_hours,last_funding_rate:
    #    the real BTCUSDT settlements of 2024-01 (interval 8 h on Binance then).
    rows = []
    with open(os.path.join(SHARED, "binance_usdm_BTCUSDT_funding_rate_2023-01-01_2024-05-14.csv")) as f:
        r = csv.reader(f)
        next(r)
        for t, rate in r:
            if 1704067200000 <= int(t) < 1706745600000:
                rows.append("%s,8,%s" % (t, rate))
    write_zip("data/futures/um/monthly/fundingRate/BTCUSDT", "BTCUSDT-fundingRate-2024-01",
              "calc_time,funding_interval_hours,last_funding_rate\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
