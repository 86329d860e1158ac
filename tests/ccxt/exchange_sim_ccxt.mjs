// Drives a running `talon exchange-sim` with ccxt's Binance client, as a user's bot would:
// load markets, order book, balance, create / fetch / cancel an order, list orders.
// Usage: node exchange_sim_ccxt.mjs http://127.0.0.1:PORT API_KEY API_SECRET
// Prints one line per call and "ccxt: N passed, 0 failed" at the end; exits 1 on any failure.
import ccxt from 'ccxt';

const [base, apiKey, secret] = process.argv.slice(2);
if (!base) {
  console.error('usage: node exchange_sim_ccxt.mjs BASE_URL API_KEY API_SECRET');
  process.exit(2);
}

const exchange = new ccxt.binance({
  apiKey,
  secret,
  enableRateLimit: false,
  options: {
    fetchMarkets: ['spot'],     // spot only: the simulator serves /api/v3
    fetchCurrencies: false,     // no /sapi capital endpoint
    fetchMargins: false,        // no /sapi margin pairs
    recvWindow: 10000,
  },
});
for (const key of Object.keys(exchange.urls.api)) {
  const url = new URL(exchange.urls.api[key]);
  exchange.urls.api[key] = base + url.pathname;
}

let passed = 0;
let failed = 0;
async function step(name, fn) {
  try {
    const detail = await fn();
    passed++;
    console.log(`ok   ${name}${detail ? ': ' + detail : ''}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.constructor.name}: ${e.message}`);
  }
}
function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

let order;
await step('loadMarkets', async () => {
  const markets = await exchange.loadMarkets();
  const m = markets['BTC/USDT'];
  check(m && m.spot && m.active, 'BTC/USDT spot market, active');
  check(m.precision.price === 0.01 && m.precision.amount === 0.00001, 'tick 0.01, lot 0.00001');
  check(m.limits.cost.min === 5, 'min notional 5');
  return `${Object.keys(markets).length} market(s), BTC/USDT tick ${m.precision.price}`;
});
await step('fetchOrderBook', async () => {
  const book = await exchange.fetchOrderBook('BTC/USDT', 10);
  check(book.bids.length === 10 && book.asks.length === 10, '10 levels a side');
  check(book.bids[0][0] < book.asks[0][0], 'not crossed');
  return `best bid ${book.bids[0][0]} ask ${book.asks[0][0]}`;
});
await step('fetchBalance', async () => {
  const b = await exchange.fetchBalance();
  check(b.USDT.free === 10000 && b.USDT.total === 10000, '10000 USDT free');
  return `USDT free ${b.USDT.free}`;
});
let bid;
await step('createOrder (limit buy below the market)', async () => {
  const book = await exchange.fetchOrderBook('BTC/USDT', 5);
  bid = Math.round(book.bids[0][0] * 0.9 * 100) / 100;
  order = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.001, bid);
  check(order.id && order.status === 'open', 'an open order with an id');
  return `id ${order.id} price ${order.price}`;
});
await step('fetchOrder', async () => {
  const o = await exchange.fetchOrder(order.id, 'BTC/USDT');
  check(o.id === order.id && o.amount === 0.001 && o.price === bid, 'same order');
  return `status ${o.status}`;
});
await step('fetchOpenOrders', async () => {
  const open = await exchange.fetchOpenOrders('BTC/USDT');
  check(open.length === 1 && open[0].id === order.id, 'one open order');
  return `${open.length} open`;
});
await step('fetchBalance (cash locked by the order)', async () => {
  const b = await exchange.fetchBalance();
  check(b.USDT.used > 0 && b.USDT.free < 10000, 'some USDT locked');
  return `USDT free ${b.USDT.free} used ${b.USDT.used}`;
});
await step('cancelOrder', async () => {
  const c = await exchange.cancelOrder(order.id, 'BTC/USDT');
  check(c.status === 'canceled', 'canceled');
  return `status ${c.status}`;
});
await step('fetchOrders (allOrders)', async () => {
  const all = await exchange.fetchOrders('BTC/USDT');
  check(all.length === 1 && all[0].id === order.id && all[0].status === 'canceled', 'the cancelled order');
  return `${all.length} order(s)`;
});
await step('createOrder refused below the minimum notional', async () => {
  try {
    await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.00001, bid);
  } catch (e) {
    // ccxt maps Binance's -1013 to BadRequest, as it does for api.binance.com.
    check(e instanceof ccxt.BadRequest, 'BadRequest, got ' + e.constructor.name);
    check(e.message.includes('-1013') && e.message.includes('Filter failure: NOTIONAL'),
          'the -1013 NOTIONAL refusal');
    return e.message;
  }
  throw new Error('the order was accepted');
});

console.log(`ccxt: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
