import type { InfraConfig, TeamConfig } from '../config/types.js';
import type { Assumptions } from './assumptions.js';
import type { InfraFigures, Verdict } from './types.js';
import { formatMonths, formatNumber, formatPercent } from './format.js';

/**
 * Money, when the team tells us theirs: the saving uses the article's ratios on the part of the
 * service that moves, the cost is the engineer-months of that part at the team's rate.
 */

export interface InfraScopePart {
  runtime: 'python' | 'node';
  /** Share of the service's compute this part stands for (its share of code, 0..1). */
  share: number;
}

export interface InfraInputs {
  infra: InfraConfig;
  team: TeamConfig;
  verdict: Verdict;
  /** Parts that move under the verdict, or every part for a what-if full port when it says stay. */
  moving: InfraScopePart[];
  /** Likely engineer-months of what moves. */
  months: number;
  /** What the shares are shares of, for the basis lines. */
  shareOf: string;
  assumptions: Assumptions;
}

export function missingInfraKeys(infra: InfraConfig, team: TeamConfig): string[] {
  return [
    ...(infra.monthlyCost === undefined ? ['infra.monthlyCost'] : []),
    ...(team.engineerMonthCost === undefined ? ['team.engineerMonthCost'] : []),
  ];
}

export function computeInfra(inputs: InfraInputs): InfraFigures | null {
  const { infra, team, assumptions } = inputs;
  if (infra.monthlyCost === undefined || team.engineerMonthCost === undefined) return null;
  const ratios = { python: assumptions.infra.pythonToGoSaving, node: assumptions.infra.nodeToGoSaving };
  const basis: string[] = [];
  if (inputs.verdict.decision === 'stay') {
    basis.push('The verdict is stay: these figures are for a full port, for comparison.');
  }
  let savedShare = 0;
  for (const runtime of ['node', 'python'] as const) {
    const share = inputs.moving.filter((p) => p.runtime === runtime).reduce((sum, p) => sum + p.share, 0);
    if (share <= 0) continue;
    savedShare += share * ratios[runtime];
    const source =
      runtime === 'python'
        ? 'article: ~40% lower infra cost after Python to Go'
        : 'the article reports one Node service going from 30 servers to 3; the default is set well below that';
    basis.push(
      `${runtime === 'python' ? 'Python' : 'Node'} code moving: ${formatPercent(share)} of ${inputs.shareOf} × ${formatPercent(ratios[runtime])} saving (${source})`,
    );
  }
  const saving = Math.round(infra.monthlyCost * savedShare);
  const rewriteCost = Math.round(inputs.months * team.engineerMonthCost);
  const paybackMonths = saving > 0 ? Math.round((rewriteCost / saving) * 10) / 10 : null;
  basis.push(
    `Monthly saving: ${formatNumber(infra.monthlyCost)} × ${formatPercent(savedShare)} = ${formatNumber(saving)}`,
    `Rewrite cost: ${formatMonths(inputs.months)} engineer-months × ${formatNumber(team.engineerMonthCost)} = ${formatNumber(rewriteCost)}`,
    paybackMonths === null
      ? 'Payback: never (nothing saved)'
      : `Payback: ${formatNumber(rewriteCost)} / ${formatNumber(saving)} = ${formatNumber(paybackMonths, 1)} months`,
  );
  const figures: InfraFigures = { monthlyCost: infra.monthlyCost, expectedMonthlySaving: saving, rewriteCost, paybackMonths, basis };
  if (infra.servers !== undefined) {
    // Servers scale with compute, so they shrink with the saved share; never below one.
    figures.serversAfter = Math.max(1, Math.ceil(infra.servers * (1 - savedShare)));
    basis.push(`Servers: ${formatNumber(infra.servers)} × (1 − ${formatPercent(savedShare)}) ≈ ${formatNumber(figures.serversAfter)}`);
  }
  return figures;
}
