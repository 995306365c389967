/** A byte count in the unit people read it in: 512 B, 3.4 MiB, 120 GiB (one decimal below 10). */
export function byteParts(n: number): { value: number; decimals: 0 | 1; unit: 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB' } {
  if (n < 1024) return { value: n, decimals: 0, unit: 'B' };
  const units = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return { value: v, decimals: v < 10 ? 1 : 0, unit: units[i] as 'KiB' };
}

/** A byte count as people read it: "512 B", "3.4 MiB", "120 GiB" (server messages and owner pages: English). */
export function formatBytes(n: number): string {
  const { value, decimals, unit } = byteParts(n);
  return `${unit === 'B' ? value : value.toFixed(decimals)} ${unit}`;
}
