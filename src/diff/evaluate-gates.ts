import type { Gates, RiskLevel } from '../config/types.js';
import { lacksGoEquivalent } from './compute-delta.js';
import type { Delta, GateOutcome } from './types.js';

const RISK_ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/**
 * Checks each configured gate against a delta. A gate left out of the config is not listed;
 * the order is fixed so the comment reads the same on every run.
 */
export function evaluateGates(delta: Delta, gates: Gates): GateOutcome[] {
  const outcomes: GateOutcome[] = [];
  if (gates.maxMonthsIncrease !== undefined) {
    const limit = gates.maxMonthsIncrease;
    const change = delta.months.likely.change;
    if (change === null) {
      outcomes.push({
        id: 'max-months-increase',
        threshold: String(limit),
        passed: true,
        reason: 'no estimate on one side, nothing to compare',
      });
    } else {
      const passed = change <= limit;
      outcomes.push({
        id: 'max-months-increase',
        threshold: String(limit),
        passed,
        reason: `likely engineer-months changed by ${formatSigned(change)} (allowed: up to +${limit})`,
      });
    }
  }
  if (gates.failOnRisk !== undefined) {
    const threshold = gates.failOnRisk;
    const level = delta.risk.headLevel;
    const passed = level === null || RISK_ORDER[level] < RISK_ORDER[threshold];
    outcomes.push({
      id: 'fail-on-risk',
      threshold,
      passed,
      reason:
        level === null
          ? 'no risk rating on the head revision'
          : `risk is ${level}${delta.risk.score.head === null ? '' : ` (${delta.risk.score.head}/100)`}, the gate fails at ${threshold} or above`,
    });
  }
  if (gates.failOnNewCpuEndpoints) {
    const found = delta.endpoints.becameCpuBound;
    outcomes.push({
      id: 'fail-on-new-cpu',
      threshold: 'true',
      passed: found.length === 0,
      reason:
        found.length === 0
          ? 'no endpoint became CPU-bound'
          : `${plural(found.length, 'endpoint')} became CPU-bound: ${listSome(found.map((entry) => `${entry.endpoint.method} ${entry.endpoint.path}`))}`,
    });
  }
  if (gates.failOnUnmappedDependencies) {
    const unmapped = delta.dependencies.filter(lacksGoEquivalent);
    outcomes.push({
      id: 'fail-on-unmapped-deps',
      threshold: 'true',
      passed: unmapped.length === 0,
      reason:
        unmapped.length === 0
          ? 'every new dependency has a Go equivalent'
          : `${plural(unmapped.length, 'new dependency', 'new dependencies')} without a known Go equivalent: ${listSome(unmapped.map((dependency) => dependency.name))}`,
    });
  }
  return outcomes;
}

export function formatSigned(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Names the first few; a gate line stays one readable line however large the change. */
function listSome(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
