import { describe, expect, it } from 'vitest';
import { goDurationMs, pulledMessage } from './kubeletEvents.ts';

describe('kubelet event messages', () => {
  it('durations print as Go prints a millisecond-truncated time.Duration', () => {
    expect([0, 7, 500, 1000, 1300, 15_981, 60_000, 62_050, 3_725_500].map(goDurationMs)).toEqual(['0s', '7ms', '500ms', '1s', '1.3s', '15.981s', '1m0s', '1m2.05s', '1h2m5.5s']);
  });

  it('Pulled after a pull names the pull time and the time since the request', () => {
    expect(pulledMessage('nginx', 'docker.io/library/nginx:latest', 4200, 5100)).toMatch(/^Successfully pulled image "nginx" in 4\.2s \(5\.1s including waiting\)\. Image size: \d+ bytes\.$/);
  });
});
