// `KEY=VALUE` and `KEY-` arguments of label, annotate and run (cmdutil.GetResourcesAndPairs,
// cmdutil.ParsePairs).

/** Splits the arguments into resources (first) and pairs; a resource after a pair is an error. */
export function resourcesAndPairs(args: string[], pairType: string): { ok: true; resources: string[]; pairs: string[] } | { ok: false; error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const isPair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (isPair) {
      foundPair = true;
      pairs.push(s);
    } else if (foundPair) {
      return { ok: false, error: `all resources must be specified before ${pairType} changes: ${s}` };
    } else resources.push(s);
  }
  return { ok: true, resources, pairs };
}

/** ParsePairs: new pairs in argument order (a repeated key keeps its last value) and removals. */
export function parsePairs(pairArgs: string[], pairType: string, supportRemove: boolean): { ok: true; set: Map<string, string>; remove: string[] } | { ok: false; error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const p of pairArgs) {
    if (p.includes('=') && p[0] !== '=') {
      const i = p.indexOf('=');
      set.set(p.slice(0, i), p.slice(i + 1));
    } else if (supportRemove && p.endsWith('-') && p !== '-') {
      remove.push(p.slice(0, -1));
    } else {
      invalid.push(p);
    }
  }
  if (invalid.length > 0) return { ok: false, error: `invalid ${pairType} format: ${invalid.join(', ')}` };
  return { ok: true, set, remove };
}
