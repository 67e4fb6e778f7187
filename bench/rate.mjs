// Shared by the JS benchmark drivers: calls per second, best of three rounds.
export function rate(fn, seconds, batch = 50) {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

export function best(fn, seconds, batch = 50) {
  let r = 0;
  for (let round = 0; round < 3; round++) r = Math.max(r, rate(fn, seconds / 3, batch));
  return r;
}
