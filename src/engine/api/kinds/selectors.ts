// metav1.LabelSelector helpers for the workload registries: validation (from ../labels.ts) and
// the %#v rendering of a selector in error messages.

import { goQuote, goStringMap, goStringSlice } from '../fieldErrors.ts';
import { labelSelectorAsSelector, labelSelectorFieldErrors } from '../labels.ts';
import type { FieldError } from '../strategy.ts';
import type { LabelSelector } from '../types.ts';

/** ValidateLabelSelector with default options. */
export const validateLabelSelector = (sel: LabelSelector | undefined, field: string): FieldError[] => labelSelectorFieldErrors(sel, field);

export const selectorIsEmpty = (sel: LabelSelector): boolean =>
  Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;

/** %#v of a (dereferenced) *metav1.LabelSelector. */
export function goLabelSelector(sel: LabelSelector): string {
  const exprs =
    sel.matchExpressions == null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map((r) => `v1.LabelSelectorRequirement{Key:${goQuote(r.key)}, Operator:${goQuote(r.operator)}, Values:${goStringSlice(r.values ?? null)}}`)
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels ?? null)}, MatchExpressions:${exprs}}`;
}

/**
 * A matcher for the selector (metav1.LabelSelectorAsSelector), or null when it does not convert.
 * A missing selector matches nothing; an empty one matches everything.
 */
export function selectorMatcher(sel: LabelSelector | undefined): ((labels: Record<string, string> | undefined) => boolean) | null {
  const r = labelSelectorAsSelector(sel);
  if (!r.ok) return null;
  const selector = r.selector;
  return (labels) => selector.matches(labels);
}
