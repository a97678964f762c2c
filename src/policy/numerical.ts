import { codeUnitCompare, directed, parseDirection, type CompiledOrdering } from './ordering.js';

/**
 * A decimal kept as digit strings, so that 14-digit timestamps and longer build numbers compare
 * exactly (a double loses integers beyond 2^53).
 */
export interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros; `'0'` for zero. */
  whole: string;
  /** Fraction digits without trailing zeros; may be empty. */
  fraction: string;
}

/**
 * Accepted: optional `-`, digits, optionally `.` and more digits (`42`, `007`, `1.5`, `-3`).
 * Refused, so they count as unrankable rather than failing the policy as in Flux: exponents
 * (`1e3` - short hex commit SHAs such as `2e10` would otherwise rank as huge numbers), hex,
 * `Infinity`, `NaN`, `.5`, `5.`, `+5`, empty strings and anything with spaces.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function parseDecimal(value: string): Decimal | undefined {
  const match = DECIMAL.exec(value);
  if (!match) return undefined;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const zero = whole === '0' && fraction === '';
  return { negative: match[1] === '-' && !zero, whole, fraction };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude = compareMagnitude(a, b);
  return a.negative ? -magnitude : magnitude;
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.whole.length !== b.whole.length) return a.whole.length < b.whole.length ? -1 : 1;
  // Without trailing zeros, fraction digit strings order lexically exactly as their values do.
  return codeUnitCompare(a.whole, b.whole) || codeUnitCompare(a.fraction, b.fraction);
}

export function compileNumerical(order: unknown): CompiledOrdering<Decimal> {
  const direction = parseDirection('numerical', order);
  if (typeof direction !== 'string') return { ordering: undefined, problems: [direction] };
  return {
    problems: [],
    ordering: {
      rank: parseDecimal,
      admits: () => true,
      compare: directed(direction, compareDecimal),
    },
  };
}
