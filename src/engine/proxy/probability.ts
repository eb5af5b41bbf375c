// computeProbability (KP-16): fmt.Sprintf("%0.10f", 1.0/float64(n)). JavaScript's toFixed
// rounds exact ties up where Go rounds half to even; only exact binary fractions can tie
// (n = 2048 gives 0.00048828125: Go prints 0.0004882812), so ties are detected and fixed.

const cache: string[] = [];

function format(x: number): string {
  const fixed = x.toFixed(10);
  const long = x.toFixed(40); // exact decimal expansion of the double
  const rest = long.slice(long.indexOf('.') + 11);
  if (!/^50*$/.test(rest)) return fixed;
  // Exact tie: keep the truncated value when its last digit is even.
  const truncated = long.slice(0, long.indexOf('.') + 11);
  const last = Number(truncated[truncated.length - 1]);
  return last % 2 === 0 ? truncated : fixed;
}

export function probability(n: number): string {
  let p = cache[n];
  if (p === undefined) {
    p = format(1 / n);
    if (n < 100_000) cache[n] = p;
  }
  return p;
}
