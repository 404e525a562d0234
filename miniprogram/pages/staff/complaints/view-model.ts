import type { InboxScope } from '../../../lib/complaint-inbox-view';
import { ESCALATION_LEVELS, type EscalationLevel } from '../../../shared/complaints/machine';

const isEscalationLevel = (value: unknown): value is EscalationLevel =>
  (ESCALATION_LEVELS as readonly unknown[]).includes(value);

/**
 * 升级投诉待办 (`?level=community|street|department&scopeId=`): the complaints that climbed to a community
 * (社区呼叫), a street (街道吹哨) or a department (部门报到).
 */
export function staffScope(
  query: Record<string, string | undefined>,
): (InboxScope & { level: EscalationLevel }) | null {
  return isEscalationLevel(query.level) && query.scopeId ? { level: query.level, scopeId: query.scopeId } : null;
}
