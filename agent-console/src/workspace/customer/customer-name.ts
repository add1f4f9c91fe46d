import { visitorName } from '../../../../src/domain/visitor-name';

/** A customer's name, or for one nobody named a readable made-up one ("Blue Dolphin", "访客 蓝色海豚"), the same everywhere. */
export function customerDisplayName(customer: { id: string; name: string | null }, language: string): string {
  return customer.name || visitorName(customer.id, language.startsWith('zh') ? 'zh-CN' : 'en');
}
