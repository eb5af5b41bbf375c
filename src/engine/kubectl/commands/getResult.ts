// Command output in the order kubectl writes it: warnings from the API server come while the
// requests run, before anything is printed; errors come last.

import type { CommandResult, OutputChunk } from '../../shell/types.ts';
import type { ResourceInfo } from '../../api/resources.ts';

/** The warning header a v1.33 API server sends for every request on core/v1 Endpoints. */
export const ENDPOINTS_DEPRECATION_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

/** kubectl prints each distinct server warning once per invocation. */
export function requestWarnings(infos: readonly ResourceInfo[]): string {
  return infos.some((i) => i.resource === 'endpoints') ? ENDPOINTS_DEPRECATION_WARNING : '';
}

export class Output {
  private readonly chunks: OutputChunk[] = [];

  out(text: string): this {
    if (text) this.chunks.push({ fd: 1, text });
    return this;
  }

  err(text: string): this {
    if (text) this.chunks.push({ fd: 2, text });
    return this;
  }

  result(exitCode: number): CommandResult {
    const stdout = this.chunks.filter((c) => c.fd === 1).map((c) => c.text).join('');
    const stderr = this.chunks.filter((c) => c.fd === 2).map((c) => c.text).join('');
    const mixed = this.chunks.some((c, i) => i > 0 && c.fd === 1 && this.chunks.slice(0, i).some((p) => p.fd === 2));
    return mixed ? { stdout, stderr, exitCode, chunks: [...this.chunks] } : { stdout, stderr, exitCode };
  }
}
