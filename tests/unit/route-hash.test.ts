import { describe, expect, it } from 'vitest';
import { hashToRoute, routeToHash } from '../../renderer/src/store/route-hash.ts';

describe('route <-> hash', () => {
  it('round-trips every route', () => {
    for (const r of [
      { name: 'home' },
      { name: 'unit' },
      { name: 'project', projectId: 'a1b2-c3' },
      { name: 'submission', submissionId: 'x-1' },
      { name: 'submission', submissionId: 'x-1', tab: 'report' },
    ] as const)
      expect(hashToRoute(routeToHash(r))).toEqual(r);
  });
  it('ignores what it does not know', () => {
    expect(hashToRoute('')).toEqual({ name: 'home' });
    expect(hashToRoute('#/submission/<script>')).toEqual({ name: 'home' });
    expect(hashToRoute('#/submission/abc/bogus')).toEqual({ name: 'submission', submissionId: 'abc' });
  });
});
