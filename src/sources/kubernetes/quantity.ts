const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/**
 * A Kubernetes resource quantity (apimachinery's resource.Quantity): a
 * number with a binary suffix (`512Mi`), a decimal one (`500m`, `1G`) or an
 * exponent (`1e9`); undefined when it is none of those, as the API server
 * refuses it.
 */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number = '', exponent, suffix = ''] = match;
  if (exponent !== undefined) return Number(`${number}${exponent}`);
  return Number(number) * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}
