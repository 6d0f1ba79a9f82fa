// Money as the cost report, the T08 checks and the CLI print it: amounts, unit prices, items and budget lines.
import type { CostItem, CostLines } from "./estimate.ts";

export const usd = (n: number): string => `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2)}`;

/** A unit price as published (up to 6 decimals, no padding): $0.0184, $0.088, $0.005. */
export const unitPrice = (n: number): string => `$${+n.toFixed(6)}`;

export function describeItem(i: CostItem): string {
  return `${i.label}: ${+i.quantity.toFixed(4)} ${i.unit} x ${unitPrice(i.unitUsd)} = ${usd(i.usd)}`;
}

/** pass/fail lines of a total against a limit, naming the items that make it up when over. */
export function budgetLines(
  what: string,
  lines: CostLines,
  limit: number,
  specPath: string,
): { over: boolean; lines: string[] } {
  const over = lines.totalUsd > limit + 1e-9;
  const items = [...lines.items].filter((i) => i.usd > 0).sort((a, b) => b.usd - a.usd || (a.id < b.id ? -1 : 1));
  if (!over)
    return {
      over,
      lines: [`${what} ${usd(lines.totalUsd)} <= ${usd(limit)} (${specPath})`, ...items.map(describeItem)],
    };
  return {
    over,
    lines: [
      `${what} ${usd(lines.totalUsd)} is over ${usd(limit)} (${specPath}); the items that make it up, largest first:`,
      ...items.map(describeItem),
      `fix: shrink or remove the items above (smaller instance types, spot, fewer hours), or raise ${specPath}`,
    ],
  };
}
