// An API object exactly as `kubectl get -o yaml` prints it (the engine's own printer).
import { useCallback } from 'react';
import type { AsyncSimApi } from '../../worker/contract.ts';
import type { Selection } from '../store/index.ts';
import { resourcePlural } from './selection.ts';
import { useApiQuery, useChangeTick } from './useApi.ts';

export function ObjectPanel({ sel }: { sel: Extract<Selection, { kind: 'object' }> }) {
  const tick = useChangeTick(500);
  const resource = resourcePlural(sel.resource);
  const fetch = useCallback((api: AsyncSimApi) => api.objectYaml(resource, sel.namespace, sel.name), [resource, sel.namespace, sel.name]);
  const q = useApiQuery(`${resource}/${sel.namespace}/${sel.name}`, fetch, tick);
  const cmd = `kubectl get ${resource}${sel.namespace ? ` -n ${sel.namespace}` : ''} ${sel.name} -o yaml`;
  return (
    <section className="ps-inspector__section" aria-label="YAML">
      <p className="ps-inspector__cmd">
        <code>$ {cmd}</code>
      </p>
      {q.error && <p className="ps-inspector__error">{q.error}</p>}
      {q.loading && <p className="ps-inspector__hint">Loading…</p>}
      {q.data === '' && (
        <p className="ps-inspector__hint">
          {sel.namespace ? `${sel.namespace}/` : ''}
          {sel.name} does not exist (any more).
        </p>
      )}
      {q.data ? (
        <pre className="ps-inspector__pre" data-testid="inspector-yaml" tabIndex={0} aria-label="YAML">
          {q.data}
        </pre>
      ) : null}
    </section>
  );
}
