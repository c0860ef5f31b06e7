// RFC 2782 ordering of SRV records as discovery proposes them.
import { describe, expect, it } from 'vitest';
import { ordered } from '../../../app/autoconfig/srv-records.js';

describe('ordered', () => {
  it('sorts by priority, then by weight, and drops "." and names that are not DNS host names', () => {
    const names = ordered([
      { name: 'late.example.test', port: 993, priority: 30, weight: 100 },
      { name: '.', port: 0, priority: 0, weight: 0 },
      { name: 'light.example.test', port: 993, priority: 10, weight: 5 },
      { name: '127.0.0.1', port: 993, priority: 0, weight: 0 },
      { name: 'heavy.example.test', port: 993, priority: 10, weight: 50 },
      { name: 'noport.example.test', port: 0, priority: 0, weight: 0 },
    ]).map((r) => r.name);
    expect(names).toEqual(['heavy.example.test', 'light.example.test', 'late.example.test']);
  });
});
