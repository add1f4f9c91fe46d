import { describe, expect, it } from 'vitest';
import { deliveryStatusesAfter, deliveryStatusesBefore } from '../../src/domain/delivery-status.js';

describe('delivery status order', () => {
  it('lets a receipt move a message forward from any earlier status, even before the channel said "sent"', () => {
    expect(deliveryStatusesBefore('READ').sort()).toEqual(['DELIVERED', 'QUEUED', 'RECEIVED', 'SENT']);
    expect(deliveryStatusesBefore('DELIVERED').sort()).toEqual(['QUEUED', 'RECEIVED', 'SENT']);
  });

  it('keeps a late "sent" from undoing delivered or read', () => {
    expect(deliveryStatusesAfter('SENT').sort()).toEqual(['DELIVERED', 'READ']);
    expect(deliveryStatusesAfter('READ')).toEqual([]);
  });

  it('keeps FAILED apart: it overrides nothing and nothing is "before" it', () => {
    expect(deliveryStatusesAfter('FAILED')).toEqual([]);
    expect(deliveryStatusesBefore('FAILED')).toEqual([]);
    expect(deliveryStatusesBefore('READ')).not.toContain('FAILED');
  });
});
