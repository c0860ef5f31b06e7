// One row of the bench table, and how it is printed: speed as gpg/Sealmail ("x faster"), RSS in MB, every target judged.
export interface Target {
  label: string;
  met: boolean;
}

export interface Row {
  name: string;
  sealmailMs: number;
  gpgMs: number;
  sealmailRssMb: number;
  gpgRssMb: number;
  targets: Target[];
}

export const speedup = (row: Row): number => row.gpgMs / row.sealmailMs;

const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const mb = (v: number): string => `${v.toFixed(1)} MB`;

export function printTable(rows: readonly Row[], notes: readonly string[]): void {
  const header = ['case', 'Sealmail time', 'gpg time', 'ratio (gpg/Sealmail)', 'Sealmail peak RSS', 'gpg peak RSS', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    ms(r.sealmailMs),
    ms(r.gpgMs),
    `${speedup(r).toFixed(2)}x faster`,
    mb(r.sealmailRssMb),
    mb(r.gpgRssMb),
    r.targets.length === 0 ? 'none (reference)' : r.targets.map((t) => t.label).join('; '),
    r.targets.length === 0 ? '-' : r.targets.every((t) => t.met) ? 'yes' : `MISSED: ${r.targets.filter((t) => !t.met).map((t) => t.label).join('; ')}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] as string).length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const line of body) console.log(format(line));
  for (const note of notes) console.log(`  ${note}`);
  const missed = rows.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.name}: ${t.label}`));
  console.log(missed.length === 0 ? '\nAll targets met.' : `\nMISSED ${missed.length} target(s):\n${missed.map((m) => `  MISSED ${m}`).join('\n')}`);
}
